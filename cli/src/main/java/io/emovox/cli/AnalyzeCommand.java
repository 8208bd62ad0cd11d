package io.emovox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.analysis.AnalysisChoices;
import io.emovox.files.IoErrors;
import io.emovox.analysis.AnalysisOptions;
import io.emovox.analysis.AnalysisResult;
import io.emovox.analysis.Analyzer;
import io.emovox.analysis.ResultWriter;
import io.emovox.speakers.Speakers;
import io.emovox.analysis.SpeechVerdict;
import io.emovox.model.EmotionLabel;
import io.emovox.model.EmotionModel;
import io.emovox.model.ModelInfo;
import io.emovox.model.store.ModelStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code emovox analyze PATH...}: the main job. Each input gets an output folder with
 * result.json, processed_audio.wav and (with --embedding) embedding.npy; the terminal shows the
 * emotion of each. Batches run in parallel, keep going past bad inputs (listed at the end, exit
 * code 1) and resume: an input whose folder carries a matching done-marker is skipped.
 */
@Command(name = "analyze",
        description = {"Analyse the emotion in speech: files, folders (recursively, audio files only) or - (stdin).",
                "Each input gets a folder with result.json, processed_audio.wav and, with --embedding, embedding.npy."},
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class AnalyzeCommand implements Callable<Integer> {
    /** Marks a finished output folder: the hash of the input and the settings that produced it. */
    static final String DONE_MARKER = ".emovox-done";
    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Audio files, folders, or - for standard input.")
    List<String> paths;

    @Option(names = "--model", paramLabel = "NAME",
            description = "Model to use. Default: the default model ('emovox model list' marks it; the built-in one until "
                    + "'emovox model default NAME' chooses another).")
    String model;

    @Option(names = "--granularity", paramLabel = "LEVEL", defaultValue = "utterance",
            description = "utterance (one result), frame (adds a frame timeline) or segments (each speech segment). Default: ${DEFAULT-VALUE}.")
    String granularity;

    @Option(names = "--embedding", description = "Also write embedding.npy: (1, D) utterance, (N, D) frame, (S, D) segments; float32.")
    boolean embedding;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Write each input's folder under DIR as DIR/<name>/ (re-running skips inputs already done)."
                    + " Default: outputs/<timestamp>_<name>/ per input.")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "What to print: table, json (result.json), jsonl (one summary line per input) or csv. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--speakers", paramLabel = "MODE", parameterConsumer = SpeakersConsumer.class,
            description = "channels: one speaker per channel (stereo calls); rttm FILE: speaker turns from a diarization;"
                    + " cluster[:N]: N voices (default 2) told apart by emovox, approximate.")
    List<String> speakers;

    @Option(names = "--jobs", paramLabel = "N", description = "Inputs analysed in parallel. Default: the number of cores.")
    Integer jobs;

    @Option(names = "--force", description = "Analyse again even inputs whose output folder is already complete.")
    boolean force;

    private final Function<String, EmotionModel> modelOpener;
    private final InputStream stdin;

    /** The command as the emovox CLI runs it: models from the model store, input from System.in. */
    public AnalyzeCommand() {
        this(name -> ModelStore.atHome().open(name), System.in);
    }

    /** For tests and embedders: models from {@code modelOpener} (given the --model name or null). */
    AnalyzeCommand(Function<String, EmotionModel> modelOpener, InputStream stdin) {
        this.modelOpener = modelOpener;
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws Exception {
        AnalysisOptions options = options();
        OutputFormat fmt = OutputFormat.parse(format);
        List<AnalyzeInputs.Input> inputs = AnalyzeInputs.expand(paths);
        List<String> names = AnalyzeInputs.folderNames(inputs);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int workers = Math.max(1, Math.min(inputs.size(),
                jobs != null ? jobs : Runtime.getRuntime().availableProcessors()));
        if (jobs != null && jobs < 1) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "--jobs must be at least 1, got " + jobs + ".");
        }
        try (EmotionModel m = modelOpener.apply(model);
             Analyzer analyzer = new Analyzer(m)) {
            ModelInfo info = m.info();
            boolean batch = inputs.size() > 1;
            BatchProgress progress = new BatchProgress(err, System.console() != null, inputs.size());
            List<Outcome> outcomes = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "emovox-analyze");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<Outcome>> futures = new ArrayList<>();
                LocalDateTime started = LocalDateTime.now();
                for (int i = 0; i < inputs.size(); i++) {
                    AnalyzeInputs.Input in = inputs.get(i);
                    Path folder = folderFor(in, names.get(i), started);
                    futures.add(pool.submit(() -> analyzeOne(analyzer, info, in, folder, options, progress)));
                }
                ResultPrinter printer = new ResultPrinter(out, fmt, info, batch);
                printer.start();
                for (Future<Outcome> f : futures) {
                    Outcome o = get(f);
                    outcomes.add(o);
                    printer.print(o);
                }
                printer.end();
            } finally {
                pool.shutdownNow();
            }
            return finish(outcomes, batch, err);
        }
    }

    private int finish(List<Outcome> outcomes, boolean batch, PrintWriter err) {
        List<Outcome> failed = outcomes.stream().filter(o -> o.error() != null).toList();
        if (!batch && !failed.isEmpty()) {
            throw failed.get(0).error();
        }
        long ok = outcomes.stream().filter(o -> o.error() == null && !o.skipped()).count();
        long skipped = outcomes.stream().filter(Outcome::skipped).count();
        if (batch) {
            err.printf(Locale.ROOT, "emovox: %d analysed, %d skipped (already done), %d failed.%n", ok, skipped, failed.size());
        }
        if (!failed.isEmpty()) {
            err.println("emovox: these inputs failed:");
            for (Outcome o : failed) {
                err.println("  " + o.input().display() + ": " + o.error().getMessage());
            }
            err.flush();
            return ExitCodes.PARTIAL_FAILURE;
        }
        err.flush();
        return ExitCodes.OK;
    }

    private static Outcome get(Future<Outcome> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** Analyses one input; user errors become a failed outcome, bugs propagate. */
    private Outcome analyzeOne(Analyzer analyzer, ModelInfo info, AnalyzeInputs.Input in, Path folder,
                               AnalysisOptions options, BatchProgress progress) {
        try {
            // A missing file has no marker: the decoder reports it (not found), as for any input.
            String marker = in.isStdin() || !Files.isRegularFile(in.file()) ? null : marker(in.file(), info, options);
            if (!force && marker != null && isDone(folder, marker)) {
                progress.finished(in.display(), "skipped (already done)");
                return new Outcome(in, folder, ResultSummary.read(folder), true, null);
            }
            try (AnalysisResult r = in.isStdin()
                    ? analyzer.analyze(stdin, "stdin", options, (s, f) -> progress.stage(in.display(), s, f))
                    : analyzer.analyze(in.file(), options, (s, f) -> progress.stage(in.display(), s, f))) {
                ResultWriter.write(r, folder);
            }
            if (marker != null) {
                writeMarker(folder, marker);
            }
            progress.finished(in.display(), "ok");
            return new Outcome(in, folder, ResultSummary.read(folder), false, null);
        } catch (EmovoxException e) {
            progress.finished(in.display(), "failed");
            return new Outcome(in, folder, null, false, e);
        } catch (IOException e) {
            progress.finished(in.display(), "failed");
            return new Outcome(in, folder, null, false, new EmovoxException(ErrorKind.IO_ERROR,
                    in.display() + " could not be read (" + e.getMessage() + "). Check that it is readable.", e));
        }
    }

    /** The done-marker; a folder whose marker could not be written is simply analysed again next time. */
    private static void writeMarker(Path folder, String marker) {
        try {
            Files.writeString(folder.resolve(DONE_MARKER), marker + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw IoErrors.writeFailed("The done-marker of " + folder, folder, e, "choose another --output folder");
        }
    }

    private Path folderFor(AnalyzeInputs.Input in, String name, LocalDateTime started) {
        if (output != null) {
            return output.resolve(name);
        }
        return Path.of("outputs", started.format(FOLDER_TIME) + "_" + name);
    }

    private static boolean isDone(Path folder, String marker) {
        Path f = folder.resolve(DONE_MARKER);
        try {
            return Files.isRegularFile(f) && Files.readString(f, StandardCharsets.UTF_8).strip().equals(marker)
                    && Files.isRegularFile(folder.resolve(ResultWriter.RESULT_JSON));
        } catch (IOException e) {
            return false;
        }
    }

    /** sha256 of what makes a result: the input (absolute path, size, mtime), the model and the options. */
    static String marker(Path file, ModelInfo info, AnalysisOptions options) throws IOException {
        String key = String.join("\n", "emovox-analyze-v1", file.toAbsolutePath().normalize().toString(),
                Long.toString(Files.size(file)), Files.getLastModifiedTime(file).toString(),
                info.name(), info.version(), options.fingerprint());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime.", e);
        }
    }

    private AnalysisOptions options() {
        String mode = speakers == null || speakers.isEmpty() ? null : speakers.get(0);
        Supplier<Speakers.Rttm> turns = speakers != null && speakers.size() == 2 ? () -> rttmFile(speakers.get(1)) : null;
        return AnalysisChoices.parse(granularity, mode, turns, embedding).options();
    }

    private static Speakers.Rttm rttmFile(String path) {
        Path rttm = Path.of(path);
        if (!Files.isRegularFile(rttm)) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "The RTTM file " + rttm
                    + " does not exist; give the diarization file after --speakers rttm.");
        }
        return Speakers.rttm(rttm);
    }

    /** Takes one value after --speakers, two when it is {@code rttm}, so PATHs may follow directly. */
    static final class SpeakersConsumer implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(java.util.Stack<String> args, CommandLine.Model.ArgSpec argSpec,
                                      CommandLine.Model.CommandSpec commandSpec) {
            if (args.isEmpty()) {
                throw new CommandLine.ParameterException(commandSpec.commandLine(),
                        "--speakers needs 'channels', 'rttm FILE' or 'cluster[:N]'.");
            }
            List<String> value = new ArrayList<>(List.of(args.pop()));
            if (value.get(0).equalsIgnoreCase("rttm")) {
                if (args.isEmpty()) {
                    throw new CommandLine.ParameterException(commandSpec.commandLine(),
                            "--speakers rttm needs the RTTM file after it.");
                }
                value.add(args.pop());
            }
            argSpec.setValue(value);
        }
    }

    /** One input's outcome: a summary of its result.json, or the error that stopped it. */
    record Outcome(AnalyzeInputs.Input input, Path folder, ObjectNode summary, boolean skipped, EmovoxException error) {}

    enum OutputFormat {
        TABLE, JSON, JSONL, CSV;

        static OutputFormat parse(String s) {
            for (OutputFormat f : values()) {
                if (f.name().equalsIgnoreCase(s)) {
                    return f;
                }
            }
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Unknown --format '" + s
                    + "'; expected table, json, jsonl or csv.");
        }
    }

    /** Prints outcomes in input order in the chosen format. */
    static final class ResultPrinter {
        private final PrintWriter out;
        private final OutputFormat format;
        private final ModelInfo info;
        private final boolean batch;
        private boolean first = true;

        ResultPrinter(PrintWriter out, OutputFormat format, ModelInfo info, boolean batch) {
            this.out = out;
            this.format = format;
            this.info = info;
            this.batch = batch;
        }

        void start() {
            switch (format) {
                case TABLE -> out.printf("model: %s %s (%s)%n", info.name(), info.version(), info.family());
                case JSON -> {
                    if (batch) {
                        out.println("[");
                    }
                }
                case CSV -> {
                    StringBuilder h = new StringBuilder("input,output,status,verdict,verdict_reason,emotion,confidence,uncertain");
                    for (EmotionLabel l : EmotionLabel.ALL) {
                        h.append(',').append(l.key());
                    }
                    out.println(h.append(",model,warnings,error"));
                }
                default -> { }
            }
            out.flush();
        }

        void print(Outcome o) throws IOException {
            switch (format) {
                case TABLE -> table(o);
                case JSON -> {
                    if (batch && !first) {
                        out.println(",");
                    }
                    first = false;
                    if (o.error() != null) {
                        out.print(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(failure(o)));
                    } else {
                        // Streamed: a frame timeline can make result.json tens of megabytes.
                        try (var in = Files.newBufferedReader(o.folder().resolve(ResultWriter.RESULT_JSON), StandardCharsets.UTF_8)) {
                            in.transferTo(out);
                        }
                    }
                    out.println();
                }
                case JSONL -> out.println(JSON.writeValueAsString(line(o)));
                case CSV -> out.println(csv(o));
            }
            out.flush();
        }

        void end() {
            if (format == OutputFormat.JSON && batch) {
                out.println("]");
            }
            out.flush();
        }

        private void table(Outcome o) {
            if (o.error() != null) {
                out.printf("%s  failed: %s%n", o.input().display(), o.error().getMessage());
                return;
            }
            JsonNode r = o.summary();
            out.printf("%s  %s%s%n", o.input().display(), speechVerdict(r).describe(verdict(r)),
                    o.skipped() ? "  (already done)" : "");
            out.printf("  top-3: %s%n", top3(r.get("scores")));
            for (JsonNode w : r.get("warnings")) {
                out.printf("  ⚠ %s: %s%n", w.get("code").asText(), w.get("message").asText());
            }
            for (JsonNode s : r.get("speakers")) {
                int n = s.get("segments").asInt();
                out.printf(Locale.ROOT, "  speaker %-12s %s  (%.1f s of speech, %d segment%s)%n", s.get("speaker").asText(),
                        verdict(s), s.get("speech_seconds").asDouble(), n, n == 1 ? "" : "s");
            }
            if (!batch) {
                for (JsonNode s : r.get("segments")) {
                    out.printf(Locale.ROOT, "  %8.2f–%-8.2f %-12s %s%s%n", s.get("start").asDouble(), s.get("end").asDouble(),
                            s.get("speaker").isNull() ? "" : s.get("speaker").asText(), verdict(s),
                            s.get("low_reliability").asBoolean() ? "  (short: low reliability)" : "");
                }
                JsonNode frames = r.get("frames");
                if (frames != null && !frames.isNull()) {
                    out.printf(Locale.ROOT, "  frames: %d at %.2f Hz (raw and smoothed) in result.json%n",
                            frames.get("count").asInt(), frames.get("rate_hz").asDouble());
                }
                JsonNode emb = r.get("embedding");
                if (emb != null && !emb.isNull()) {
                    out.printf("  embedding: %s shape (%d, %d) float32%n", emb.get("file").asText(),
                            emb.get("shape").get(0).asInt(), emb.get("shape").get(1).asInt());
                }
            }
            out.printf("  → %s%n", o.folder());
        }

        static String verdict(JsonNode r) {
            EmotionLabel label = EmotionLabel.fromKey(r.get("emotion").asText());
            return String.format(Locale.ROOT, "%s %s %.1f%%%s", label.emoji(), label.key(),
                    100 * r.get("confidence").asDouble(), r.get("uncertain").asBoolean() ? " (uncertain)" : "");
        }

        /**
         * The core's rule on the result's warning codes, so folders written before result.json
         * carried {@code verdict} print the same way.
         */
        static SpeechVerdict speechVerdict(JsonNode r) {
            List<String> codes = new ArrayList<>();
            r.get("warnings").forEach(w -> codes.add(w.get("code").asText()));
            return SpeechVerdict.of(codes);
        }

        static String top3(JsonNode scores) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = scores.fields(); it.hasNext(); ) {
                entries.add(it.next());
            }
            entries.sort((a, b) -> Double.compare(b.getValue().asDouble(), a.getValue().asDouble()));
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : entries.subList(0, Math.min(3, entries.size()))) {
                parts.add(String.format(Locale.ROOT, "%s %s %.1f%%", EmotionLabel.fromKey(e.getKey()).emoji(),
                        e.getKey(), 100 * e.getValue().asDouble()));
            }
            return String.join(" · ", parts);
        }

        /**
         * A failed input in {@code --format json}: {@code status}, the {@code input} as result.json
         * names it, and the {@code error} as the server's API reports errors.
         */
        private static ObjectNode failure(Outcome o) {
            ObjectNode n = JSON.createObjectNode();
            n.put("status", "failed");
            n.putObject("input").put("file", o.input().display());
            ObjectNode e = n.putObject("error");
            e.put("code", o.error().kind().code());
            e.put("message", o.error().getMessage());
            return n;
        }

        private ObjectNode line(Outcome o) {
            ObjectNode n = JSON.createObjectNode();
            n.put("input", o.input().display());
            n.put("output", o.folder().toString());
            n.put("status", o.error() != null ? "failed" : o.skipped() ? "skipped" : "ok");
            if (o.error() != null) {
                n.put("error", o.error().getMessage());
                return n;
            }
            JsonNode r = o.summary();
            SpeechVerdict speech = speechVerdict(r);
            n.put("verdict", speech.key());
            n.put("verdict_reason", speech.reason());
            for (String k : List.of("emotion", "confidence", "scores", "uncertain", "low_reliability", "granularity",
                    "duration", "model", "warnings", "speakers")) {
                n.set(k, r.get(k));
            }
            return n;
        }

        private String csv(Outcome o) {
            List<String> cells = new ArrayList<>(List.of(o.input().display(), o.folder().toString(),
                    o.error() != null ? "failed" : o.skipped() ? "skipped" : "ok"));
            if (o.error() != null) {
                cells.addAll(List.of("", "", "", "", ""));
                EmotionLabel.ALL.forEach(l -> cells.add(""));
                cells.addAll(List.of(info.name(), "", o.error().getMessage()));
            } else {
                JsonNode r = o.summary();
                SpeechVerdict speech = speechVerdict(r);
                cells.add(speech.key());
                cells.add(speech.speech() ? "" : speech.reason());
                cells.add(r.get("emotion").asText());
                cells.add(r.get("confidence").asText());
                cells.add(r.get("uncertain").asText());
                for (EmotionLabel l : EmotionLabel.ALL) {
                    cells.add(r.get("scores").get(l.key()).asText());
                }
                cells.add(r.get("model").get("name").asText());
                List<String> codes = new ArrayList<>();
                r.get("warnings").forEach(w -> codes.add(w.get("code").asText()));
                cells.add(String.join(";", codes));
                cells.add("");
            }
            return String.join(",", cells.stream().map(ResultPrinter::csvCell).toList());
        }

        private static String csvCell(String s) {
            return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
        }
    }
}
