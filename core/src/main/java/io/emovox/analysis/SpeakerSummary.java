package io.emovox.analysis;

/**
 * One speaker over the whole input: the duration-weighted mean of the logits of their segments.
 *
 * @param speaker        speaker label
 * @param speechSeconds  total duration of their scored segments
 * @param segments       number of their segments
 * @param verdict        their emotion overall
 * @param lowReliability true when they spoke less than the reliability limit in total
 */
public record SpeakerSummary(String speaker, double speechSeconds, int segments, Verdict verdict,
                             boolean lowReliability) {}
