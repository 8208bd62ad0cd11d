package io.emovox.analysis;

/**
 * One stretch of speech scored as an utterance: a voice-activity segment or a speaker turn.
 *
 * @param startSeconds   start in seconds from the beginning of the input
 * @param endSeconds     end in seconds
 * @param speaker        speaker label ("channel_1", an RTTM name), or null without speakers
 * @param verdict        its emotion
 * @param lowReliability true when the segment is shorter than the reliability limit (1 s by default)
 */
public record SegmentResult(double startSeconds, double endSeconds, String speaker, Verdict verdict,
                            boolean lowReliability) {
    public double duration() {
        return endSeconds - startSeconds;
    }
}
