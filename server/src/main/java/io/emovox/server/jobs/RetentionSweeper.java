package io.emovox.server.jobs;

import io.emovox.server.RetentionPolicy;
import io.emovox.server.ServerPaths;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a {@link RetentionPolicy}: deletes finished, unpinned jobs older than the age limit,
 * then the oldest finished, unpinned ones until the total is within the size limit; also removes
 * job folders without a database row and stale half-received uploads. Used by the server in the
 * background and by {@code emovox cleanup}; both may run at once (deleting is idempotent).
 */
public final class RetentionSweeper {

    /** What one sweep did. */
    public record Report(int deletedJobs, long freedBytes, int orphansRemoved, long keptBytes) {}

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
        List<JobRecord> all = new ArrayList<>();
        for (int offset = 0; ; offset += 1000) {
            List<JobRecord> page = store.list(null, 1000, offset);
            all.addAll(page);
            if (page.size() < 1000) {
                break;
            }
        }
        all.sort(java.util.Comparator.comparingLong(JobRecord::createdAt));
        long total = all.stream().mapToLong(JobRecord::bytes).sum();
        long cutoff = now.minus(policy.maxAge()).toEpochMilli();
        int deleted = 0;
        long freed = 0;
        Set<String> known = new HashSet<>();
        for (JobRecord j : all) {
            boolean deletable = j.status().finished() && !j.pinned();
            long finishedAt = j.finishedAt() != null ? j.finishedAt() : j.createdAt();
            if (deletable && (finishedAt < cutoff || total > policy.maxTotalBytes())) {
                store.delete(j.id());
                JobQueue.deleteTree(paths.job(j.id()));
                deleted++;
                freed += j.bytes();
                total -= j.bytes();
            } else {
                known.add(j.id());
            }
        }
        int orphans = removeOrphans(known, now);
        return new Report(deleted, freed, orphans, total);
    }

    private int removeOrphans(Set<String> known, Instant now) {
        int removed = 0;
        if (Files.isDirectory(paths.jobs())) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(paths.jobs())) {
                for (Path d : dirs) {
                    String name = d.getFileName().toString();
                    // A folder is created just before its row: give it a minute before calling it an orphan.
                    if (!known.contains(name) && olderThan(d, now, Duration.ofMinutes(1))
                            && store.get(name).isEmpty()) {
                        JobQueue.deleteTree(d);
                        removed++;
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("Cannot list " + paths.jobs(), e);
            }
        }
        if (Files.isDirectory(paths.incoming())) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(paths.incoming())) {
                for (Path f : files) {
                    if (olderThan(f, now, STALE_UPLOAD)) {
                        JobQueue.deleteTree(f);
                        removed++;
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("Cannot list " + paths.incoming(), e);
            }
        }
        return removed;
    }

    private static boolean olderThan(Path p, Instant now, Duration age) throws IOException {
        return Files.getLastModifiedTime(p).toInstant().isBefore(now.minus(age));
    }
}
