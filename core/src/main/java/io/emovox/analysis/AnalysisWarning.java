package io.emovox.analysis;

/**
 * Something the user should know about a result before trusting it. Whether a warning changes
 * the verdict itself (not speech) or only annotates it is decided by {@link SpeechVerdict#of}.
 *
 * @param code    stable machine-readable code: {@code music}, {@code voice_over_music},
 *                {@code noise}, {@code silence}, {@code little_speech}, {@code no_speech},
 *                {@code short_speech}, {@code mixed} (the parts disagree with the overall emotion:
 *                {@link MixedCheck})
 * @param message a sentence for people
 */
public record AnalysisWarning(String code, String message) {
    public static final String MUSIC = "music";
    public static final String VOICE_OVER_MUSIC = "voice_over_music";
    public static final String NOISE = "noise";
    public static final String SILENCE = "silence";
    public static final String LITTLE_SPEECH = "little_speech";
    public static final String NO_SPEECH = "no_speech";
    public static final String SHORT_SPEECH = "short_speech";
    public static final String MIXED = "mixed";
}
