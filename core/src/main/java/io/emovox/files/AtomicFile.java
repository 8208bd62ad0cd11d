package io.emovox.files;

import io.emovox.EmovoxException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A file written under a temporary name in the target's folder and moved into place only on
 * {@link #commit()}, so a crash or error never leaves a half-written file under the real name, and
 * a reader sees the old content or the new, never a mix. Closing without committing deletes the
 * temporary file. The one atomic writer of emovox: results (WAV, NPY), reports, model files, the
 * server's job manifests ({@link PrivateFiles}). Failures are IO_ERROR ({@link IoErrors}).
 *
 * <pre>{@code
 * AtomicFile.write(Path.of("report.json"), bytes);       // a whole file at once
 * try (AtomicFile f = new AtomicFile(target)) {          // or streamed
 *     f.write(buffer);
 *     f.commit();
 * }
 * }</pre>
 */
public final class AtomicFile implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private boolean done;

    /**
     * Starts writing {@code target} (its folder is created if missing).
     *
     * @param attributes for the new file, e.g. {@link PrivateFiles#fileAttributes()}; none: the
     *                   usual permissions (unlike createTempFile's owner-only ones)
     */
    public AtomicFile(Path target, FileAttribute<?>... attributes) {
        this.target = target.toAbsolutePath();
        Path dir = this.target.getParent();
        try {
            Files.createDirectories(dir);
            // A fresh hidden name beside the target: the same file system, so the final move is atomic.
            this.temp = Files.createFile(dir.resolve("." + this.target.getFileName() + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".part"), attributes);
            this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw ioError(e);
        }
    }

    /** Writes {@code content} to {@code target} at once, replacing any older file there. */
    public static void write(Path target, byte[] content, FileAttribute<?>... attributes) {
        try (AtomicFile f = new AtomicFile(target, attributes)) {
            f.write(ByteBuffer.wrap(content));
            f.commit();
        }
    }

    public Path target() {
        return target;
    }

    public void write(ByteBuffer buf) {
        ensureOpen();
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            throw ioError(e);
        }
    }

    public void writeAt(ByteBuffer buf, long position) {
        ensureOpen();
        try {
            while (buf.hasRemaining()) {
                position += channel.write(buf, position);
            }
        } catch (IOException e) {
            throw ioError(e);
        }
    }

    public long size() {
        ensureOpen();
        try {
            return channel.size();
        } catch (IOException e) {
            throw ioError(e);
        }
    }

    /** Flushes to disk and moves the file to its real name, replacing any older file there. */
    public void commit() {
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
        return IoErrors.writeFailed(target.getFileName().toString(), target.getParent(), e,
                "write it to another folder");
    }
}
