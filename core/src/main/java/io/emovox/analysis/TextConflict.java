package io.emovox.analysis;

import io.emovox.model.EmotionLabel;
import java.util.List;
import java.util.Objects;

/**
 * A confident voice emotion that contradicts what the words suggest (result.json
 * {@code text_conflict}); the contradiction rule is {@code io.emovox.transcript.Contradiction}.
 *
 * @param textEmotion  the emotion the words suggest
 * @param voiceEmotion the emotion the voice was scored as (not uncertain)
 * @param words        the matched words and phrases, as the rules file spells them
 */
public record TextConflict(EmotionLabel textEmotion, EmotionLabel voiceEmotion, List<String> words) {
    public TextConflict {
        Objects.requireNonNull(textEmotion, "textEmotion");
        Objects.requireNonNull(voiceEmotion, "voiceEmotion");
        words = List.copyOf(words);
    }
}
