package io.emovox.server.review;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * on too little speech, is not speech or its text contradicts its voice; each segment that is
 * uncertain, too short to be reliable, or whose text contradicts its voice ({@code text_conflict}).
 * Also the target a user sends to review by hand. Verdicts come from the core's reader; the
 * transcript fields ({@code text}, {@code text_conflict}, top level and per segment) are read as
 * result.json has them.
 */
public final class ReviewTriage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReviewTriage() {}

    /** What the result folder of a finished job asks a person to look at. */
    public static List<ReviewTarget> flagged(Path resultFolder) {
        ResultSummary r = ResultSummary.read(resultFolder);
        List<ReviewTarget> out = new ArrayList<>();
        Transcript transcript = transcript(resultFolder);
        List<String> whole = new ArrayList<>();
        if (r.verdict().uncertain()) {
            whole.add(ReviewReason.UNCERTAIN.key());
        }
        if (transcript.whole().path("text_conflict").isObject()) {
            whole.add(ReviewReason.TEXT_CONFLICT.key());
        }
        if (r.lowReliability()) {
            whole.add(ReviewReason.LOW_RELIABILITY.key());
        }
        if (!r.speech().speech()) {
            whole.add(ReviewReason.NOT_SPEECH.key());
        }
        if (!whole.isEmpty()) {
            out.add(whole(r, transcript, whole));
        }
        for (int i = 0; i < r.segments().size(); i++) {
            SegmentResult s = r.segments().get(i);
            JsonNode conflict = transcript.segment(i).path("text_conflict");
            List<String> why = new ArrayList<>();
            if (s.verdict().uncertain()) {
                why.add(ReviewReason.UNCERTAIN.key());
            }
            if (conflict.isObject()) {
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
            return whole(r, transcript(resultFolder), why);
        }
        if (segment < 0 || segment >= r.segments().size()) {
            throw new EmovoxException(ErrorKind.NOT_FOUND, "The result has " + r.segments().size()
                    + " segment(s), numbered from 0; there is no segment " + segment + ".");
        }
        return segment(r, transcript(resultFolder), segment, why);
    }

    private static ReviewTarget whole(ResultSummary r, Transcript transcript, List<String> why) {
        Verdict v = r.verdict();
        JsonNode t = transcript.whole();
        return new ReviewTarget(null, 0, r.durationSeconds(), null, why, v.emotion().key(), v.confidence(),
                scores(v), text(t), conflict(t));
    }

    private static ReviewTarget segment(ResultSummary r, Transcript transcript, int i, List<String> why) {
        SegmentResult s = r.segments().get(i);
        JsonNode t = transcript.segment(i);
        return new ReviewTarget(i, s.startSeconds(), s.endSeconds(), s.speaker(), why, s.verdict().emotion().key(),
                s.verdict().confidence(), scores(s.verdict()), text(t), conflict(t));
    }

    private static String text(JsonNode n) {
        return n.path("text").isTextual() ? n.path("text").asText() : null;
    }

    private static String conflict(JsonNode n) {
        return n.path("text_conflict").isObject() ? n.path("text_conflict").toString() : null;
    }

    private static Map<String, Double> scores(Verdict v) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (EmotionLabel l : EmotionLabel.ALL) {
            m.put(l.key(), (double) v.score(l));
        }
        return m;
    }

    /** The transcript fields of the whole result and of each segment (each node: text, text_conflict). */
    private record Transcript(ObjectNode whole, List<JsonNode> segments) {
        JsonNode segment(int i) {
            return i < segments.size() ? segments.get(i) : JSON.createObjectNode();
        }
    }

    /**
     * {@code text} and {@code text_conflict}, top level and per segment, skipping every other field
     * (a frame timeline's rows are never read).
     */
    private static Transcript transcript(Path resultFolder) {
        Path file = resultFolder.resolve(ResultWriter.RESULT_JSON);
        ObjectNode whole = JSON.createObjectNode();
        List<JsonNode> segments = new ArrayList<>();
        try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("segments") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        segments.add(keep(JSON.readTree(p)));
                    }
                } else if (name.equals("text") || name.equals("text_conflict")) {
                    whole.set(name, JSON.readTree(p));
                } else {
                    p.skipChildren();
                }
            }
            return new Transcript(whole, segments);
        } catch (IOException | RuntimeException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot read " + file + " (" + e.getMessage() + ").", e);
        }
    }

    private static JsonNode keep(JsonNode segment) {
        ObjectNode n = JSON.createObjectNode();
        n.set("text", segment.get("text"));
        n.set("text_conflict", segment.get("text_conflict"));
        return n;
    }
}
