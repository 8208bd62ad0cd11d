package io.emovox.analysis;

import io.emovox.model.EmotionLabel;

/**
 * The weighted mean of model outputs: how the logits (and embeddings) of windows become a clip's,
 * and segments' become an input's or a speaker's (weighted by duration). One rule for every
 * aggregation, so numbers agree wherever they are combined; a single part comes back exactly.
 */
public final class WeightedMean {
    private final double[] logits = new double[EmotionLabel.COUNT];
    private double[] embedding;
    private double weight;
    private int parts;

    /** Adds one part; {@code embedding} may be null (a model without embeddings). */
    public void add(float[] partLogits, float[] partEmbedding, double partWeight) {
        for (int c = 0; c < logits.length; c++) {
            logits[c] += partWeight * partLogits[c];
        }
        if (partEmbedding != null) {
            if (embedding == null) {
                embedding = new double[partEmbedding.length];
            }
            for (int d = 0; d < embedding.length; d++) {
                embedding[d] += partWeight * partEmbedding[d];
            }
        }
        weight += partWeight;
        parts++;
    }

    /** The summed weight: seconds when parts are weighted by duration. */
    public double weight() {
        return weight;
    }

    /** How many parts were added. */
    public int parts() {
        return parts;
    }

    public float[] logits() {
        return mean(logits);
    }

    /** The mean embedding, or null when no part had one. */
    public float[] embedding() {
        return embedding == null ? null : mean(embedding);
    }

    private float[] mean(double[] sum) {
        float[] out = new float[sum.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (sum[i] / weight);
        }
        return out;
    }
}
