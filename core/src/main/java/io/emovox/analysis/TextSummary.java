package io.emovox.analysis;

/**
 * What a transcript added to a whole result: all its text, the whole recording's conflict (only
 * when there are no segments to carry conflicts: utterance and frame granularity) and the number
 * of conflicts (result.json {@code text}, {@code text_conflict}, {@code text_conflicts}).
 *
 * @param text      the transcript's text, cues joined in time order
 * @param conflict  the whole recording's conflict, or null
 * @param conflicts segments with a conflict, plus one for the whole-recording conflict
 * @param source    the transcript as given (a file name), for result.json {@code transcript.file}
 * @param format    srt, vtt, whisper or funasr
 * @param cues      how many timed cues the transcript held
 */
public record TextSummary(String text, TextConflict conflict, int conflicts, String source, String format,
                          int cues) {
}
