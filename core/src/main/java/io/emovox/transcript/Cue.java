package io.emovox.transcript;

/**
 * One timed piece of a transcript.
 *
 * @param start seconds from the start of the audio
 * @param end   seconds, not before {@code start}
 * @param text  what was said, tags stripped, whitespace collapsed
 * @param line  the line of the transcript file it came from (1-based), for messages
 */
public record Cue(double start, double end, String text, int line) {
}
