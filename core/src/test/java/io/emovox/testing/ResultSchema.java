package io.emovox.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;

/** Validates result.json files against the JSON Schema shipped in emovox-core. */
public final class ResultSchema {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = load();

    private ResultSchema() {}

    private static JsonSchema load() {
        try (InputStream in = ResultSchema.class.getResourceAsStream("/io/emovox/analysis/result.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a result.json, failing with every schema violation listed. */
    public static JsonNode validate(Path resultJson) {
        try {
            JsonNode node = JSON.readTree(resultJson.toFile());
            Set<ValidationMessage> errors = SCHEMA.validate(node);
            if (!errors.isEmpty()) {
                throw new AssertionError(resultJson + " does not match result.schema.json: " + errors);
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
