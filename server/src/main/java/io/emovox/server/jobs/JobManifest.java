package io.emovox.server.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emovox.EmovoxException;
import io.emovox.files.PrivateFiles;
import io.emovox.server.ServerPaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A job's own metadata, {@code job.json} in its folder beside the upload and the results: what
 * the database row says, so that each folder can tell what it is without the database. Written
 * (atomically) when the job is created and after each change of its state or pin; read to check
 * a folder against its row before retention deletes it, to finish what a database that lost
 * recent changes does not know, and to rebuild the job list ({@link JobIndex}).
 */
public final class JobManifest {
    private JobManifest() {}

    static final String FILE = "job.json";
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Writes the job's manifest; the job's folder must exist (a deleted job is not brought back).
     *
     * @throws EmovoxException IO_ERROR when it cannot be written (the earlier manifest stays)
     */
    public static void write(ServerPaths paths, JobRecord j) {
        Path dir = paths.job(j.id());
        if (!Files.isDirectory(dir)) {
            return;
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT);
        n.put("id", j.id());
        n.put("status", j.status().key());
        n.put("file_name", j.fileName());
        n.set("options", JSON.valueToTree(j.options()));
        n.put("owner", j.owner());
        n.put("owner_id", j.ownerId());
        n.put("created_at", j.createdAt());
        putLong(n, "started_at", j.startedAt());
        putLong(n, "finished_at", j.finishedAt());
        n.put("attempts", j.attempts());
        putDouble(n, "duration_seconds", j.durationSeconds());
        n.put("emotion", j.emotion());
        putDouble(n, "confidence", j.confidence());
        n.put("model", j.model());
        n.put("error_code", j.errorCode());
        n.put("error_message", j.errorMessage());
        n.put("pinned", j.pinned());
        n.put("verdict", j.verdict());
        n.put("verdict_reason", j.verdictReason());
        if (j.warnings() == null) {
            n.putNull("warnings");
        } else {
            j.warnings().forEach(n.putArray("warnings")::add);
        }
        try {
            PrivateFiles.writeAtomically(dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A job manifest could not be turned into JSON.", e);
        }
    }

    /**
     * The job a folder describes: from its manifest, or, for a folder written before manifests
     * existed, from its complete result (a finished job of the admin). Empty when the folder holds
     * neither, or they are not readable, or they name another job.
     */
    public static Optional<JobRecord> read(ServerPaths paths, String id) {
        Path dir = paths.job(id);
        try {
            Path manifest = dir.resolve(FILE);
            if (Files.isRegularFile(manifest)) {
                return Optional.of(fromManifest(JSON.readTree(manifest.toFile()), id));
            }
            Path result = paths.results(id).resolve("result.json");
            if (Files.isRegularFile(result)) {
                return Optional.of(fromResult(JSON.readTree(result.toFile()), id,
                        Files.getLastModifiedTime(result).toMillis()));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** True when the folder has its own manifest (not only a result to infer it from). */
    public static boolean exists(ServerPaths paths, String id) {
        return Files.isRegularFile(paths.job(id).resolve(FILE));
    }

    private static JobRecord fromManifest(JsonNode n, String id) {
        if (n.path("format").asInt() != FORMAT || !id.equals(n.path("id").asText())) {
            throw new IllegalArgumentException("The manifest of " + id + " describes another job or format.");
        }
        JobOptions options = JSON.convertValue(n.path("options"), JobOptions.class);
        return new JobRecord(id, JobStatus.fromKey(n.path("status").asText()),
                n.path("file_name").asText("upload"), options, n.path("owner").asText("admin"),
                n.path("owner_id").asText("user:admin"), n.path("created_at").asLong(), longOrNull(n, "started_at"),
                longOrNull(n, "finished_at"), 0, n.path("attempts").asInt(), doubleOrNull(n, "duration_seconds"),
                textOrNull(n, "emotion"), doubleOrNull(n, "confidence"), textOrNull(n, "model"),
                textOrNull(n, "error_code"), textOrNull(n, "error_message"), 0, n.path("pinned").asBoolean(),
                textOrNull(n, "verdict"), textOrNull(n, "verdict_reason"), codes(n.path("warnings"), false));
    }

    /** A result from before manifests: the job was done; its input name, verdict and model are in it. */
    private static JobRecord fromResult(JsonNode r, String id, long writtenAt) {
        String file = r.path("input").path("file").asText("upload");
        String granularity = r.path("granularity").asText("utterance");
        JobOptions options = new JobOptions(null, JobOptions.granularityOrNull(granularity),
                r.path("embedding").isObject(), null, null, null);
        return new JobRecord(id, JobStatus.DONE, Path.of(file).getFileName().toString(), options, "admin", "user:admin",
                writtenAt, writtenAt, writtenAt, 1, 1, doubleOrNull(r, "duration"), textOrNull(r, "emotion"),
                doubleOrNull(r, "confidence"), textOrNull(r.path("model"), "name"), null, null, 0, false,
                textOrNull(r, "verdict"), textOrNull(r, "verdict_reason"), codes(r.path("warnings"), true));
    }

    /** Warning codes: a manifest stores them as strings, a result as {code, message} objects. */
    private static java.util.List<String> codes(JsonNode array, boolean objects) {
        if (!array.isArray()) {
            return null;
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(w -> out.add(objects ? w.path("code").asText() : w.asText()));
        return java.util.List.copyOf(out);
    }

    private static void putLong(ObjectNode n, String k, Long v) {
        if (v == null) {
            n.putNull(k);
        } else {
            n.put(k, v);
        }
    }

    private static void putDouble(ObjectNode n, String k, Double v) {
        if (v == null) {
            n.putNull(k);
        } else {
            n.put(k, v);
        }
    }

    private static Long longOrNull(JsonNode n, String k) {
        return n.path(k).isNumber() ? n.path(k).asLong() : null;
    }

    private static Double doubleOrNull(JsonNode n, String k) {
        return n.path(k).isNumber() ? n.path(k).asDouble() : null;
    }

    private static String textOrNull(JsonNode n, String k) {
        return n.path(k).isTextual() ? n.path(k).asText() : null;
    }
}
