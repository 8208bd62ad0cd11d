package io.emovox.analysis;

import io.emovox.audio.AudioFormat16k;
import io.emovox.model.EmotionModel;
import io.emovox.model.ModelInfo;
import io.emovox.model.ModelOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The one way a stretch of audio is scored with a model: {@code analyze} (the whole input, each
 * segment, each speaker turn), {@code evaluate} (each manifest clip), {@code listen} (each live
 * segment), the server and Spark (through the analyzer) all come here, so the same clip gets the
 * same numbers whichever command scores it.
 *
 * <p>Utterance of a stretch: one model call when it fits in one window (then the numbers are the
 * model's own); longer stretches are cut by {@link WindowPlan} (overlapping windows, each sample
 * owned by the window whose centre is nearest) and the window logits (and embeddings) are averaged
 * weighted by the samples each window owns ({@link WeightedMean}). Stretches shorter than the
 * model's minimum are zero-padded to it.
 *
 * <p>Frames: native frames (emotion2vec: 50 Hz, frame i covers samples [320 i, 320 i + 400)) are
 * stitched from the window that owns their centre; models without native frames get a timeline
 * of sliding clips, each scored as an utterance.
 *
 * <pre>{@code
 * ClipScorer scorer = new ClipScorer(model, AnalysisOptions.DEFAULT);
 * float[] logits = scorer.score(audio.samples()).logits();
 * }</pre>
 * Holds one window in memory at a time; thread-safe when the model is (every model is).
 *
 * <p>Progress: after each model call the samples it was given go to the work counter, and
 * {@link #utteranceWork} / {@link #slidingWork} say beforehand how many a call will give, so the
 * analyzer can report scoring as a fraction of the planned work.
 */
public final class ClipScorer {
    /** Clips scored per model call when building a sliding-clip timeline. */
    private static final int CLIP_BATCH = 16;

    private final EmotionModel model;
    private final ModelInfo info;
    private final int window;
    private final int overlap;
    private final int frameHop;
    private final int frameField;
    private final LongConsumer work;

    /** A scorer for {@code model} with the windows of {@code options} (window and overlap). */
    public ClipScorer(EmotionModel model, AnalysisOptions options) {
        this(model, options, samples -> { });
    }

    /** A scorer that reports the samples of each model call to {@code work}. */
    ClipScorer(EmotionModel model, AnalysisOptions options, LongConsumer work) {
        this.model = model;
        this.work = work;
        this.info = model.info();
        this.window = windowSamples(info.maxWindowSamples(), options);
        this.overlap = (int) AudioFormat16k.samples(options.overlapSeconds());
        this.frameHop = frameHop(info.frameRateHz());
        this.frameField = frameHop * 5 / 4;
    }

    /**
     * How a clip of {@code length} samples is cut into windows for a model that takes at most
     * {@code maxWindowSamples} per call and has frames at {@code frameRateHz} (0: none): the plan
     * {@link #score} follows. For callers that score windows themselves (the built-in model's
     * folds score cached features per window, then {@link WeightedMean} them by
     * {@link WindowPlan#weight}).
     */
    public static WindowPlan plan(long length, int maxWindowSamples, double frameRateHz, AnalysisOptions options) {
        int align = Math.max(1, frameHop(frameRateHz));
        return WindowPlan.of(Math.max(1, length), windowSamples(maxWindowSamples, options),
                (int) AudioFormat16k.samples(options.overlapSeconds()), align);
    }

    private static int windowSamples(int maxWindowSamples, AnalysisOptions options) {
        return (int) Math.min(AudioFormat16k.samples(options.maxWindowSeconds()), maxWindowSamples);
    }

    private static int frameHop(double frameRateHz) {
        return frameRateHz > 0 ? (int) Math.round(AudioFormat16k.SAMPLE_RATE / frameRateHz) : 0;
    }

    boolean nativeFrames() {
        return frameHop > 0;
    }

    int frameHop() {
        return frameHop;
    }

    int frameField() {
        return frameField;
    }

    /**
     * Logits and embedding of one scored stretch.
     *
     * @param logits    indexed by {@link io.emovox.model.EmotionLabel#ordinal()}
     * @param embedding D floats, or null when the model has none
     */
    public record Scored(float[] logits, float[] embedding) {}

    /** Scores a clip held in memory (a manifest clip, a live segment) as one utterance. */
    public Scored score(float[] samples) {
        return score((from, out, off, len) -> System.arraycopy(samples, (int) from, out, off, len), 0, samples.length,
                null, null);
    }

    /** Scores samples [from, to) of {@code audio} as one utterance,
            as {@link #score(float[])} scores them in memory. */
    Scored score(FloatFile audio, long from, long to) {
        return score(audio::read, from, to, null, null);
    }

    /** Where a stretch's samples come from. */
    private interface Samples {
        void read(long from, float[] out, int off, int len);
    }

    /**
     * Scores [from, to) as one utterance and appends its native frames (logits, and embeddings when
     * {@code frameEmbeddings} is not null) to the given files, in time order.
     */
    Scored withNativeFrames(FloatFile audio, long from, long to, FloatFile frameLogits,
                            FloatFile frameEmbeddings) {
        if (!nativeFrames()) {
            throw new IllegalStateException("Model " + info.name() + " has no native frames.");
        }
        return score(audio::read, from, to, frameLogits, frameEmbeddings);
    }

    private Scored score(Samples audio, long from, long to, FloatFile frameLogits, FloatFile frameEmbeddings) {
        boolean frames = frameLogits != null;
        WindowPlan plan = WindowPlan.of(Math.max(1, to - from), window, overlap, nativeFrames() ? frameHop : 1);
        WeightedMean mean = new WeightedMean();
        for (int w = 0; w < plan.size(); w++) {
            float[] clip = read(audio, from + plan.start(w), (int) (plan.end(w) - plan.start(w)));
            ModelOutput out = model.run(clip, frames);
            work.accept(plan.end(w) - plan.start(w));
            if (plan.weight(w) > 0) {
                mean.add(out.logits(), out.embedding(), plan.weight(w));
            }
            if (frames) {
                appendOwnedFrames(plan, w, out, frameLogits, frameEmbeddings);
            }
        }
        return new Scored(mean.logits(), mean.embedding());
    }

    /** Samples the model is given to score {@code length} samples as one utterance (or with native frames). */
    long utteranceWork(long length) {
        WindowPlan plan = WindowPlan.of(Math.max(1, length), window, overlap, nativeFrames() ? frameHop : 1);
        long sum = 0;
        for (int w = 0; w < plan.size(); w++) {
            sum += plan.end(w) - plan.start(w);
        }
        return sum;
    }

    /** Samples the model is given by {@link #slidingClips} over {@code length} samples. */
    static long slidingWork(long length, int clip, int hop) {
        long count = length <= clip ? 1 : (length - clip) / hop + 1;
        long sum = 0;
        for (long i = 0; i < count; i++) {
            sum += Math.min(clip, length - i * hop);
        }
        return sum;
    }

    /** Global frame g (centre {@code g * hop + field / 2}) goes to the window owning its centre. */
    private void appendOwnedFrames(WindowPlan plan, int w, ModelOutput out, FloatFile frameLogits,
                                   FloatFile frameEmbeddings) {
        if (!out.hasFrames()) {
            throw new IllegalStateException("Model " + info.name() + " returned no frames although asked.");
        }
        long firstGlobal = plan.start(w) / frameHop;
        int t = out.frameLogits().length;
        for (int j = 0; j < t; j++) {
            long centre = (firstGlobal + j) * frameHop + frameField / 2;
            boolean owned = plan.size() == 1
                    || (centre >= plan.ownedFrom(w) && (centre < plan.ownedTo(w) || w == plan.size() - 1));
            if (owned) {
                frameLogits.append(out.frameLogits()[j]);
                if (frameEmbeddings != null) {
                    frameEmbeddings.append(out.frameEmbeddings()[j]);
                }
            }
        }
    }

    /**
     * Scores sliding clips of {@code clip} samples every {@code hop} samples over [from, to) (one
     * clip when the stretch is shorter) and appends their logits and embeddings.
     *
     * @return the number of timeline points written
     */
    int slidingClips(FloatFile audio, long from, long to, int clip, int hop, FloatFile pointLogits,
                     FloatFile pointEmbeddings) {
        long length = to - from;
        int count = length <= clip ? 1 : (int) ((length - clip) / hop) + 1;
        List<float[]> batch = new ArrayList<>(CLIP_BATCH);
        long batchSamples = 0;
        for (int i = 0; i < count; i++) {
            long start = from + (long) i * hop;
            int len = (int) Math.min(clip, to - start);
            batch.add(read(audio::read, start, len));
            batchSamples += len;
            if (batch.size() == CLIP_BATCH || i == count - 1) {
                List<ModelOutput> outs = model.runBatch(batch, false);
                work.accept(batchSamples);
                batchSamples = 0;
                for (ModelOutput out : outs) {
                    pointLogits.append(out.logits());
                    if (pointEmbeddings != null) {
                        pointEmbeddings.append(out.embedding());
                    }
                }
                batch.clear();
            }
        }
        return count;
    }

    /** Reads a clip, zero-padded to the model's minimum length. */
    private float[] read(Samples audio, long from, int len) {
        float[] clip = new float[Math.max(len, info.minSamples())];
        audio.read(from, clip, 0, len);
        return clip;
    }
}
