package io.emovox.audio.vad;

/**
 * A stretch of speech found by voice activity detection, in seconds from the start of the input
 * (padding included).
 */
public record SpeechSegment(double startSeconds, double endSeconds) {
    public SpeechSegment {
        if (!(startSeconds >= 0) || !(endSeconds >= startSeconds)) {
            throw new IllegalArgumentException("A speech segment needs 0 <= start <= end, got start "
                    + startSeconds + " s and end " + endSeconds + " s.");
        }
    }

    public double duration() {
        return endSeconds - startSeconds;
    }
}
