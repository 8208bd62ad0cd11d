package io.emovox.cli;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.analysis.AnalysisChoices;
import io.emovox.analysis.AnalysisOptions;
import io.emovox.analysis.Analyzer;
import io.emovox.speakers.Speakers;
import io.emovox.transcript.TextCheck;
import io.emovox.transcript.TextRules;
import io.emovox.transcript.Transcript;
import io.emovox.model.EmotionModel;
import io.emovox.model.store.ModelStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code emovox analyze PATH...}: the main job. Each input gets an output folder with
 * result.json, processed_audio.wav and (with --embedding) embedding.npy; the terminal shows the
 * emotion of each. The parts: the options (here, parsed by the core's {@link AnalysisChoices}),
 * the inputs and their folder names ({@link AnalyzeInputs}), the workers ({@link BatchRunner}:
 * batches run in parallel and keep going past bad inputs, listed at the end with exit code 1),
 * resuming ({@link DoneMarkers}: an input whose folder is done is skipped) and the output
 * ({@link ResultPrinter}).
 */
@Command(name = "analyze",
        description = {"Analyse the emotion in speech: files, folders (recursively, audio files only) or - (stdin).",
                "Each input gets a folder with result.json, processed_audio.wav and, with --embedding, embedding.npy."},
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class AnalyzeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Audio files, folders, or - for standard input.")
    List<String> paths;

    @Option(names = "--model", paramLabel = "NAME",
            description = "Model to use. Default: the default model ('emovox model list' marks it; the built-in one "
                    + "until "
                    + "'emovox model default NAME' chooses another).")
    String model;

    @Option(names = "--granularity", paramLabel = "LEVEL", defaultValue = "utterance",
            description = "utterance (one result), frame (adds a frame timeline) or segments (each speech segment). "
                    + "Default: ${DEFAULT-VALUE}.")
    String granularity;

    @Option(names = "--max-window-seconds", paramLabel = "S",
            description = "Longest stretch emotion2vec processes in one pass, 5 to 600; longer audio is cut into "
                    + "overlapping windows. Default: 60 (clips up to a minute are scored whole, as upstream does; "
                    + "longer windows need more memory, see docs/benchmarks.md).")
    String maxWindowSeconds;

    @Option(names = "--embedding",
            description = "Also write embedding.npy: (1, D) utterance, (N, D) frame, (S, D) segments; float32.")
    boolean embedding;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Write each input's folder under DIR as DIR/<name>/ (re-running skips inputs already done)."
                    + " Default: outputs/<timestamp>_<name>/ per input.")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "What to print: table, json (result.json), jsonl (one summary line per input) or csv. "
                    + "Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--speakers", paramLabel = "MODE", parameterConsumer = SpeakersConsumer.class,
            description = "channels: one speaker per channel (stereo calls); rttm FILE: speaker turns from a "
                    + "diarization;"
                    + " cluster[:N]: N voices (default 2) told apart by emovox, approximate.")
    List<String> speakers;

    @Option(names = "--transcript", paramLabel = "FILE",
            description = "The input's transcript (SRT, WebVTT, Whisper or FunASR JSON; one input only): each segment "
                    + "gets its text, and a confident voice that contradicts the words is flagged (text_conflict).")
    Path transcript;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "With --transcript: the text rules (lines 'emotion: phrase, phrase'); FILE replaces the "
                    + "default Chinese and English rules, +FILE adds to them.")
    String rules;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Inputs analysed in parallel. Default: the number of cores.")
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
        List<Path> folders = AnalyzeInputs.folders(inputs, output, LocalDateTime.now());
        TextCheck text = textCheck(inputs);
        if (jobs != null && jobs < 1) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "--jobs must be at least 1, got " + jobs + ".");
        }
        int workers = Math.max(1, Math.min(inputs.size(),
                jobs != null ? jobs : Runtime.getRuntime().availableProcessors()));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (EmotionModel m = modelOpener.apply(model);
             Analyzer analyzer = new Analyzer(m)) {
            boolean batch = inputs.size() > 1;
            BatchProgress progress = new BatchProgress(err, System.console() != null, inputs.size());
            ResultPrinter printer = new ResultPrinter(out, fmt, m.info(), batch);
            printer.start();
            List<Outcome> outcomes = new BatchRunner(analyzer, options, force, stdin, progress, text)
                    .run(inputs, folders, workers, o -> {
                        try {
                            printer.print(o);
                        } catch (IOException e) {
                            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot print the results: "
                                    + e.getMessage(), e);
                        }
                    });
            printer.end();
            return finish(outcomes, batch, err);
        }
    }

    /** The transcript check the options ask for, read and checked before any model loads; null without one. */
    private TextCheck textCheck(List<AnalyzeInputs.Input> inputs) {
        if (transcript == null) {
            if (rules != null) {
                throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "--rules needs --transcript: the rules judge "
                        + "a transcript's words.");
            }
            return null;
        }
        if (inputs.size() != 1) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "--transcript belongs to one recording, but "
                    + inputs.size() + " inputs were given; analyse the recording it transcribes on its own.");
        }
        return new TextCheck(Transcript.read(transcript), TextRules.fromOption(rules));
    }

    private int finish(List<Outcome> outcomes, boolean batch, PrintWriter err) {
        List<Outcome> failed = outcomes.stream().filter(Outcome::failed).toList();
        if (!batch && !failed.isEmpty()) {
            throw failed.get(0).error();
        }
        long ok = outcomes.stream().filter(o -> !o.failed() && !o.skipped()).count();
        long skipped = outcomes.stream().filter(Outcome::skipped).count();
        if (batch) {
            err.printf(Locale.ROOT, "emovox: %d analysed, %d skipped (already done), %d failed.%n", ok, skipped,
                    failed.size());
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

    private AnalysisOptions options() {
        String mode = speakers == null || speakers.isEmpty() ? null : speakers.get(0);
        Supplier<Speakers.Rttm> turns = speakers != null && speakers.size() == 2 ? () -> rttmFile(speakers.get(1))
                : null;
        return AnalysisChoices.parse(granularity, mode, turns, embedding, maxWindowSeconds).options();
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
}
