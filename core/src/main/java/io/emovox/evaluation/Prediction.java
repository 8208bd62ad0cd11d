package io.emovox.evaluation;

import io.emovox.model.EmotionLabel;

/**
 * The model's verdict on one manifest clip.
 *
 * @param entry         the manifest row
 * @param truth         the true label after {@link LabelMapping}
 * @param probabilities calibrated probabilities, indexed by {@link EmotionLabel#ordinal()}
 * @param predicted     the top label
 * @param uncertain     whether the uncertainty policy flagged the verdict
 */
public record Prediction(ManifestEntry entry, EmotionLabel truth, float[] probabilities,
                         EmotionLabel predicted, boolean uncertain) {
    public float confidence() {
        return probabilities[predicted.ordinal()];
    }

    public boolean correct() {
        return truth == predicted;
    }
}
