package io.emovox.analysis;

import io.emovox.files.FileTrees;
import io.emovox.files.IoErrors;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The private work folders of analyses ({@code emovox-analysis-*} under a work root: the temp
 * folder unless the analyzer was given another). Each holds a {@code .lock} file locked for as long
 * as the folder is in use, so a folder left behind by a killed process is recognised by its free
 * lock and swept the first time a JVM uses that root.
 */
final class WorkFolders {
    static final String PREFIX = "emovox-analysis-";
    private static final String LOCK = ".lock";
    /** A folder without a lock file is only swept when older than this (it may be being created). */
    private static final Duration UNLOCKED_GRACE = Duration.ofHours(1);
    /**
     * A folder is never swept this soon after it was made: another process may have created it and
     * its lock file but not yet taken the lock.
     */
    private static final Duration FRESH = Duration.ofMinutes(1);
    /** Creating a folder and sweeping never overlap in this JVM: a sweep's probe lock would collide. */
    private static final Object GUARD = new Object();

    private static final Map<Path, FileChannel> HELD = new ConcurrentHashMap<>();
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

    private WorkFolders() {}

    /** The temporary folder: where work folders go unless an analyzer names another root. */
    static Path defaultRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Creates and locks a new work folder in the temporary folder. */
    static Path create() {
        return create(defaultRoot());
    }

    /** Creates and locks a new work folder under {@code root}; sweeps abandoned ones the first time in this JVM. */
    static Path create(Path root) {
        Path tmp = root.toAbsolutePath();
        synchronized (GUARD) {
            if (SWEPT.add(tmp)) {
                sweepAbandoned(tmp);
            }
            try {
                Files.createDirectories(tmp);
                Path dir = Files.createTempDirectory(tmp, PREFIX);
                FileChannel lock = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                lock.lock();
                HELD.put(dir, lock);
                return dir;
            } catch (IOException e) {
                throw IoErrors.writeFailed("An analysis work folder", tmp, e, IoErrors.TEMP_ELSEWHERE);
            }
        }
    }

    /** Releases the folder's lock and deletes it with everything in it (best effort). */
    static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        FileChannel lock = HELD.remove(dir);
        if (lock != null) {
            try {
                lock.close(); // releases the lock
            } catch (IOException e) {
                // Closing a lock file cannot lose data; the folder is deleted below anyway.
            }
        }
        FileTrees.deleteQuietly(dir);
    }

    /** Deletes work folders whose lock no live process holds. Returns how many were deleted. */
    static int sweepAbandoned(Path tmp) {
        synchronized (GUARD) {
            int deleted = 0;
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
                for (Path dir : dirs) {
                    if (Files.isDirectory(dir) && !HELD.containsKey(dir) && isAbandoned(dir)) {
                        FileTrees.deleteQuietly(dir);
                        deleted++;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Sweeping is housekeeping: never fail an analysis over it.
            }
            return deleted;
        }
    }

    private static boolean isAbandoned(Path dir) throws IOException {
        if (Files.getLastModifiedTime(dir).toInstant().isAfter(Instant.now().minus(FRESH))) {
            return false; // just made, perhaps by another process about to take its lock
        }
        Path lockFile = dir.resolve(LOCK);
        if (!Files.exists(lockFile)) {
            Instant modified = Files.getLastModifiedTime(dir).toInstant();
            return modified.isBefore(Instant.now().minus(UNLOCKED_GRACE));
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = ch.tryLock();
            if (probe == null) {
                return false; // another process holds it: in use
            }
            probe.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // held by this JVM
        }
    }
}
