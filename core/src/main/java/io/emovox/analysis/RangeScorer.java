package io.emovox.analysis;

import io.emovox.audio.AudioFormat16k;
import io.emovox.model.EmotionLabel;
import io.emovox.model.EmotionModel;
import io.emovox.model.ModelInfo;
import io.emovox.model.ModelOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Scores stretches of decoded audio with a model, window by window, holding one window in memory.
 *
 * <p>Utterance of a stretch: one model call when it fits in one window (then the numbers are the
 * model's own); longer stretches are cut by {@link WindowPlan} and the window logits (and
 * embeddings) are averaged weighted by the samples each window owns. Stretches shorter than the
 * model's minimum are zero-padded to it.
 *
 * <p>Frames: native frames (emotion2vec: 50 Hz, frame i covers samples [320 i, 320 i + 400)) are
 * stitched from the window that owns their centre; models without native frames get a timeline
 * of sliding clips, each scored as an utterance.
 *
 * <p>Progress: after each model call the samples it was given go to the work counter, and
 * {@link #utteranceWork} / {@link #slidingWork} say beforehand how many a call will give, so the
 * analyzer can report scoring as a fraction of the planned work.
 */
final class RangeScorer {
    /** Clips scored per model call when building a sliding-clip timeline. */
    private static final int CLIP_BATCH = 16;

    private final EmotionModel model;
    private final ModelInfo info;
    private final int window;
    private final int overlap;
    private final int frameHop;
    private final int frameField;
    private final LongConsumer work;

    RangeScorer(EmotionModel model, AnalysisOptions options) {
        this(model, options, samples -> { });
    }

    /** A scorer that reports the samples of each model call to {@code work}. */
    RangeScorer(EmotionModel model, AnalysisOptions options, LongConsumer work) {
        this.model = model;
        this.work = work;
        this.info = model.info();
        int maxWindow = info.maxWindowSamples();
        int asked = (int) AudioFormat16k.samples(options.windowSeconds());
        this.window = options.windowSeconds() > 0 ? Math.min(asked, maxWindow) : maxWindow;
        this.overlap = (int) AudioFormat16k.samples(options.overlapSeconds());
        if (info.frameRateHz() > 0) {
            this.frameHop = (int) Math.round(AudioFormat16k.SAMPLE_RATE / info.frameRateHz());
            this.frameField = frameHop * 5 / 4;
        } else {
            this.frameHop = 0;
            this.frameField = 0;
        }
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

    /** Aggregated logits and embedding of one stretch. */
    record Scored(float[] logits, float[] embedding) {}

    /** Scores samples [from, to) of {@code audio} as one utterance. */
    Scored utterance(FloatFile audio, long from, long to) {
        return score(audio::read, from, to, null, null);
    }

    /** Scores samples held in memory (a live segment) as one utterance, as {@link #utterance(FloatFile, long, long)} would. */
    Scored utterance(float[] samples) {
        return score((from, out, off, len) -> System.arraycopy(samples, (int) from, out, off, len), 0, samples.length,
                null, null);
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
        long length = to - from;
        boolean frames = frameLogits != null;
        WindowPlan plan = WindowPlan.of(Math.max(1, length), window, overlap, frames || nativeFrames() ? frameHop : 1);
        double[] logitSum = new double[EmotionLabel.COUNT];
        double[] embSum = null;
        double weightSum = 0;
        for (int w = 0; w < plan.size(); w++) {
            float[] clip = read(audio, from + plan.start(w), (int) (plan.end(w) - plan.start(w)));
            ModelOutput out = model.run(clip, frames);
            work.accept(plan.end(w) - plan.start(w));
            double weight = plan.size() == 1 ? 1 : plan.ownedTo(w) - plan.ownedFrom(w);
            if (weight > 0) {
                for (int c = 0; c < logitSum.length; c++) {
                    logitSum[c] += weight * out.logits()[c];
                }
                if (out.embedding() != null) {
                    if (embSum == null) {
                        embSum = new double[out.embedding().length];
                    }
                    for (int d = 0; d < embSum.length; d++) {
                        embSum[d] += weight * out.embedding()[d];
                    }
                }
                weightSum += weight;
            }
            if (frames) {
                appendOwnedFrames(plan, w, out, frameLogits, frameEmbeddings);
            }
        }
        float[] logits = new float[logitSum.length];
        for (int c = 0; c < logits.length; c++) {
            logits[c] = (float) (logitSum[c] / weightSum);
        }
        float[] emb = null;
        if (embSum != null) {
            emb = new float[embSum.length];
            for (int d = 0; d < emb.length; d++) {
                emb[d] = (float) (embSum[d] / weightSum);
            }
        }
        return new Scored(logits, emb);
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
