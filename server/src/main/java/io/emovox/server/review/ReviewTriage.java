package io.emovox.server.review;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.analysis.ResultSummary;
import io.emovox.analysis.ResultWriter;
import io.emovox.analysis.SegmentResult;
import io.emovox.analysis.Verdict;
import io.emovox.model.EmotionLabel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which parts of a finished result need a person: the whole result when it is uncertain, rests
 * on too little speech or is not speech; each segment that is uncertain, too short to be
 * reliable, or whose text contradicts its voice ({@code text_conflict}). Also the target a user
 * sends to review by hand. Verdicts come from the core's reader; the transcript fields
 * ({@code text}, {@code text_conflict}) are read from the segments as result.json has them.
 */
public final class ReviewTriage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReviewTriage() {}

    /** What the result folder of a finished job asks a person to look at. */
    public static List<ReviewTarget> flagged(Path resultFolder) {
        ResultSummary r = ResultSummary.read(resultFolder);
        List<ReviewTarget> out = new ArrayList<>();
        List<String> whole = new ArrayList<>();
        if (r.verdict().uncertain()) {
            whole.add(ReviewReason.UNCERTAIN.key());
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
        List<JsonNode> transcript = segmentText(resultFolder);
        for (int i = 0; i < r.segments().size(); i++) {
            SegmentResult s = r.segments().get(i);
            JsonNode conflict = i < transcript.size() ? transcript.get(i).path("text_conflict") : null;
            List<String> why = new ArrayList<>();
            if (s.verdict().uncertain()) {
                why.add(ReviewReason.UNCERTAIN.key());
            }
            if (conflict != null && conflict.isObject()) {
                why.add(ReviewReason.TEXT_CONFLICT.key());
            }
            if (s.lowReliability()) {
                why.add(ReviewReason.LOW_RELIABILITY.key());
            }
            if (!why.isEmpty()) {
                out.add(segment(r, transcript, i, why));
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
        return segment(r, segmentText(resultFolder), segment, why);
    }

    private static ReviewTarget whole(ResultSummary r, List<String> why) {
        Verdict v = r.verdict();
        return new ReviewTarget(null, 0, r.durationSeconds(), null, why, v.emotion().key(), v.confidence(),
                scores(v), null, null);
    }

    private static ReviewTarget segment(ResultSummary r, List<JsonNode> transcript, int i, List<String> why) {
        SegmentResult s = r.segments().get(i);
        JsonNode extra = i < transcript.size() ? transcript.get(i) : JSON.nullNode();
        JsonNode conflict = extra.path("text_conflict");
        return new ReviewTarget(i, s.startSeconds(), s.endSeconds(), s.speaker(), why, s.verdict().emotion().key(),
                s.verdict().confidence(), scores(s.verdict()),
                extra.path("text").isTextual() ? extra.path("text").asText() : null,
                conflict.isObject() ? conflict.toString() : null);
    }

    private static Map<String, Double> scores(Verdict v) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (EmotionLabel l : EmotionLabel.ALL) {
            m.put(l.key(), (double) v.score(l));
        }
        return m;
    }

    /** The {@code text} and {@code text_conflict} of each segment, skipping every other top-level field. */
    private static List<JsonNode> segmentText(Path resultFolder) {
        Path file = resultFolder.resolve(ResultWriter.RESULT_JSON);
        List<JsonNode> out = new ArrayList<>();
        try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("segments") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode s = JSON.readTree(p);
                        com.fasterxml.jackson.databind.node.ObjectNode keep = JSON.createObjectNode();
                        keep.set("text", s.get("text"));
                        keep.set("text_conflict", s.get("text_conflict"));
                        out.add(keep);
                    }
                } else {
                    p.skipChildren();
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot read " + file + " (" + e.getMessage() + ").", e);
        }
    }
}
