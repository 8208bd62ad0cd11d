package io.emovox.analysis;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.model.EmotionLabel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads result.json back into a {@link ResultSummary}: {@link ResultWriter}'s counterpart, the one
 * place besides the writer that knows the field names. The frame timeline's rows are skipped
 * while parsing, so an hour of frames never sits in memory.
 */
final class ResultReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultReader() {}

    static ResultSummary summary(Path file) {
        try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
            ObjectNode r = topLevel(p);
            List<AnalysisWarning> warnings = new ArrayList<>();
            for (JsonNode w : r.path("warnings")) {
                warnings.add(new AnalysisWarning(w.path("code").asText(), w.path("message").asText()));
            }
            List<SegmentResult> segments = new ArrayList<>();
            for (JsonNode s : r.path("segments")) {
                segments.add(new SegmentResult(s.path("start").asDouble(), s.path("end").asDouble(),
                        s.path("speaker").isTextual() ? s.path("speaker").asText() : null, verdict(s),
                        s.path("low_reliability").asBoolean(), s.path("text").isTextual() ? s.path("text").asText()
                        : null, conflict(s.path("text_conflict"))));
            }
            List<SpeakerSummary> speakers = new ArrayList<>();
            for (JsonNode s : r.path("speakers")) {
                speakers.add(new SpeakerSummary(s.path("speaker").asText(), s.path("speech_seconds").asDouble(),
                        s.path("segments").asInt(), verdict(s), s.path("low_reliability").asBoolean()));
            }
            JsonNode m = r.path("model");
            JsonNode frames = r.path("frames");
            JsonNode embedding = r.path("embedding");
            // The verdict rule on the warnings, so folders written before result.json carried
            // "verdict" read the same way as new ones.
            return new ResultSummary(verdict(r),
                    SpeechVerdict.of(warnings.stream().map(AnalysisWarning::code).toList()),
                    Granularity.parse(r.path("granularity").asText()), r.path("duration").asDouble(),
                    r.path("low_reliability").asBoolean(),
                    new ModelRef(m.path("name").asText(), m.path("version").asText(), m.path("family").asText()),
                    warnings, segments, speakers, frames.path("count").asInt(), frames.path("rate_hz").asDouble(),
                    embedding.path("shape").path(0).asInt(), embedding.path("shape").path(1).asInt(), text(r));
        } catch (IOException | RuntimeException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot read " + file + " (" + e.getMessage()
                    + "). Analyse the input again (--force) to rewrite it.", e);
        }
    }

    /** The top-level fields; of {@code frames} only the scalars (count, rate), never the rows. */
    private static ObjectNode topLevel(JsonParser p) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("not a JSON object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("frames") && p.currentToken() == JsonToken.START_OBJECT) {
                ObjectNode frames = out.putObject("frames");
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    p.nextToken();
                    if (p.currentToken().isStructStart()) {
                        p.skipChildren();
                    } else {
                        frames.set(f, JSON.readTree(p));
                    }
                }
            } else {
                JsonNode value = JSON.readTree(p);
                out.set(name, value == null ? JSON.nullNode() : value);
            }
        }
        return out;
    }

    /** The transcript's top-level fields, or null when the result had no transcript. */
    private static TextSummary text(JsonNode r) {
        if (!r.path("text_conflicts").isNumber()) {
            return null;
        }
        JsonNode t = r.path("transcript");
        return new TextSummary(r.path("text").asText(), conflict(r.path("text_conflict")),
                r.path("text_conflicts").asInt(), t.path("file").asText(), t.path("format").asText(),
                t.path("cues").asInt());
    }

    private static TextConflict conflict(JsonNode c) {
        if (!c.isObject()) {
            return null;
        }
        List<String> words = new ArrayList<>();
        c.path("words").forEach(w -> words.add(w.asText()));
        return new TextConflict(EmotionLabel.fromKey(c.path("text_emotion").asText()),
                EmotionLabel.fromKey(c.path("voice_emotion").asText()), words);
    }

    /** The WebUI's verdict fields of a result, segment or speaker. */
    private static Verdict verdict(JsonNode n) {
        float[] scores = new float[EmotionLabel.COUNT];
        for (EmotionLabel l : EmotionLabel.ALL) {
            scores[l.ordinal()] = (float) n.path("scores").path(l.key()).asDouble();
        }
        return new Verdict(EmotionLabel.fromKey(n.path("emotion").asText()), (float) n.path("confidence").asDouble(),
                scores, n.path("uncertain").asBoolean());
    }
}
