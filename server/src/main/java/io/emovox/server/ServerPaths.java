package io.emovox.server;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The server's folder layout under {@code $EMOVOX_HOME/server}: the database, one folder per job
 * (the upload and its results), and a scratch folder for uploads still being received. Job ids
 * are checked against a strict pattern before they become a path, so no request can name a file
 * outside this tree.
 */
public record ServerPaths(Path root) {
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");

    public Path database() {
        return root.resolve("emovox.db");
    }

    public Path jobs() {
        return root.resolve("jobs");
    }

    public Path incoming() {
        return root.resolve("incoming");
    }

    public static boolean isJobId(String id) {
        return id != null && JOB_ID.matcher(id).matches();
    }

    /** The folder of one job; refuses anything that is not a job id. */
    public Path job(String id) {
        if (!isJobId(id)) {
            throw new IllegalArgumentException("Not a job id: '" + id + "'.");
        }
        return jobs().resolve(id);
    }

    /** The finished results of a job (written to a sibling then renamed, so it is complete or absent). */
    public Path results(String id) {
        return job(id).resolve("result");
    }
}
