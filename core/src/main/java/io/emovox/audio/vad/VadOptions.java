package io.emovox.audio.vad;

/**
 * How speech probabilities become speech segments. Immutable; start from {@link #DEFAULT} and
 * override what you need with the {@code with…} methods.
 *
 * <p>A segment starts at the first 32 ms window whose probability is at least {@code threshold}
 * and ends where the probability stays below {@code negThreshold} for at least
 * {@code minSilenceMs} (the gap between the two thresholds keeps a segment from flickering).
 * Segments shorter than {@code minSpeechMs} are dropped; each kept one is widened by
 * {@code speechPadMs} on both sides (when two segments are closer than twice the padding, the gap
 * between them is shared). Speech longer than {@code maxSegmentSeconds} is split at the longest
 * pause in the second half of the segment, or, if there is none, at its lowest-probability window,
 * so that no segment (padding included) is longer than {@code maxSegmentSeconds}.
 *
 * @param threshold         probability at or above which a window is speech; default 0.5
 * @param negThreshold      probability below which a window counts as silence; default
 *                          {@code max(threshold - 0.15, 0.01)}
 * @param minSpeechMs       shorter speech is dropped; default 250 ms
 * @param minSilenceMs      silence needed to end a segment; shorter pauses stay inside it; default 100 ms
 * @param speechPadMs       padding added on each side of a segment; default 30 ms
 * @param maxSegmentSeconds longer speech is split; default 30 s, at most 3600 s
 */
public record VadOptions(double threshold, double negThreshold, int minSpeechMs, int minSilenceMs,
                         int speechPadMs, double maxSegmentSeconds) {

    public static final double DEFAULT_THRESHOLD = 0.5;
    public static final int DEFAULT_MIN_SPEECH_MS = 250;
    public static final int DEFAULT_MIN_SILENCE_MS = 100;
    public static final int DEFAULT_SPEECH_PAD_MS = 30;
    public static final double DEFAULT_MAX_SEGMENT_SECONDS = 30;
    /** The longest allowed {@code maxSegmentSeconds}; it bounds the memory held per stream. */
    public static final double MAX_SEGMENT_LIMIT_SECONDS = 3600;

    public static final VadOptions DEFAULT = new VadOptions(DEFAULT_THRESHOLD,
            defaultNegThreshold(DEFAULT_THRESHOLD), DEFAULT_MIN_SPEECH_MS, DEFAULT_MIN_SILENCE_MS,
            DEFAULT_SPEECH_PAD_MS, DEFAULT_MAX_SEGMENT_SECONDS);

    public VadOptions {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("The VAD threshold must lie in (0, 1], got " + threshold + ".");
        }
        if (!(negThreshold > 0 && negThreshold <= threshold)) {
            throw new IllegalArgumentException("The VAD negThreshold must lie in (0, threshold = "
                    + threshold + "], got " + negThreshold + ".");
        }
        requireNonNegative("minSpeechMs", minSpeechMs);
        requireNonNegative("minSilenceMs", minSilenceMs);
        requireNonNegative("speechPadMs", speechPadMs);
        if (!(maxSegmentSeconds <= MAX_SEGMENT_LIMIT_SECONDS)
                || !(maxSegmentSeconds * 1000 - 2.0 * speechPadMs >= 500)) {
            throw new IllegalArgumentException("The VAD maxSegmentSeconds must be at most "
                    + MAX_SEGMENT_LIMIT_SECONDS + " s and leave at least 0.5 s after twice the padding ("
                    + speechPadMs + " ms), got " + maxSegmentSeconds + " s.");
        }
    }

    /** The default negative threshold for a threshold: 0.15 below it, but not under 0.01. */
    public static double defaultNegThreshold(double threshold) {
        return Math.max(threshold - 0.15, 0.01);
    }

    /** Sets the threshold and moves {@code negThreshold} to its default for that threshold. */
    public VadOptions withThreshold(double value) {
        return new VadOptions(value, defaultNegThreshold(value), minSpeechMs, minSilenceMs,
                speechPadMs, maxSegmentSeconds);
    }

    public VadOptions withNegThreshold(double value) {
        return new VadOptions(threshold, value, minSpeechMs, minSilenceMs, speechPadMs, maxSegmentSeconds);
    }

    public VadOptions withMinSpeechMs(int value) {
        return new VadOptions(threshold, negThreshold, value, minSilenceMs, speechPadMs, maxSegmentSeconds);
    }

    public VadOptions withMinSilenceMs(int value) {
        return new VadOptions(threshold, negThreshold, minSpeechMs, value, speechPadMs, maxSegmentSeconds);
    }

    public VadOptions withSpeechPadMs(int value) {
        return new VadOptions(threshold, negThreshold, minSpeechMs, minSilenceMs, value, maxSegmentSeconds);
    }

    public VadOptions withMaxSegmentSeconds(double value) {
        return new VadOptions(threshold, negThreshold, minSpeechMs, minSilenceMs, speechPadMs, value);
    }

    private static void requireNonNegative(String name, int ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("The VAD " + name + " must not be negative, got " + ms + " ms.");
        }
    }
}
