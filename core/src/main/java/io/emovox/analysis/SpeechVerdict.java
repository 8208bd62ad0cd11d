package io.emovox.analysis;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * May the emotion of a result be read as the emotion of speech? The one rule that every shell
 * shows (terminal line, CSV/JSONL, result.json, the server's job JSON, the web UI): a warning that
 * says the input is not speech — {@code silence}, {@code no_speech}, {@code noise}, {@code music},
 * {@code voice_over_music} — turns the verdict into "not speech", and the emotion the model still
 * produced is shown only as unreliable. {@code little_speech} and {@code short_speech} do not:
 * there is speech, the result just rests on little of it, and they stay annotations.
 *
 * @param speech true when the emotion may be read
 * @param reason the warning code that made it not speech; null when {@code speech}
 */
public record SpeechVerdict(boolean speech, String reason) {
    /** {@link #key()} of a readable result. */
    public static final String SPEECH = "speech";
    /** {@link #key()} of a result whose emotion should not be read. */
    public static final String NOT_SPEECH = "not_speech";
    public static final SpeechVerdict IS_SPEECH = new SpeechVerdict(true, null);

    /** The warnings that make an input not speech, the one named as the reason first. */
    static final List<String> NOT_SPEECH_CODES = List.of(AnalysisWarning.SILENCE, AnalysisWarning.NOISE,
            AnalysisWarning.MUSIC, AnalysisWarning.VOICE_OVER_MUSIC, AnalysisWarning.NO_SPEECH);

    public SpeechVerdict {
        if (speech != (reason == null)) {
            throw new IllegalArgumentException("A speech verdict has no reason; a not-speech verdict needs one.");
        }
    }

    /** The verdict for a result with these warning codes (result.json's {@code warnings[].code}). */
    public static SpeechVerdict of(Collection<String> warningCodes) {
        for (String code : NOT_SPEECH_CODES) {
            if (warningCodes.contains(code)) {
                return new SpeechVerdict(false, code);
            }
        }
        return IS_SPEECH;
    }

    /** {@code speech} or {@code not_speech}: result.json's, the CSV's and the job JSON's {@code verdict}. */
    public String key() {
        return speech ? SPEECH : NOT_SPEECH;
    }

    /**
     * For people, in one line with the emotion the model gave (e.g. {@code "😢 sad 60.5%"}): the
     * emotion itself when it may be read, else
     * {@code "🎵 not speech (music) — emotion unreliable: 😢 sad 60.5%"}.
     */
    public String describe(String emotion) {
        Objects.requireNonNull(emotion, "emotion");
        if (speech) {
            return emotion;
        }
        String symbol = switch (reason) {
            case AnalysisWarning.MUSIC, AnalysisWarning.VOICE_OVER_MUSIC -> "🎵";
            case AnalysisWarning.NOISE -> "〰";
            default -> "🔇";
        };
        return symbol + " not speech (" + reason.replace('_', ' ') + ") — emotion unreliable: " + emotion;
    }
}
