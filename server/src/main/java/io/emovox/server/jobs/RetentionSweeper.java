package io.emovox.server.jobs;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.files.FileTrees;
import io.emovox.files.IoErrors;
import io.emovox.server.RetentionPolicy;
import io.emovox.server.ServerPaths;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Applies a {@link RetentionPolicy}: deletes finished, unpinned jobs older than the age limit,
 * then the oldest finished, unpinned ones until the total is within the size limit; also removes
 * stale half-received uploads. Used by the server in the background and by {@code emovox cleanup};
 * both may run at once (each deletion re-checks its row under the database's write lock).
 *
 * <p>It works only from database rows, and deletes a job's folder only when the folder agrees
 * with its row: its manifest names the same job, finished and not pinned. A folder the database
 * does not know is never deleted — a database that lost its latest changes must not turn into
 * the loss of the results it forgot ({@link JobIndex} restores them).
 */
public final class RetentionSweeper {
    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class.getName());

    /**
     * What one sweep did.
     *
     * @param deletedJobs      jobs deleted with their files
     * @param freedBytes       their size
     * @param orphansRemoved   stale half-received uploads removed
     * @param keptBytes        size of the jobs kept
     * @param mismatched       jobs kept because their folder did not agree with their row
     */
    public record Report(int deletedJobs, long freedBytes, int orphansRemoved, long keptBytes, int mismatched) {}

    private static final Duration STALE_UPLOAD = Duration.ofHours(1);

    private final JobStore store;
    private final ServerPaths paths;
    private final RetentionPolicy policy;

    public RetentionSweeper(JobStore store, ServerPaths paths, RetentionPolicy policy) {
        this.store = store;
        this.paths = paths;
        this.policy = policy;
    }

    public Report sweep(Instant now) {
        List<JobRecord> all = store.all();
        long total = all.stream().mapToLong(JobRecord::bytes).sum();
        long cutoff = now.minus(policy.maxAge()).toEpochMilli();
        int deleted = 0;
        int mismatched = 0;
        long freed = 0;
        for (JobRecord j : all) {
            long finishedAt = j.finishedAt() != null ? j.finishedAt() : j.createdAt();
            if (!expired(j) || !(finishedAt < cutoff || total > policy.maxTotalBytes())) {
                continue;
            }
            boolean[] refused = {false};
            Optional<JobRecord> gone = store.deleteIf(j.id(), row -> {
                refused[0] = expired(row) && !folderAgrees(row);
                return expired(row) && !refused[0];
            }, row -> FileTrees.delete(paths.job(row.id())));
            if (gone.isPresent()) {
                deleted++;
                freed += gone.get().bytes();
                total -= gone.get().bytes();
            } else if (refused[0]) {
                mismatched++;
                LOG.warning("Retention kept job " + j.id() + ": its folder does not agree with its database row "
                        + "(see 'emovox serve --rebuild-index').");
            }
        }
        return new Report(deleted, freed, removeStaleUploads(now), total, mismatched);
    }

    /** Finished and unpinned: the only jobs retention may delete. */
    private static boolean expired(JobRecord j) {
        return j.status().finished() && !j.pinned();
    }

    /** The folder is gone, or its manifest names this job as finished and unpinned, like the row. */
    private boolean folderAgrees(JobRecord row) {
        if (!Files.exists(paths.job(row.id()))) {
            return true; // only the row is left: nothing on disk to lose
        }
        return JobManifest.read(paths, row.id())
                .filter(m -> m.id().equals(row.id()) && m.status() == row.status() && !m.pinned())
                .isPresent();
    }

    private int removeStaleUploads(Instant now) {
        int removed = 0;
        if (Files.isDirectory(paths.incoming())) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(paths.incoming())) {
                for (Path f : files) {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(now.minus(STALE_UPLOAD))) {
                        FileTrees.delete(f);
                        removed++;
                    }
                }
            } catch (IOException e) {
                throw new EmovoxException(ErrorKind.IO_ERROR,
                        "The uploads in " + paths.incoming() + " cannot be listed ("
                        + IoErrors.reason(e) + "). Check the server's state folder.", e);
            }
        }
        return removed;
    }
}
