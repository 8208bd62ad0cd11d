package io.emovox.model.emotion2vec;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.OnnxEnvironment;
import io.emovox.model.EmotionLabel;
import io.emovox.model.EmotionModel;
import io.emovox.model.ModelInfo;
import io.emovox.model.ModelOutput;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An imported emotion2vec+ model running on ONNX Runtime: one session, shared by all threads
 * (ORT sessions are thread-safe), warmed up at load. Clips of different lengths are batched exactly
 * through the graph's {@code lengths} input.
 *
 * <p>Owns its session: whoever loads the model closes it.
 */
public final class Emotion2VecModel implements EmotionModel {
    /** emotion2vec+ frames: 20 ms hop. */
    public static final double FRAME_RATE_HZ = 50.0;
    /** One frame needs a 25 ms receptive field. */
    public static final int MIN_SAMPLES = Emotion2VecOnnx.RECEPTIVE_FIELD;
    /**
     * Longest clip accepted per call by default: 600 s, the longest window an analysis may ask for
     * ({@code AnalysisOptions.MAX_WINDOW_SECONDS}). The analysis chooses the window (60 s by default,
     * so a clip up to a minute is processed whole, as upstream does); this only bounds it.
     */
    public static final int DEFAULT_MAX_WINDOW_SAMPLES = 600 * 16_000;

    /**
     * How to run the session.
     *
     * @param intraOpThreads   threads per inference (0 = all cores)
     * @param maxWindowSamples longest clip accepted per call
     */
    public record Options(int intraOpThreads, int maxWindowSamples) {
        public static final Options DEFAULT = new Options(0, DEFAULT_MAX_WINDOW_SAMPLES);

        public Options {
            if (intraOpThreads < 0) {
                throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + intraOpThreads + ".");
            }
            if (maxWindowSamples < MIN_SAMPLES) {
                throw new IllegalArgumentException("maxWindowSamples must be >= " + MIN_SAMPLES + ", got "
                        + maxWindowSamples + ".");
            }
        }
    }

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelInfo info;
    private final long loadMillis;
    /** Set once by {@link #load} before the model is handed out. */
    private long warmupMillis;

    private Emotion2VecModel(OrtEnvironment env, OrtSession session, ModelInfo info, long loadMillis) {
        this.env = env;
        this.session = session;
        this.info = info;
        this.loadMillis = loadMillis;
    }

    /**
     * Loads a converted graph ({@link Emotion2VecOnnx#MODEL_FILE}) and warms it up.
     *
     * @param masked per head row, whether the label is masked ({@code unuse_*})
     */
    public static Emotion2VecModel load(Path modelFile, String name, String version, int dim, boolean[] masked,
                                        Options options) {
        if (!Files.isRegularFile(modelFile)) {
            throw new EmovoxException(ErrorKind.MODEL_INVALID, "The model file " + modelFile
                    + " is missing. Re-import the model with 'emovox model import'.");
        }
        if (masked.length != EmotionLabel.COUNT) {
            throw new IllegalArgumentException("masked must have " + EmotionLabel.COUNT + " entries, got "
                    + masked.length + ".");
        }
        Set<EmotionLabel> supported = EnumSet.noneOf(EmotionLabel.class);
        for (int i = 0; i < masked.length; i++) {
            if (!masked[i]) {
                supported.add(EmotionLabel.ALL.get(i));
            }
        }
        ModelInfo info = new ModelInfo(name, version, "emotion2vec", dim, supported, FRAME_RATE_HZ, MIN_SAMPLES,
                options.maxWindowSamples());
        long t0 = System.nanoTime();
        OrtEnvironment env = OnnxEnvironment.get();
        OrtSession session;
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            int threads = options.intraOpThreads() > 0 ? options.intraOpThreads()
                    : Runtime.getRuntime().availableProcessors();
            so.setIntraOpNumThreads(threads);
            so.setInterOpNumThreads(1);
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            session = env.createSession(modelFile.toString(), so);
        } catch (OrtException e) {
            throw new EmovoxException(ErrorKind.MODEL_INVALID, "The model " + modelFile + " cannot be loaded by "
                    + "ONNX Runtime (" + e.getMessage() + "). Re-import the model with 'emovox model import'.", e);
        }
        long t1 = System.nanoTime();
        Emotion2VecModel model = new Emotion2VecModel(env, session, info, (t1 - t0) / 1_000_000);
        try {
            model.run(warmupClip(), true);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        model.warmupMillis = (System.nanoTime() - t1) / 1_000_000;
        return model;
    }

    private static float[] warmupClip() {
        float[] x = new float[16_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.1 * Math.sin(2 * Math.PI * 200 * i / 16_000.0));
        }
        return x;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    /** Session creation time at load, in milliseconds. */
    public long loadMillis() {
        return loadMillis;
    }

    /** Warm-up inference time at load, in milliseconds. */
    public long warmupMillis() {
        return warmupMillis;
    }

    @Override
    public ModelOutput run(float[] samples, boolean frames) {
        return runBatch(List.of(samples), frames).get(0);
    }

    /** Runs all clips in one padded batch; each result equals running the clip alone. */
    @Override
    public List<ModelOutput> runBatch(List<float[]> clips, boolean frames) {
        if (clips.isEmpty()) {
            return List.of();
        }
        int b = clips.size();
        int maxLen = 0;
        for (float[] c : clips) {
            if (c.length < MIN_SAMPLES) {
                throw new EmovoxException(ErrorKind.TOO_SHORT, "A clip of " + c.length + " samples is too short "
                        + "for emotion2vec: it needs at least " + MIN_SAMPLES + " samples (25 ms at 16 kHz).");
            }
            if (c.length > info.maxWindowSamples()) {
                throw new IllegalArgumentException("A clip of " + c.length + " samples is longer than the model's "
                        + "window of " + info.maxWindowSamples() + " samples; window long audio before calling run.");
            }
            maxLen = Math.max(maxLen, c.length);
        }
        FloatBuffer input = FloatBuffer.allocate(b * maxLen);
        long[] lengths = new long[b];
        for (int i = 0; i < b; i++) {
            float[] c = clips.get(i);
            input.position(i * maxLen);
            input.put(c);
            lengths[i] = c.length;
        }
        input.rewind();
        Set<String> wanted = frames
                ? Set.of(Emotion2VecOnnx.LOGITS, Emotion2VecOnnx.EMBEDDING, Emotion2VecOnnx.FRAME_LOGITS,
                        Emotion2VecOnnx.FRAME_FEATURES)
                : Set.of(Emotion2VecOnnx.LOGITS, Emotion2VecOnnx.EMBEDDING);
        try (OnnxTensor x = OnnxTensor.createTensor(env, input, new long[] {b, maxLen});
             OnnxTensor l = OnnxTensor.createTensor(env, LongBuffer.wrap(lengths), new long[] {b});
             OrtSession.Result r = session.run(Map.of(Emotion2VecOnnx.INPUT, x, Emotion2VecOnnx.LENGTHS, l), wanted)) {
            float[][] logits = (float[][]) r.get(Emotion2VecOnnx.LOGITS).get().getValue();
            float[][] emb = (float[][]) r.get(Emotion2VecOnnx.EMBEDDING).get().getValue();
            FloatBuffer frameLogits = null;
            FloatBuffer frameFeats = null;
            int t = 0;
            if (frames) {
                OnnxTensor fl = (OnnxTensor) r.get(Emotion2VecOnnx.FRAME_LOGITS).get();
                OnnxTensor ff = (OnnxTensor) r.get(Emotion2VecOnnx.FRAME_FEATURES).get();
                t = (int) ff.getInfo().getShape()[1];
                frameLogits = fl.getFloatBuffer();
                frameFeats = ff.getFloatBuffer();
            }
            int classes = logits[0].length;
            int d = emb[0].length;
            List<ModelOutput> out = new ArrayList<>(b);
            for (int i = 0; i < b; i++) {
                float[][] fLog = null;
                float[][] fEmb = null;
                if (frames) {
                    int n = frameCount(clips.get(i).length);
                    fLog = new float[n][classes];
                    fEmb = new float[n][d];
                    for (int f = 0; f < n; f++) {
                        frameLogits.get((i * t + f) * classes, fLog[f]);
                        frameFeats.get((i * t + f) * d, fEmb[f]);
                    }
                }
                out.add(new ModelOutput(logits[i], emb[i], fLog, fEmb));
            }
            return out;
        } catch (OrtException e) {
            throw new EmovoxException(ErrorKind.INFERENCE_FAILED, "emotion2vec inference failed on a batch of " + b
                    + " clip(s) up to " + maxLen + " samples: " + e.getMessage()
                    + ". Try shorter windows or a smaller batch.", e);
        }
    }

    /** Frames emotion2vec produces for n samples: floor((n - 400) / 320) + 1. */
    public static int frameCount(int samples) {
        return samples < MIN_SAMPLES ? 0 : (samples - MIN_SAMPLES) / Emotion2VecOnnx.HOP + 1;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("Closing the ONNX Runtime session failed: " + e.getMessage(), e);
        }
    }
}
