package io.emovox.server.jobs;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.files.FileTrees;
import io.emovox.files.IoErrors;
import io.emovox.server.ServerPaths;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The job table against the job folders. At every start {@link #check()} compares them (and gives
 * rows from before manifests their job.json); {@link #rebuild()} ({@code emovox serve
 * --rebuild-index}) restores the rows of folders the database does not know, from each folder's
 * own manifest or, for older folders, its result.json.
 */
public final class JobIndex {
    private static final Logger LOG = Logger.getLogger(JobIndex.class.getName());

    /**
     * How the folders and rows compare.
     *
     * @param unknownFolders   job folders with no row: kept, never deleted; {@link #rebuild()} restores them
     * @param missingFolders   finished jobs whose folder is gone (their row is all that is left)
     * @param manifestsWritten rows from before manifests that got one now
     */
    public record Check(int unknownFolders, int missingFolders, int manifestsWritten) {}

    /**
     * What a rebuild did.
     *
     * @param restored   rows added from their folders
     * @param updated    rows that took their folder's finished state
     * @param unreadable job folders with neither a readable manifest nor a result (left as they are)
     */
    public record Rebuilt(int restored, int updated, int unreadable) {}

    private final JobStore store;
    private final ServerPaths paths;

    public JobIndex(JobStore store, ServerPaths paths) {
        this.store = store;
        this.paths = paths;
    }

    public Check check() {
        Map<String, JobRecord> rows = rows();
        int missing = 0;
        int written = 0;
        for (JobRecord j : rows.values()) {
            if (!ServerPaths.isJobId(j.id())) {
                continue;
            }
            if (!Files.isDirectory(paths.job(j.id()))) {
                missing += j.status().finished() ? 1 : 0;
            } else if (!JobManifest.exists(paths, j.id())) {
                written += writeQuietly(j) ? 1 : 0;
            }
        }
        int unknown = 0;
        for (String id : folders()) {
            unknown += rows.containsKey(id) ? 0 : 1;
        }
        return new Check(unknown, missing, written);
    }

    public Rebuilt rebuild() {
        Map<String, JobRecord> rows = rows();
        int restored = 0;
        int updated = 0;
        int unreadable = 0;
        for (String id : folders()) {
            Optional<JobRecord> own = JobManifest.read(paths, id);
            if (own.isEmpty()) {
                unreadable++;
                continue;
            }
            JobRecord f = own.get();
            long bytes = FileTrees.size(paths.job(id));
            JobRecord row = rows.get(id);
            if (row == null) {
                // A job that had not finished runs again at start (its input is in the folder).
                JobRecord back = (f.status() == JobStatus.RUNNING ? f.withStatus(JobStatus.QUEUED)
                        : f).withBytes(bytes);
                store.insert(back);
                if (!JobManifest.exists(paths, id)) {
                    writeQuietly(back); // a folder from before manifests gets one
                }
                restored++;
            } else if (!row.status().finished() && f.status().finished()) {
                updated += store.adoptFinished(f, bytes) ? 1 : 0;
            }
        }
        return new Rebuilt(restored, updated, unreadable);
    }

    private boolean writeQuietly(JobRecord j) {
        try {
            JobManifest.write(paths, j);
            return true;
        } catch (EmovoxException e) {
            LOG.warning("Cannot write the manifest of job " + j.id() + " (" + e.getMessage() + ")");
            return false;
        }
    }

    private Map<String, JobRecord> rows() {
        Map<String, JobRecord> rows = new HashMap<>();
        for (JobRecord j : store.all()) {
            rows.put(j.id(), j);
        }
        return rows;
    }

    /** Names of the folders under jobs/ that are job ids. */
    private java.util.List<String> folders() {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (!Files.isDirectory(paths.jobs())) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(paths.jobs(), Files::isDirectory)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (ServerPaths.isJobId(name)) {
                    out.add(name);
                }
            }
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "The job folders in " + paths.jobs() + " cannot be listed ("
                    + IoErrors.reason(e) + "). Check the server's state folder.", e);
        }
        java.util.Collections.sort(out);
        return out;
    }
}
