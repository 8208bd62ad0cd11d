package io.emovox.server;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.files.PrivateFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One server owns a state folder. The lock is an OS file lock on {@code server.lock}, taken
 * before anything else in the folder is touched and held until {@link #close()} (the OS drops it
 * when the process dies, even by {@code kill -9}, so a stale lock file never blocks a restart).
 * The file holds the owner's pid, only to name it in the refusal. Commands that work beside a
 * running server ({@code token}, {@code cleanup}) do not take it: they change the database only
 * in SQLite transactions, which SQLite serialises with its own locks.
 */
public final class ServerLock implements AutoCloseable {
    /**
     * Lock files held by this JVM. POSIX record locks belong to the process, and closing any
     * descriptor of the file drops them: a second server in the same JVM must be refused before it
     * opens the file, or its refusal would release the first one's lock.
     */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private ServerLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the state folder for this process.
     *
     * @throws EmovoxException STATE_LOCKED when another server holds it
     */
    public static ServerLock acquire(ServerPaths paths) {
        Path file = paths.lock().toAbsolutePath().normalize();
        if (!HELD.add(file)) {
            throw refusal(paths, " (in this process)");
        }
        FileChannel ch = null;
        boolean ok = false;
        try {
            PrivateFiles.createDirectories(paths.root());
            ch = PrivateFiles.open(paths.lock(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw refusal(paths, holder(ch));
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            ok = true;
            return new ServerLock(file, ch, lock);
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot lock the state folder " + paths.root() + " ("
                    + e.getMessage() + "). Check that it is writable by this user.", e);
        } finally {
            if (!ok) {
                closeQuietly(ch);
                HELD.remove(file);
            }
        }
    }

    private static EmovoxException refusal(ServerPaths paths, String holder) {
        return new EmovoxException(ErrorKind.STATE_LOCKED, "Another emovox server" + holder + " is using the "
                + "state folder " + paths.root() + "; nothing was changed. Stop that server first, or give this "
                + "one its own folder (EMOVOX_HOME=...). 'emovox token' and 'emovox cleanup' work beside it.");
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            String pid = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
            return pid.matches("\\d{1,10}") ? " (pid " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing held
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
        HELD.remove(file);
    }
}
