package io.emovox.server;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The server's folder layout under {@code $EMOVOX_HOME/server}: the database, one folder per job
 * (the upload, its results and its own metadata), a scratch folder for uploads still being
 * received, the lock that gives one server the folder, and a small reserve of disk space. Job ids
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

    /** Held (file lock) by the one server that owns this folder, for its whole life. */
    public Path lock() {
        return root.resolve("server.lock");
    }

    /** Space set aside so that the database can still record deletions and logins on a full disk. */
    public Path reserve() {
        return root.resolve("reserve.bin");
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

    /** The job's own metadata (job.json), from which the job list can be rebuilt. */
    public Path manifest(String id) {
        return job(id).resolve("job.json");
    }
}
