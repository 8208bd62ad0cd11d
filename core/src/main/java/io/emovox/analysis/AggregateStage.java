package io.emovox.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stage 4 of an analysis, aggregate: model outputs become verdicts. Each stretch is a segment
 * result; each speaker's and the whole input's verdict is the duration-weighted mean of their
 * stretches' logits ({@link WeightedMean}), or the whole input's own logits when it was scored as
 * one; calibration ({@code temperature}) and the uncertainty policy apply to every verdict. The
 * {@code mixed} warning ({@link MixedCheck}) compares the verdict with its parts: the segments,
 * or the frame timeline's dominant runs and the mixed pass.
 */
final class AggregateStage {
    private AggregateStage() {}

    static Aggregate run(Decoded decoded, ScoringPlan plan, Scores scores, AnalysisOptions options,
                         double temperature) {
        UncertaintyPolicy policy = options.uncertainty();
        double reliable = options.lowReliabilitySeconds();
        List<SegmentResult> segments = new ArrayList<>();
        List<SpeakerSummary> speakers = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        List<AnalysisWarning> warnings = new ArrayList<>(plan.warnings());
        Verdict verdict;
        double speech;
        if (scores.whole() != null) {
            verdict = Verdict.fromLogits(scores.whole().logits(), temperature, policy);
            speech = decoded.mix().vad().speechSeconds();
            if (options.embedding() && options.granularity() != Granularity.FRAME
                    && scores.whole().embedding() != null) {
                rows.add(scores.whole().embedding());
            }
            List<MixedCheck.Piece> pieces = new ArrayList<>();
            if (scores.frames() != null) {
                pieces.addAll(MixedCheck.speechPieces(scores.frames().dominant()));
            }
            for (int i = 0; i < plan.mixedPass().size(); i++) {
                pieces.add(new MixedCheck.Piece(Verdict.fromLogits(scores.mixedPass().get(i).logits(), temperature,
                        policy).emotion(), plan.mixedPass().get(i).duration()));
            }
            MixedCheck.warning(verdict.emotion(), pieces).ifPresent(warnings::add);
        } else {
            WeightedMean all = new WeightedMean();
            Map<String, WeightedMean> bySpeaker = new LinkedHashMap<>();
            for (int i = 0; i < plan.stretches().size(); i++) {
                Stretch st = plan.stretches().get(i);
                ClipScorer.Scored s = scores.stretches().get(i);
                segments.add(new SegmentResult(st.start(), st.end(), st.speaker(),
                        Verdict.fromLogits(s.logits(), temperature, policy), st.duration() < reliable));
                all.add(s.logits(), s.embedding(), st.duration());
                if (st.speaker() != null) {
                    bySpeaker.computeIfAbsent(st.speaker(), k -> new WeightedMean()).add(s.logits(), null,
                            st.duration());
                }
                if (options.embedding() && options.granularity() == Granularity.SEGMENTS && s.embedding() != null) {
                    rows.add(s.embedding());
                }
            }
            for (Map.Entry<String, WeightedMean> e : bySpeaker.entrySet()) {
                WeightedMean m = e.getValue();
                speakers.add(new SpeakerSummary(e.getKey(), m.weight(), m.parts(),
                        Verdict.fromLogits(m.logits(), temperature, policy), m.weight() < reliable));
            }
            verdict = Verdict.fromLogits(all.logits(), temperature, policy);
            speech = all.weight();
            if (options.embedding() && options.granularity() == Granularity.UTTERANCE && all.embedding() != null) {
                rows.add(all.embedding());
            }
            MixedCheck.warning(verdict.emotion(), MixedCheck.pieces(segments)).ifPresent(warnings::add);
        }
        boolean lowReliability = speech < reliable;
        if (lowReliability) {
            warnings.add(new AnalysisWarning(AnalysisWarning.SHORT_SPEECH, String.format(Locale.ROOT,
                    "Only %.2f s of speech was found; results on less than %.1f s of speech are unreliable.",
                    speech, reliable)));
        }
        return new Aggregate(verdict, speech, lowReliability, segments, speakers, rows, warnings);
    }
}
