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
 * @param perturbed an altered copy of a clip ({@link TrainingCopies}: speed or channel): trained on,
 *                  never scored as a held-out clip
 * @param corpus    the corpus it comes from ("" when unknown): calibration holds out whole corpora
 *                  where there are several
 */
public record TrainingExample(double[] features, EmotionLabel label, String group, boolean perturbed,
                              String corpus) {
    public TrainingExample {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(corpus, "corpus");
    }

    /** A clip of an unnamed corpus. */
    public TrainingExample(double[] features, EmotionLabel label, String group, boolean perturbed) {
        this(features, label, group, perturbed, "");
    }

    /** An original (unperturbed) clip. */
    public TrainingExample(double[] features, EmotionLabel label, String group) {
        this(features, label, group, false);
    }
}
