package io.emovox.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.analysis.AnalysisOptions;
import io.emovox.analysis.LiveAnalyzer;
import io.emovox.analysis.ResultRow;
import io.emovox.analysis.SegmentResult;
import io.emovox.audio.AudioFormat16k;
import io.emovox.audio.PcmStream;
import io.emovox.audio.vad.SileroVad;
import io.emovox.model.EmotionLabel;
import io.emovox.model.EmotionModel;
import io.emovox.model.store.ModelStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code emovox listen [SOURCE]}: emotions of live speech, a line per speech segment as soon as
 * the segment ends, from the microphone or from a live stream on standard input.
 */
@Command(name = "listen",
        description = {"Emotions of live speech: one line per speech segment, printed as soon as the segment ends.",
                "Reads the microphone, or a live stream on stdin ('-'): WAV, or raw 16-bit PCM with --raw. E.g.",
                "  arecord -f S16_LE -r 16000 -c 1 -t wav | ./emovox listen -",
                "A WAV file given as SOURCE is read as if it were live. Ctrl-C stops."},
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class ListenCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long Ctrl-C waits for the last segment to be scored. */
    private static final int STOP_GRACE_SECONDS = 10;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SOURCE",
            description = "'-' for a live stream on stdin, a WAV file, or nothing for the microphone.")
    String source;

    @Option(names = "--model", paramLabel = "NAME", description = "Model: builtin or an installed name (default: the default model, as for analyze; see 'emovox model list').")
    String model;

    @Option(names = "--raw", paramLabel = "RATE[:CHANNELS]",
            description = "The input is raw signed 16-bit little-endian PCM, not WAV (e.g. 16000 or 48000:2).")
    String raw;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|jsonl",
            description = "table (default): a line per segment; jsonl: a JSON object per segment.")
    String format;

    @Option(names = "--max-seconds", paramLabel = "S", description = "Stop after this much audio (the microphone runs until Ctrl-C otherwise).")
    Double maxSeconds;

    private final Function<String, EmotionModel> modelOpener;
    private final InputStream stdin;

    /** The command as the emovox CLI runs it: models from the model store, the stream from System.in. */
    public ListenCommand() {
        this(name -> ModelStore.atHome().open(name), System.in);
    }

    /** For tests and embedders. */
    ListenCommand(Function<String, EmotionModel> modelOpener, InputStream stdin) {
        this.modelOpener = modelOpener;
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException {
        if (!format.equals("table") && !format.equals("jsonl")) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "--format is table or jsonl, not '" + format + "'.");
        }
        if (maxSeconds != null && !(maxSeconds > 0)) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "--max-seconds must be positive, got " + maxSeconds + ".");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int[] count = {0};
        CountDownLatch done = new CountDownLatch(1);
        try (PcmStream pcm = open();
             EmotionModel m = modelOpener.apply(model);
             SileroVad vad = SileroVad.load();
             LiveAnalyzer live = new LiveAnalyzer(m, vad, AnalysisOptions.DEFAULT, r -> {
                 print(out, r);
                 count[0]++;
             })) {
            // Ctrl-C (or SIGTERM): end the input and give the loop time to score the segment
            // still open, which is usually the one the user is waiting for.
            Thread stop = new Thread(() -> {
                pcm.close();
                try {
                    done.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "emovox-listen-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            try {
                err.println("emovox: listening with " + m.info().name() + " " + m.info().version() + " ...");
                err.flush();
                long limit = maxSeconds == null ? Long.MAX_VALUE : AudioFormat16k.samples(maxSeconds);
                long fed = 0;
                for (float[] block; fed < limit && (block = pcm.read()) != null; ) {
                    int n = (int) Math.min(block.length, limit - fed);
                    live.accept(block, 0, n);
                    fed += n;
                }
                live.finish();
                err.printf(Locale.ROOT, "emovox: %d speech segments in %.1f s of audio.%n", count[0], live.seconds());
                err.flush();
            } finally {
                done.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(stop);
                } catch (IllegalStateException e) {
                    // the JVM is already shutting down: the hook is running and sees done
                }
            }
        }
        return ExitCodes.OK;
    }

    private PcmStream open() throws IOException {
        if (source == null) {
            return PcmStream.raw(microphone(), AudioFormat16k.SAMPLE_RATE, 1);
        }
        InputStream in;
        if (source.equals("-")) {
            in = stdin;
        } else {
            Path p = Path.of(source);
            if (!Files.isRegularFile(p)) {
                throw new EmovoxException(ErrorKind.IO_ERROR, source + " is not a readable file. Give '-' for stdin, a WAV "
                        + "file, or nothing for the microphone.");
            }
            in = Files.newInputStream(p);
        }
        if (raw == null) {
            return PcmStream.wav(in);
        }
        String[] parts = raw.split(":");
        try {
            return PcmStream.raw(in, Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 1);
        } catch (NumberFormatException e) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "--raw takes RATE or RATE:CHANNELS, e.g. 16000 or "
                    + "48000:2, not '" + raw + "'.");
        }
    }

    /** The default capture device at 16 kHz, 16-bit mono. */
    private static InputStream microphone() {
        AudioFormat fmt = new AudioFormat(AudioFormat16k.SAMPLE_RATE, 16, 1, true, false);
        try {
            TargetDataLine line = AudioSystem.getTargetDataLine(fmt);
            line.open(fmt);
            line.start();
            return new AudioInputStream(line);
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "No microphone is available to Java here (" + e.getMessage()
                    + "). Pipe live audio instead: arecord -f S16_LE -r 16000 -c 1 -t wav | ./emovox listen -");
        }
    }

    private void print(PrintWriter out, SegmentResult r) {
        EmotionLabel e = r.verdict().emotion();
        if (format.equals("jsonl")) {
            try {
                out.println(JSON.writeValueAsString(ResultRow.segmentLine(r)));
            } catch (IOException ex) {
                throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot write the result: " + ex.getMessage(), ex);
            }
        } else {
            out.printf(Locale.ROOT, "%s-%s  %s %-9s %5.1f%%%s%s%n", clock(r.startSeconds()), clock(r.endSeconds()),
                    e.emoji(), e.key(), 100 * r.verdict().confidence(), r.verdict().uncertain() ? "  uncertain" : "",
                    r.lowReliability() ? "  (short)" : "");
        }
        out.flush();
    }

    private static String clock(double seconds) {
        long tenths = Math.round(seconds * 10);
        return String.format(Locale.ROOT, "%d:%02d.%d", tenths / 600, (tenths / 10) % 60, tenths % 10);
    }
}
