package io.emovox.analysis;

import java.util.List;

/**
 * What stage 3, score ({@link ScoreStage}), produced: model outputs, not yet verdicts.
 *
 * @param stretches       one per planned stretch, in plan order
 * @param whole           the whole input scored as one utterance, or null when stretches were
 *                        scored instead (with speakers or segments)
 * @param frames          the frame timeline (frame granularity), else null
 * @param frameEmbeddings one embedding row per timeline point when frames and embeddings were
 *                        asked for, else null
 * @param mixedPass       one per {@link ScoringPlan#mixedPass()} stretch, in order
 */
record Scores(List<ClipScorer.Scored> stretches, ClipScorer.Scored whole, FrameTimeline frames,
              FloatFile frameEmbeddings, List<ClipScorer.Scored> mixedPass) {
    Scores {
        stretches = List.copyOf(stretches);
        mixedPass = List.copyOf(mixedPass);
    }
}
