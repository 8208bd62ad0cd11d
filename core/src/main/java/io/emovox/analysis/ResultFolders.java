package io.emovox.analysis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Recognises the folders {@link ResultWriter} writes, so that tools managing them (the CLI's
 * {@code cleanup}) touch nothing else. The proof is the {@code result.json} itself: a top-level
 * {@code schema_version} number and a {@code model} object with a {@code name}, which the
 * emotion2vec WebUI's result.json (and any other JSON) lacks.
 */
public final class ResultFolders {
    private static final JsonFactory JSON = new JsonFactory();

    private ResultFolders() {}

    /**
     * Whether {@code dir} holds a result.json written by emovox. Reads only the head of the file
     * (the fields come before the segments and frames); never follows a symbolic link.
     */
    public static boolean isResultFolder(Path dir) {
        Path json = dir.resolve(ResultWriter.RESULT_JSON);
        if (!Files.isRegularFile(json, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (JsonParser p = JSON.createParser(json.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            boolean schema = false;
            boolean model = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("schema_version".equals(field)) {
                    schema = value == JsonToken.VALUE_NUMBER_INT;
                } else if ("model".equals(field) && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        model |= p.nextToken() == JsonToken.VALUE_STRING && "name".equals(f);
                        p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
                if (schema && model) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // unreadable or not JSON: not ours to touch
        }
    }
}
