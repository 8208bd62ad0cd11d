package io.emovox.evaluation;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One row of an evaluation manifest.
 *
 * @param path    the audio file, resolved against the manifest's folder
 * @param label   the label as written in the manifest (mapped later by {@link LabelMapping})
 * @param speaker the speaker column, or "" when the manifest has none
 * @param line    1-based line in the CSV, for messages
 * @param columns every column of the row by its lowercase header name (for grouping)
 */
public record ManifestEntry(Path path, String label, String speaker, int line, Map<String, String> columns) {
    public ManifestEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(speaker, "speaker");
        columns = Map.copyOf(columns);
    }

    /** The value of a column, or "" when the manifest has no such column. */
    public String column(String name) {
        return columns.getOrDefault(name, "");
    }
}
