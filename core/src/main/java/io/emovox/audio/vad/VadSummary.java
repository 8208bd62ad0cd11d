package io.emovox.audio.vad;

/**
 * How much of an input is speech, from the same pass that found the segments; enough for an
 * "is this speech at all" check.
 *
 * @param speechSeconds   total duration of the speech segments (padding included)
 * @param totalSeconds    duration of the input
 * @param speechRatio     {@code speechSeconds / totalSeconds}, 0 for empty input
 * @param meanProbability mean speech probability over all 32 ms windows, 0 for empty input
 * @param segments        number of speech segments
 */
public record VadSummary(double speechSeconds, double totalSeconds, double speechRatio,
                         double meanProbability, int segments) {

    /** True when the input holds no speech segment at all. */
    public boolean noSpeech() {
        return segments == 0;
    }
}
