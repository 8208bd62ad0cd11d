package io.emovox.audio.vad;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.OnnxEnvironment;
import io.emovox.audio.AudioSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Voice activity detection with the Silero VAD model (MIT licence; the model and its licence ship
 * as resources of this package). The model scores 32 ms windows (512 samples at 16 kHz) with a
 * speech probability, carrying a recurrent state from window to window; {@link VadOptions} turn
 * the probabilities into speech segments.
 *
 * <p>Thread-safety: one {@code SileroVad} owns one ONNX Runtime session, which any number of
 * threads may use at once; the per-stream state lives in each call or {@link VadSegmenter}, which
 * must not be shared. The owner closes it; segmenters made from it must be closed first.
 *
 * <pre>{@code
 * try (SileroVad vad = SileroVad.load()) {
 *     List<SpeechSegment> segments = vad.detect(samples16k, VadOptions.DEFAULT);
 * }
 * }</pre>
 */
public final class SileroVad implements AutoCloseable {
    /** Classpath resource of the model, next to its LICENSE. */
    public static final String MODEL_RESOURCE = "/io/emovox/audio/vad/silero_vad.onnx";
    /** Samples per scored window at 16 kHz. */
    public static final int WINDOW_SAMPLES = SileroRunner.WINDOW;
    /** Duration of one scored window: 32 ms. */
    public static final double WINDOW_SECONDS = WINDOW_SAMPLES / 16_000.0;

    /** Most clips {@link #analyzeAll} runs in one model call. */
    public static final int MAX_BATCH = 16;

    private static final int BLOCK = 16 * 1024;

    private final OrtEnvironment env;
    private final OrtSession session;
    private volatile boolean closed;

    private SileroVad(OrtEnvironment env, OrtSession session) {
        this.env = env;
        this.session = session;
    }

    /** Loads the bundled model into a new session that runs on one thread. */
    public static SileroVad load() {
        byte[] model;
        try (InputStream in = SileroVad.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new EmovoxException(ErrorKind.MODEL_NOT_FOUND, "The voice activity model "
                        + MODEL_RESOURCE + " is missing from the classpath; rebuild emovox-core.");
            }
            model = in.readAllBytes();
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.MODEL_INVALID,
                    "Could not read the voice activity model " + MODEL_RESOURCE + ": " + e.getMessage(), e);
        }
        OrtEnvironment env = OnnxEnvironment.get();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // The model is tiny: two intra-op threads took more wall time and ~2x the CPU per
            // window than one (measured on the 2-core build machine). Parallelism comes from
            // running several streams at once instead.
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return new SileroVad(env, env.createSession(model, options));
        } catch (OrtException e) {
            throw new EmovoxException(ErrorKind.MODEL_INVALID,
                    "Could not load the voice activity model: " + e.getMessage(), e);
        }
    }

    /**
     * Speech probability of each 32 ms window of a whole clip, in order; the last window is
     * zero-padded. Empty input gives an empty array.
     */
    public float[] speechProbabilities(float[] samples16k) {
        Objects.requireNonNull(samples16k, "samples16k");
        int n = (samples16k.length + WINDOW_SAMPLES - 1) / WINDOW_SAMPLES;
        float[] probabilities = new float[n];
        float[] window = new float[WINDOW_SAMPLES];
        float[] p = new float[1];
        try (SileroRunner runner = newRunner(1)) {
            for (int i = 0; i < n; i++) {
                int from = i * WINDOW_SAMPLES;
                int len = Math.min(WINDOW_SAMPLES, samples16k.length - from);
                System.arraycopy(samples16k, from, window, 0, len);
                if (len < WINDOW_SAMPLES) {
                    java.util.Arrays.fill(window, len, WINDOW_SAMPLES, 0f);
                }
                runner.run(window, p);
                probabilities[i] = p[0];
            }
        }
        return probabilities;
    }

    /** Speech segments of a whole clip. */
    public List<SpeechSegment> detect(float[] samples16k, VadOptions options) {
        return analyze(samples16k, options).segments();
    }

    /** Speech segments of a whole clip and its summary, in one pass. */
    public VadResult analyze(float[] samples16k, VadOptions options) {
        Objects.requireNonNull(samples16k, "samples16k");
        List<SpeechSegment> segments = new ArrayList<>();
        try (VadSegmenter segmenter = segmenter(options, segments::add)) {
            segmenter.accept(samples16k, 0, samples16k.length);
            return new VadResult(segments, segmenter.finish());
        }
    }

    /**
     * Speech segments and summaries of many clips, in input order, run as parallel streams
     * through batched model calls (up to {@value #MAX_BATCH} clips per call, longest first), which
     * costs less per window than one clip at a time. Each result equals that of
     * {@link #analyze} for the same clip, up to float rounding in the batched model.
     */
    public List<VadResult> analyzeAll(List<float[]> clips, VadOptions options) {
        Objects.requireNonNull(options, "options");
        int count = clips.size();
        VadResult[] results = new VadResult[count];
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(clips.get(b).length, clips.get(a).length));
        int batch = Math.max(1, Math.min(MAX_BATCH, count));
        int[] clipOf = new int[batch];
        int[] position = new int[batch];
        SegmentTracker[] trackers = new SegmentTracker[batch];
        List<List<SpeechSegment>> found = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            clipOf[b] = -1;
            found.add(new ArrayList<>());
        }
        float[] windows = new float[batch * WINDOW_SAMPLES];
        float[] p = new float[batch];
        int next = 0;
        try (SileroRunner runner = newRunner(batch)) {
            while (true) {
                int active = 0;
                for (int b = 0; b < batch; b++) {
                    while (clipOf[b] < 0 && next < count) {
                        int clip = order[next++];
                        if (clips.get(clip).length == 0) {
                            results[clip] = analyze(clips.get(clip), options);
                            continue;
                        }
                        clipOf[b] = clip;
                        position[b] = 0;
                        found.get(b).clear();
                        trackers[b] = new SegmentTracker(options, found.get(b)::add);
                        runner.reset(b);
                    }
                    int from = b * WINDOW_SAMPLES;
                    int len = 0;
                    if (clipOf[b] >= 0) {
                        active++;
                        float[] x = clips.get(clipOf[b]);
                        len = Math.min(WINDOW_SAMPLES, x.length - position[b]);
                        System.arraycopy(x, position[b], windows, from, len);
                    }
                    java.util.Arrays.fill(windows, from + len, from + WINDOW_SAMPLES, 0f);
                }
                if (active == 0) {
                    break;
                }
                runner.run(windows, p);
                for (int b = 0; b < batch; b++) {
                    if (clipOf[b] < 0) {
                        continue;
                    }
                    int length = clips.get(clipOf[b]).length;
                    int valid = Math.min(WINDOW_SAMPLES, length - position[b]);
                    trackers[b].accept(p[b], valid);
                    position[b] += valid;
                    if (position[b] == length) {
                        VadSummary summary = trackers[b].finish(length);
                        results[clipOf[b]] = new VadResult(found.get(b), summary);
                        clipOf[b] = -1;
                    }
                }
            }
        }
        return List.of(results);
    }

    /**
     * Streams a source through voice activity detection in bounded memory, handing each segment to
     * {@code onSegment} as soon as it is settled. The caller still owns (and closes) the source.
     *
     * @return the summary of the whole input
     * @throws EmovoxException when the source cannot be read
     */
    public VadSummary detect(AudioSource source, VadOptions options, Consumer<SpeechSegment> onSegment) {
        Objects.requireNonNull(source, "source");
        float[] block = new float[BLOCK];
        try (VadSegmenter segmenter = segmenter(options, onSegment)) {
            int n;
            while ((n = source.read(block, 0, block.length)) >= 0) {
                segmenter.accept(block, 0, n);
            }
            return segmenter.finish();
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Could not read the audio of "
                    + source.info().name() + ": " + e.getMessage(), e);
        }
    }

    /** A segmenter for one stream fed block by block; the caller closes it. */
    public VadSegmenter segmenter(VadOptions options, Consumer<SpeechSegment> onSegment) {
        return new VadSegmenter(newRunner(1), options, onSegment);
    }

    SileroRunner newRunner(int batch) {
        if (closed) {
            throw new IllegalStateException("This voice activity detector is closed.");
        }
        return new SileroRunner(env, session, batch);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                session.close();
            } catch (OrtException e) {
                throw new EmovoxException(ErrorKind.INFERENCE_FAILED,
                        "Could not close the voice activity model: " + e.getMessage(), e);
            }
        }
    }
}
