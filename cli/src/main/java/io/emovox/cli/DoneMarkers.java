package io.emovox.cli;

import io.emovox.analysis.AnalysisOptions;
import io.emovox.analysis.ResultWriter;
import io.emovox.files.IoErrors;
import io.emovox.model.ModelInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How {@code analyze --output DIR} resumes: each finished folder holds {@value #FILE}, the
 * SHA-256 of what made its result (the input's absolute path, size and modification time, the
 * model and every analysis option). An input whose folder carries the marker it would get now is
 * done; a changed file or option is analysed again.
 */
final class DoneMarkers {
    /** Marks a finished output folder. */
    static final String FILE = ".emovox-done";

    private DoneMarkers() {}

    /**
     * sha256 of what makes a result: the input (absolute path, size, mtime), the model, the options
     * and, when a transcript was given, the transcript and rules ({@code text}, else null).
     */
    static String of(Path file, ModelInfo info, AnalysisOptions options, String text) throws IOException {
        String key = String.join("\n", "emovox-analyze-v1", file.toAbsolutePath().normalize().toString(),
                Long.toString(Files.size(file)), Files.getLastModifiedTime(file).toString(),
                info.name(), info.version(), options.fingerprint()) + (text == null ? "" : "\n" + text);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime.", e);
        }
    }

    /** Whether {@code folder} holds a complete result made as {@code marker} says. */
    static boolean isDone(Path folder, String marker) {
        Path f = folder.resolve(FILE);
        try {
            return Files.isRegularFile(f) && Files.readString(f, StandardCharsets.UTF_8).strip().equals(marker)
                    && Files.isRegularFile(folder.resolve(ResultWriter.RESULT_JSON));
        } catch (IOException e) {
            return false;
        }
    }

    /** Marks the folder done; a folder whose marker could not be written is simply analysed again next time. */
    static void write(Path folder, String marker) {
        try {
            Files.writeString(folder.resolve(FILE), marker + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw IoErrors.writeFailed("The done-marker of " + folder, folder, e, "choose another --output folder");
        }
    }
}
