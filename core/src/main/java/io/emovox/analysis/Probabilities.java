package io.emovox.analysis;

import io.emovox.model.EmotionLabel;

/** Turns model logits into calibrated probabilities. Unsupported labels (-inf logits) get 0. */
public final class Probabilities {
    private Probabilities() {}

    /**
     * softmax(logits / temperature), computed stably.
     *
     * @param logits      one per {@link EmotionLabel}, -inf for labels the model cannot output
     * @param temperature calibration temperature, &gt; 0
     */
    public static float[] softmax(float[] logits, double temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("Temperature must be > 0, got " + temperature + ".");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("All logits are -inf: the model supports no label.");
        }
        double[] e = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            e[i] = logits[i] == Float.NEGATIVE_INFINITY ? 0 : Math.exp((logits[i] - max) / temperature);
            sum += e[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }

    /** Index of the largest value (first on ties). */
    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
