package io.emovox.analysis;

import java.util.List;

/**
 * What stage 4, aggregate ({@link AggregateStage}), concluded: verdicts.
 *
 * @param verdict        the whole input's emotion
 * @param speechSeconds  speech the verdict rests on: the scored stretches, or the VAD's speech
 * @param lowReliability under the reliability limit of speech
 * @param segments       one per scored stretch, in plan order
 * @param speakers       one per speaker, in order of first appearance
 * @param embeddingRows  the embedding rows to write (utterance: 1, segments: one per segment),
 *                       empty when none were asked for or the frame timeline carries them
 * @param warnings       the plan's warnings, plus {@code mixed} and {@code short_speech}
 */
record Aggregate(Verdict verdict, double speechSeconds, boolean lowReliability, List<SegmentResult> segments,
                 List<SpeakerSummary> speakers, List<float[]> embeddingRows, List<AnalysisWarning> warnings) {
    Aggregate {
        segments = List.copyOf(segments);
        speakers = List.copyOf(speakers);
        embeddingRows = List.copyOf(embeddingRows);
        warnings = List.copyOf(warnings);
    }
}
