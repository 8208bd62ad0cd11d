package io.emovox.server.review;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.analysis.ResultSummary;
import io.emovox.analysis.ResultWriter;
import io.emovox.analysis.SegmentResult;
import io.emovox.analysis.TextConflict;
import io.emovox.analysis.TextSummary;
import io.emovox.analysis.Verdict;
import io.emovox.model.EmotionLabel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which parts of a finished result need a person: the whole result when it is uncertain, rests
 * on too little speech, is not speech or its text contradicts its voice; each segment that is
 * uncertain, too short to be reliable, or whose text contradicts its voice ({@code text_conflict}).
 * Also the target a user sends to review by hand. Everything comes from the core's reader of
 * result.json, transcript fields included.
 */
public final class ReviewTriage {
    private ReviewTriage() {}

    /** What the result folder of a finished job asks a person to look at. */
    public static List<ReviewTarget> flagged(Path resultFolder) {
        ResultSummary r = ResultSummary.read(resultFolder);
        List<ReviewTarget> out = new ArrayList<>();
        List<String> whole = new ArrayList<>();
        if (r.verdict().uncertain()) {
            whole.add(ReviewReason.UNCERTAIN.key());
        }
        if (wholeConflict(r) != null) {
            whole.add(ReviewReason.TEXT_CONFLICT.key());
        }
        if (r.lowReliability()) {
            whole.add(ReviewReason.LOW_RELIABILITY.key());
        }
        if (!r.speech().speech()) {
            whole.add(ReviewReason.NOT_SPEECH.key());
        }
        if (!whole.isEmpty()) {
            out.add(whole(r, whole));
        }
        for (int i = 0; i < r.segments().size(); i++) {
            SegmentResult s = r.segments().get(i);
            List<String> why = new ArrayList<>();
            if (s.verdict().uncertain()) {
                why.add(ReviewReason.UNCERTAIN.key());
            }
            if (s.textConflict() != null) {
                why.add(ReviewReason.TEXT_CONFLICT.key());
            }
            if (s.lowReliability()) {
                why.add(ReviewReason.LOW_RELIABILITY.key());
            }
            if (!why.isEmpty()) {
                out.add(segment(r, i, why));
            }
        }
        return out;
    }

    /**
     * The target a user sends to review: the whole result ({@code segment} null) or one segment.
     *
     * @throws EmovoxException NOT_FOUND when the result has no such segment
     */
    public static ReviewTarget sent(Path resultFolder, Integer segment) {
        ResultSummary r = ResultSummary.read(resultFolder);
        List<String> why = List.of(ReviewReason.USER_SENT.key());
        if (segment == null) {
            return whole(r, why);
        }
        if (segment < 0 || segment >= r.segments().size()) {
            throw new EmovoxException(ErrorKind.NOT_FOUND, "The result has " + r.segments().size()
                    + " segment(s), numbered from 0; there is no segment " + segment + ".");
        }
        return segment(r, segment, why);
    }

    private static ReviewTarget whole(ResultSummary r, List<String> why) {
        Verdict v = r.verdict();
        TextSummary t = r.text();
        return new ReviewTarget(null, 0, r.durationSeconds(), null, why, v.emotion().key(), v.confidence(),
                scores(v), t == null ? null : t.text(), json(wholeConflict(r)));
    }

    private static ReviewTarget segment(ResultSummary r, int i, List<String> why) {
        SegmentResult s = r.segments().get(i);
        return new ReviewTarget(i, s.startSeconds(), s.endSeconds(), s.speaker(), why, s.verdict().emotion().key(),
                s.verdict().confidence(), scores(s.verdict()), s.text(), json(s.textConflict()));
    }

    private static TextConflict wholeConflict(ResultSummary r) {
        return r.text() == null ? null : r.text().conflict();
    }

    private static String json(TextConflict c) {
        return c == null ? null : ResultWriter.conflictJson(c);
    }

    private static Map<String, Double> scores(Verdict v) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (EmotionLabel l : EmotionLabel.ALL) {
            m.put(l.key(), (double) v.score(l));
        }
        return m;
    }
}
