package io.emovox.testing;

import io.emovox.model.EmotionLabel;
import io.emovox.model.EmotionModel;
import io.emovox.model.ModelInfo;
import io.emovox.model.ModelOutput;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deterministic stand-in model for PLUMBING tests only: its "emotions" are a fixed linear map of
 * simple signal statistics and mean nothing. It lets tests check windowing, stitching, output
 * files and the CLI against exact expected numbers without a trained model.
 *
 * <p>With frames (50 Hz, like emotion2vec: frame t covers samples [320 t, 320 t + 400)), each
 * frame's 8-dim embedding depends only on its own 400 samples, the frame logits are a linear head
 * of it, and the utterance logits and embedding are the means over frames — the same structure as
 * emotion2vec+, so stitched windows must reproduce whole-clip frames exactly. Without frames, the
 * embedding is computed over the whole clip. It counts calls and the longest clip it was given.
 */
public final class FixtureModel implements EmotionModel {
    public static final int DIM = 8;
    private static final int HOP = 320;
    private static final int FIELD = 400;

    private final ModelInfo info;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicLong longest = new AtomicLong();

    private FixtureModel(ModelInfo info) {
        this.info = info;
    }

    /** A model with 50 Hz frames and the given longest window. */
    public static FixtureModel withFrames(int maxWindowSamples) {
        return new FixtureModel(new ModelInfo("fixture-frames", "1", "fixture", DIM,
                Set.copyOf(EmotionLabel.ALL), 50, FIELD, maxWindowSamples));
    }

    /** A model that scores whole clips only (like the built-in model). */
    public static FixtureModel clipsOnly(int maxWindowSamples) {
        return new FixtureModel(new ModelInfo("fixture-clips", "1", "fixture", DIM,
                Set.copyOf(EmotionLabel.ALL), 0, FIELD, maxWindowSamples));
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    public int calls() {
        return calls.get();
    }

    public long longestClip() {
        return longest.get();
    }

    @Override
    public ModelOutput run(float[] samples, boolean frames) {
        if (samples.length < info.minSamples()) {
            throw new IllegalArgumentException("The fixture model needs at least " + info.minSamples()
                    + " samples, got " + samples.length + ".");
        }
        if (samples.length > info.maxWindowSamples()) {
            throw new IllegalArgumentException("The fixture model takes at most " + info.maxWindowSamples()
                    + " samples, got " + samples.length + ".");
        }
        calls.incrementAndGet();
        longest.accumulateAndGet(samples.length, Math::max);
        if (info.frameRateHz() == 0) {
            float[] emb = features(samples, 0, samples.length);
            return new ModelOutput(head(emb), emb, null, null);
        }
        int t = (samples.length - FIELD) / HOP + 1;
        float[][] fe = new float[t][];
        float[][] fl = new float[t][];
        float[] emb = new float[DIM];
        float[] logits = new float[EmotionLabel.COUNT];
        for (int i = 0; i < t; i++) {
            fe[i] = features(samples, i * HOP, FIELD);
            fl[i] = head(fe[i]);
            for (int d = 0; d < DIM; d++) {
                emb[d] += fe[i][d] / t;
            }
            for (int c = 0; c < logits.length; c++) {
                logits[c] += fl[i][c] / t;
            }
        }
        return frames ? new ModelOutput(logits, emb, fl, fe) : new ModelOutput(logits, emb, null, null);
    }

    /** 8 statistics of samples [from, from + len): level, crossings, slope, peak, balance... */
    static float[] features(float[] x, int from, int len) {
        double energy = 0;
        double absDiff = 0;
        double mean = 0;
        double peak = 0;
        int crossings = 0;
        double firstHalf = 0;
        for (int i = from; i < from + len; i++) {
            double v = x[i];
            energy += v * v;
            mean += v;
            peak = Math.max(peak, Math.abs(v));
            if (i > from) {
                absDiff += Math.abs(v - x[i - 1]);
                if ((v >= 0) != (x[i - 1] >= 0)) {
                    crossings++;
                }
            }
            if (i < from + len / 2) {
                firstHalf += v * v;
            }
        }
        double rms = Math.sqrt(energy / len);
        return new float[] {
            (float) Math.log10(rms + 1e-6),
            (float) (crossings / (double) len),
            (float) Math.log10(absDiff / len + 1e-6),
            (float) Math.log10(peak + 1e-6),
            (float) (mean / len),
            (float) ((firstHalf + 1e-9) / (energy + 2e-9)),
            (float) (rms / (peak + 1e-6)),
            (float) Math.sin(12 * rms),
        };
    }

    /** A fixed linear head: logit c = sum_d W[c][d] emb[d] + b[c], W from a simple formula. */
    static float[] head(float[] emb) {
        float[] out = new float[EmotionLabel.COUNT];
        for (int c = 0; c < out.length; c++) {
            double z = 0.1 * c;
            for (int d = 0; d < emb.length; d++) {
                z += Math.sin(1.7 * (c + 1) * (d + 1)) * 2.0 * emb[d];
            }
            out[c] = (float) z;
        }
        return out;
    }

    @Override
    public void close() {
        // Nothing native to release.
    }
}
