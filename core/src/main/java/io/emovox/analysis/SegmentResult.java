package io.emovox.analysis;

/**
 * One stretch of speech scored as an utterance: a voice-activity segment or a speaker turn.
 *
 * @param startSeconds   start in seconds from the beginning of the input
 * @param endSeconds     end in seconds
 * @param speaker        speaker label ("channel_1", an RTTM name), or null without speakers
 * @param verdict        its emotion
 * @param lowReliability true when the segment is shorter than the reliability limit (1 s by default)
 * @param text           the transcript text spoken in it, or null (no transcript, or no cue here)
 * @param textConflict   its text/voice conflict, or null
 */
public record SegmentResult(double startSeconds, double endSeconds, String speaker, Verdict verdict,
                            boolean lowReliability, String text, TextConflict textConflict) {

    /** A segment without transcript text. */
    public SegmentResult(double startSeconds, double endSeconds, String speaker, Verdict verdict,
                         boolean lowReliability) {
        this(startSeconds, endSeconds, speaker, verdict, lowReliability, null, null);
    }

    /** This segment carrying {@code text} and its conflict (either may be null). */
    public SegmentResult withText(String value, TextConflict conflict) {
        return new SegmentResult(startSeconds, endSeconds, speaker, verdict, lowReliability, value, conflict);
    }

    public double duration() {
        return endSeconds - startSeconds;
    }
}
