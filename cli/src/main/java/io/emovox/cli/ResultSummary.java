package io.emovox.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.analysis.ResultWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The small part of a result.json that the terminal shows: everything but the frame timeline.
 * Read back from the written folder, so fresh and resumed (skipped) inputs print the same way.
 */
final class ResultSummary {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultSummary() {}

    /** Parses result.json in {@code folder}, skipping the (possibly huge) frame arrays. */
    static ObjectNode read(Path folder) {
        Path file = folder.resolve(ResultWriter.RESULT_JSON);
        try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
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
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
