package io.emovox.evaluation;

import io.emovox.model.EmotionLabel;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps corpus labels onto the emotion2vec+ vocabulary. The keys themselves (angry, sad, ...)
 * map to themselves; the table below adds the usual corpus spellings. Anything else is
 * reported as unmapped, never guessed. Documented in docs/builtin-model.md.
 */
public final class LabelMapping {
    private LabelMapping() {}

    /** Corpus spelling to emotion2vec+ label (EmoDB, CASIA, RAVDESS, CREMA-D, IEMOCAP, TESS...). */
    public static final Map<String, EmotionLabel> TABLE = Map.ofEntries(
            Map.entry("anger", EmotionLabel.ANGRY), Map.entry("ang", EmotionLabel.ANGRY),
            Map.entry("disgust", EmotionLabel.DISGUSTED), Map.entry("dis", EmotionLabel.DISGUSTED),
            Map.entry("fear", EmotionLabel.FEARFUL), Map.entry("fea", EmotionLabel.FEARFUL),
            Map.entry("happiness", EmotionLabel.HAPPY), Map.entry("happy", EmotionLabel.HAPPY),
            Map.entry("hap", EmotionLabel.HAPPY), Map.entry("joy", EmotionLabel.HAPPY),
            Map.entry("excited", EmotionLabel.HAPPY), Map.entry("exc", EmotionLabel.HAPPY),
            Map.entry("neu", EmotionLabel.NEUTRAL), Map.entry("calm", EmotionLabel.NEUTRAL),
            Map.entry("sadness", EmotionLabel.SAD), Map.entry("sad", EmotionLabel.SAD),
            Map.entry("surprise", EmotionLabel.SURPRISED), Map.entry("sur", EmotionLabel.SURPRISED),
            Map.entry("ps", EmotionLabel.SURPRISED), Map.entry("boredom", EmotionLabel.OTHER),
            Map.entry("bored", EmotionLabel.OTHER), Map.entry("oth", EmotionLabel.OTHER));

    public static Optional<EmotionLabel> map(String raw) {
        String k = raw.trim().toLowerCase(Locale.ROOT);
        for (EmotionLabel l : EmotionLabel.ALL) {
            if (l.key().equals(k)) {
                return Optional.of(l);
            }
        }
        return Optional.ofNullable(TABLE.get(k));
    }
}
