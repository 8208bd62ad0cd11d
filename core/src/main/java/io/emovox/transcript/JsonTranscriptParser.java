package io.emovox.transcript;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON transcripts of two ASR tools:
 * <ul>
 *   <li>Whisper ({@code whisper --output_format json}): {@code {"segments": [{"start", "end",
 *       "text"}]}}, times in seconds;
 *   <li>FunASR: {@code sentence_info} items {@code {"start", "end", "text" or "sentence"}} with
 *       times in milliseconds, at the top level or in the items of the list {@code generate()}
 *       returns; an item without {@code sentence_info} gives its {@code text} with per-token
 *       {@code timestamp} pairs (ms): one cue per token when the counts agree (space-separated
 *       tokens, or one Chinese character each), else one cue over them all.
 * </ul>
 * Parsed by hand over Jackson's token stream so every object keeps its line for messages.
 */
final class JsonTranscriptParser {
    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String source;
    private final Map<JsonNode, Integer> lines = new IdentityHashMap<>();

    private JsonTranscriptParser(String source) {
        this.source = source;
    }

    static Transcript parse(String source, String text) {
        return new JsonTranscriptParser(source).run(text);
    }

    private Transcript run(String text) {
        JsonNode root;
        try (JsonParser p = JSON.createParser(text)) {
            p.nextToken();
            root = read(p);
        } catch (JsonParseException e) {
            throw Transcript.invalid("Line " + e.getLocation().getLineNr() + " of " + source + " is not valid JSON ("
                    + e.getOriginalMessage().replaceAll("\\s+", " ") + "); fix the file or export it again.");
        } catch (IOException e) {
            throw Transcript.invalid(source + " cannot be read as JSON (" + e.getMessage() + ").");
        }
        List<Cue> cues = new ArrayList<>();
        if (root.isObject() && root.has("segments")) {
            for (JsonNode s : array(root, "segments")) {
                cues.add(cue(s, "start", "end", 1.0, text(s, "text")));
            }
            return new Transcript(source, "whisper", dropEmpty(cues));
        }
        List<JsonNode> items = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(items::add);
        } else {
            items.add(root);
        }
        for (JsonNode item : items) {
            if (!item.isObject()) {
                throw Transcript.invalid("Line " + line(root) + " of " + source + ": a FunASR result list holds "
                        + "objects with text and timestamps; found "
                        + item.getNodeType().name().toLowerCase(Locale.ROOT) + ".");
            }
            if (item.has("sentence_info")) {
                for (JsonNode s : array(item, "sentence_info")) {
                    String t = s.has("sentence") ? text(s, "sentence") : text(s, "text");
                    cues.add(cue(s, "start", "end", 0.001, t));
                }
            } else if (item.has("timestamp") && item.has("text")) {
                cues.addAll(tokenCues(item));
            } else {
                throw Transcript.invalid("Line " + line(item) + " of " + source + " is JSON but neither Whisper's "
                        + "(segments) nor FunASR's (sentence_info, or text with timestamp); export the transcript "
                        + "with timestamps.");
            }
        }
        return new Transcript(source, "funasr", dropEmpty(cues));
    }

    /** FunASR's per-token timestamps: one cue per token when they line up, else one cue. */
    private List<Cue> tokenCues(JsonNode item) {
        String text = text(item, "text").strip();
        List<double[]> stamps = new ArrayList<>();
        for (JsonNode pair : array(item, "timestamp")) {
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber() || !pair.get(1).isNumber()) {
                throw Transcript.invalid("Line " + line(pair) + " of " + source + " has a timestamp that is not a "
                        + "pair of millisecond numbers [start, end]; export the transcript again.");
            }
            double s = pair.get(0).asDouble() / 1000;
            double e = pair.get(1).asDouble() / 1000;
            checkTimes(pair, s, e);
            stamps.add(new double[] {s, e});
        }
        if (stamps.isEmpty()) {
            return List.of();
        }
        String[] spaced = text.split("\\s+");
        List<String> tokens = spaced.length == stamps.size() ? List.of(spaced) : hanTokens(text);
        int line = line(item);
        List<Cue> cues = new ArrayList<>();
        if (tokens.size() == stamps.size()) {
            for (int i = 0; i < tokens.size(); i++) {
                cues.add(new Cue(stamps.get(i)[0], stamps.get(i)[1], tokens.get(i), line));
            }
        } else {
            cues.add(new Cue(stamps.get(0)[0], stamps.get(stamps.size() - 1)[1], text, line));
        }
        return cues;
    }

    /** The Chinese characters of {@code text}, one token each (punctuation carries no timestamp). */
    private static List<String> hanTokens(String text) {
        List<String> out = new ArrayList<>();
        text.codePoints().filter(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)
                .forEach(cp -> out.add(new String(Character.toChars(cp))));
        return out;
    }

    private Cue cue(JsonNode s, String startField, String endField, double unitSeconds, String text) {
        JsonNode a = s.get(startField);
        JsonNode b = s.get(endField);
        if (a == null || b == null || !a.isNumber() || !b.isNumber()) {
            throw Transcript.invalid("Line " + line(s) + " of " + source + " has no numeric '" + startField + "' and '"
                    + endField + "'; every segment needs both.");
        }
        double start = a.asDouble() * unitSeconds;
        double end = b.asDouble() * unitSeconds;
        checkTimes(s, start, end);
        return new Cue(start, end, text.replaceAll("\\s+", " ").strip(), line(s));
    }

    private void checkTimes(JsonNode n, double start, double end) {
        if (!(start >= 0) || !Double.isFinite(end)) {
            throw Transcript.invalid("Line " + line(n) + " of " + source + " has a negative or non-finite time; fix "
                    + "the segment's times.");
        }
        if (end < start) {
            throw Transcript.invalid("Line " + line(n) + " of " + source + " ends before it starts; fix the "
                    + "segment's times.");
        }
    }

    private String text(JsonNode n, String field) {
        JsonNode t = n.get(field);
        if (t == null || !t.isTextual()) {
            throw Transcript.invalid("Line " + line(n) + " of " + source + " has no text field '" + field + "'.");
        }
        return t.asText();
    }

    private ArrayNode array(JsonNode n, String field) {
        JsonNode a = n.get(field);
        if (a == null || !a.isArray()) {
            throw Transcript.invalid("Line " + line(n) + " of " + source + ": '" + field + "' should be a list.");
        }
        return (ArrayNode) a;
    }

    private static List<Cue> dropEmpty(List<Cue> cues) {
        return cues.stream().filter(c -> !c.text().isEmpty()).toList();
    }

    private int line(JsonNode n) {
        return lines.getOrDefault(n, 1);
    }

    /** The value at the parser's current token, objects and arrays remembering their first line. */
    private JsonNode read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new JsonParseException(p, "no JSON value");
        }
        int line = p.currentTokenLocation().getLineNr();
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                lines.put(o, line);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, read(p));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                lines.put(a, line);
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p));
                }
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            default -> {
                return NODES.nullNode();
            }
        }
    }
}
