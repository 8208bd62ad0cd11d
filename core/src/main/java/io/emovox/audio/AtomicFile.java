package io.emovox.audio;

import io.emovox.EmovoxException;
import io.emovox.IoErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file written under a temporary name in the target's folder and moved into place only on
 * {@link #commit()}, so a crash or error never leaves a half-written file under the real name.
 * Closing without committing deletes the temporary file.
 */
final class AtomicFile implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private boolean done;

    AtomicFile(Path target) {
        this.target = target.toAbsolutePath();
        Path dir = this.target.getParent();
        try {
            Files.createDirectories(dir);
            // A fresh hidden name beside the target (same file system, so the final move is atomic);
            // created with the usual permissions, unlike createTempFile's owner-only ones.
            this.temp = Files.createFile(dir.resolve("." + this.target.getFileName() + "."
                    + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".part"));
            this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw ioError(e);
        }
    }

    Path target() {
        return target;
    }

    void write(ByteBuffer buf) {
        ensureOpen();
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            throw ioError(e);
        }
    }

    void writeAt(ByteBuffer buf, long position) {
        ensureOpen();
        try {
            while (buf.hasRemaining()) {
                position += channel.write(buf, position);
            }
        } catch (IOException e) {
            throw ioError(e);
        }
    }

    long size() {
        ensureOpen();
        try {
            return channel.size();
        } catch (IOException e) {
            throw ioError(e);
        }
    }

    /** Flushes to disk and moves the file to its real name, replacing any older file there. */
    void commit() {
        ensureOpen();
        done = true;
        try {
            channel.force(true);
            channel.close();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteTemp();
            throw ioError(e);
        }
    }

    @Override
    public void close() {
        if (!done) {
            done = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // The temporary file is deleted next; nothing of it is kept.
            }
            deleteTemp();
        }
    }

    private void deleteTemp() {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Best effort: a leftover ".part" file never carries the real name.
        }
    }

    private void ensureOpen() {
        if (done) {
            throw new IllegalStateException("The writer for " + target + " was already committed or closed.");
        }
    }

    private EmovoxException ioError(IOException e) {
        return IoErrors.writeFailed(target.getFileName().toString(), target.getParent(), e, "write it to another folder");
    }
}
