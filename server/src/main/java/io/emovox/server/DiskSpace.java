package io.emovox.server;

import io.emovox.files.IoErrors;
import io.emovox.files.PrivateFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The free space of the disk that holds the state folder, and a small reserve on it.
 *
 * <p>Below {@code minFreeBytes} the server is "low on disk": uploads are refused (507) before
 * they are read, and {@code /healthz} says so. The reserve is a {@value #RESERVE_BYTES}-byte file
 * written while there is room; when SQLite reports a full disk the database gives it up and
 * retries, so logins, pins and the bookkeeping of deletions still commit on a disk that uploads
 * or other programs filled. It is written again once the disk has room.
 */
public final class DiskSpace {
    private static final Logger LOG = Logger.getLogger(DiskSpace.class.getName());
    static final int RESERVE_BYTES = 4 << 20;

    private final Path root;
    private final Path reserve;
    private final long minFreeBytes;

    public DiskSpace(ServerPaths paths, long minFreeBytes) {
        this.root = paths.root();
        this.reserve = paths.reserve();
        this.minFreeBytes = minFreeBytes;
    }

    /** Bytes this process may still write on the state folder's disk (0 when it cannot tell). */
    public long usableBytes() {
        try {
            FileStore store = Files.getFileStore(root);
            return store.getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    /** True when the disk is under the configured minimum, or the reserve had to be given up. */
    public boolean low() {
        return !Files.exists(reserve) || usableBytes() < minFreeBytes;
    }

    /**
     * True when an upload of {@code bytes} (-1: unknown) must be refused: the disk is low (the
     * reserve is for the database, not for uploads), or the upload would leave less than the minimum.
     */
    public boolean refuses(long bytes) {
        return !Files.exists(reserve) || usableBytes() - Math.max(0, bytes) < minFreeBytes;
    }

    /**
     * Gives the reserve back to the file system.
     *
     * @return true when there was one to give (a retry may now succeed)
     */
    public synchronized boolean release() {
        try {
            boolean freed = Files.deleteIfExists(reserve);
            if (freed) {
                LOG.warning("The disk of " + root + " is full: released the " + (RESERVE_BYTES >> 20)
                        + " MiB reserve so that the database can still record changes. Free space or delete old jobs.");
            }
            return freed;
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes the reserve when it is missing and the disk has room for it beyond the minimum. */
    public synchronized void maintain() {
        if (Files.exists(reserve) || usableBytes() < minFreeBytes + 2L * RESERVE_BYTES) {
            return;
        }
        Path tmp = reserve.resolveSibling(reserve.getFileName() + ".tmp");
        try {
            try (FileChannel ch = PrivateFiles.open(tmp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer zeros = ByteBuffer.allocate(64 << 10); // real blocks: a sparse file would reserve nothing
                for (int written = 0; written < RESERVE_BYTES; written += zeros.capacity()) {
                    zeros.clear();
                    while (zeros.hasRemaining()) {
                        ch.write(zeros);
                    }
                }
                ch.force(true);
            }
            Files.move(tmp, reserve, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.log(Level.FINE, "Cannot write the disk reserve yet", e);
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do; the next check tries again
            }
        }
    }

    /** True when the failure, or one of its causes, is a full disk (ENOSPC, or SQLite's SQLITE_FULL). */
    public static boolean isDiskFull(Throwable e) {
        if (IoErrors.isDiskFull(e)) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && (s.getErrorCode() & 0xff) == 13) {
                return true;
            }
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("sqlite_full") || m.contains("disk is full")) {
                return true;
            }
        }
        return false;
    }
}
