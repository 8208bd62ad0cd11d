package io.emovox.model.builtin.training;

import io.emovox.model.EmotionLabel;
import io.emovox.model.builtin.FeatureExtractor;

import java.util.Objects;

/**
 * One labelled clip, already turned into features.
 *
 * @param features the {@link FeatureExtractor} vector
 * @param label    the true emotion
 * @param group     who spoke it (speaker id): folds never split a group
 * @param perturbed a speed-perturbed copy of a clip ({@link SpeedPerturbation}): trained on,
 *                  never scored as a held-out clip
 */
public record TrainingExample(double[] features, EmotionLabel label, String group, boolean perturbed) {
    public TrainingExample {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(group, "group");
    }

    /** An original (unperturbed) clip. */
    public TrainingExample(double[] features, EmotionLabel label, String group) {
        this(features, label, group, false);
    }
}
