package io.emovox.model.builtin;

import io.emovox.model.EmotionLabel;

import java.util.Objects;

/**
 * One labelled clip, already turned into features.
 *
 * @param features the {@link FeatureExtractor} vector
 * @param label    the true emotion
 * @param group    who spoke it (speaker id): folds never split a group
 */
public record TrainingExample(double[] features, EmotionLabel label, String group) {
    public TrainingExample {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(group, "group");
    }
}
