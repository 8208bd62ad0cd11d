package io.emovox.model;

/**
 * What a model returns for one clip. Logits are indexed by {@link EmotionLabel#ordinal()};
 * unsupported labels hold {@link Float#NEGATIVE_INFINITY}. Probabilities are the softmax of the
 * logits divided by the model's calibration temperature (see {@code analysis}).
 *
 * <p>Shape contract: {@code embedding} is D floats (written as (1, D)); {@code frameEmbeddings}
 * is N x D and {@code frameLogits} is N x 9, N = frame count, or both null when frames were not
 * asked for or the model has none.
 */
public record ModelOutput(float[] logits, float[] embedding, float[][] frameLogits,
                          float[][] frameEmbeddings) {
    public boolean hasFrames() {
        return frameLogits != null;
    }
}
