package io.emovox.analysis;

import io.emovox.model.EmotionLabel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Does one emotion describe the recording? The one rule behind the {@code mixed} warning: when
 * more than {@value #MAX_OTHER_SHARE} of the speech (by duration) is scored as another emotion
 * than the whole recording's, the single label hides what the parts say, and the warning points
 * to the segments and the timeline.
 *
 * <p>The parts: the scored segments (segments granularity, speakers), the speech runs of the
 * smoothed frame timeline (frame granularity: no extra cost), or, for utterance granularity on
 * inputs of at least {@value #UTTERANCE_PASS_MIN_SECONDS} s, the voice-activity segments scored
 * in an extra pass (the VAD has already run; only their scoring is extra). The threshold and the
 * choice of parts were measured on concatenations of real clips of one and of several emotions
 * ({@code MixedExperiment}; docs/analysis.md "Mixed recordings").
 */
public final class MixedCheck {
    /** More than this share of the speech scored as another emotion makes a recording mixed. */
    static final double MAX_OTHER_SHARE = 0.5;
    /** Utterance granularity scores its VAD segments for this check from this duration on. */
    static final double UTTERANCE_PASS_MIN_SECONDS = 60;
    /** At most this many other emotions are named in the message. */
    private static final int NAMED = 3;

    private MixedCheck() {}

    /** A part of the input with its top emotion and its duration in seconds. */
    record Piece(EmotionLabel emotion, double seconds) {}

    static List<Piece> pieces(List<SegmentResult> segments) {
        return segments.stream().map(s -> new Piece(s.verdict().emotion(), s.duration())).toList();
    }

    /** The speech runs of a smoothed timeline (pauses say nothing about the speaker's emotion). */
    static List<Piece> speechPieces(List<DominantRun> runs) {
        return runs.stream().filter(DominantRun::speech).map(r -> new Piece(r.emotion(), r.duration())).toList();
    }

    /** The {@code mixed} warning when the pieces disagree with {@code overall}, else empty. */
    static Optional<AnalysisWarning> warning(EmotionLabel overall, List<Piece> pieces) {
        double[] seconds = new double[EmotionLabel.COUNT];
        double total = 0;
        for (Piece p : pieces) {
            seconds[p.emotion().ordinal()] += p.seconds();
            total += p.seconds();
        }
        if (total <= 0) {
            return Optional.empty();
        }
        double other = 1 - seconds[overall.ordinal()] / total;
        if (other <= MAX_OTHER_SHARE) {
            return Optional.empty();
        }
        List<EmotionLabel> others = new ArrayList<>(EmotionLabel.ALL);
        others.remove(overall);
        others.removeIf(l -> seconds[l.ordinal()] == 0);
        others.sort((a, b) -> Double.compare(seconds[b.ordinal()], seconds[a.ordinal()]));
        List<String> named = new ArrayList<>();
        for (EmotionLabel l : others.subList(0, Math.min(NAMED, others.size()))) {
            named.add(String.format(Locale.ROOT, "%s %.0f%%", l.key(), 100 * seconds[l.ordinal()] / total));
        }
        return Optional.of(new AnalysisWarning(AnalysisWarning.MIXED, String.format(Locale.ROOT,
                "The parts of this recording disagree with its overall emotion (%s): %.0f%% of the speech is scored"
                        + " as another emotion (%s). One label does not describe it: read the segments or the"
                        + " timeline.", overall.key(), 100 * other, String.join(", ", named))));
    }
}
