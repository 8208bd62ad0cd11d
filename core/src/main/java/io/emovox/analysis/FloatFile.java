package io.emovox.analysis;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.files.IoErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An append-then-read file of little-endian float32 values: how an analysis keeps decoded audio,
 * frame logits and embeddings of hour-long inputs on disk instead of in memory. Reads are
 * random-access, so windows of audio can be fetched in any order. Failures (a full temporary
 * folder, say) are {@link EmovoxException}s of kind {@code IO_ERROR} that say what to do.
 */
final class FloatFile implements AutoCloseable {
    private static final int BUFFER_FLOATS = 16_384;

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(BUFFER_FLOATS * 4).order(ByteOrder.LITTLE_ENDIAN);
    private long size;

    private FloatFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    static FloatFile create(Path path) {
        try {
            return new FloatFile(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.READ, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw IoErrors.writeFailed("An analysis work file", path.getParent(), e, IoErrors.TEMP_ELSEWHERE);
        }
    }

    Path path() {
        return path;
    }

    /** Number of floats appended so far. */
    long size() {
        return size;
    }

    void append(float[] values, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (!writeBuffer.hasRemaining()) {
                flush();
            }
            writeBuffer.putFloat(values[off + i]);
        }
        size += len;
    }

    void append(float[] values) {
        append(values, 0, values.length);
    }

    /** Reads {@code len} floats starting at float index {@code pos}. */
    void read(long pos, float[] dst, int off, int len) {
        if (pos < 0 || pos + len > size) {
            throw new IllegalArgumentException("Read of " + len + " floats at " + pos
                    + " is outside the " + size + " floats written.");
        }
        flush();
        ByteBuffer bb = ByteBuffer.allocate(Math.min(len, BUFFER_FLOATS) * 4).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        try {
            while (done < len) {
                int n = Math.min(len - done, BUFFER_FLOATS);
                bb.clear().limit(n * 4);
                long at = (pos + done) * 4L;
                while (bb.hasRemaining()) {
                    if (channel.read(bb, at + bb.position()) < 0) {
                        throw new IOException("unexpected end of file");
                    }
                }
                bb.flip();
                bb.asFloatBuffer().get(dst, off + done, n);
                done += n;
            }
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "The analysis work file " + path + " could not be read ("
                    + e.getMessage() + "). Check the temporary folder's disk, or " + IoErrors.TEMP_ELSEWHERE + ".", e);
        }
    }

    float[] read(long pos, int len) {
        float[] out = new float[len];
        read(pos, out, 0, len);
        return out;
    }

    /** Writes everything appended so far to disk (reads do this themselves). */
    void flush() {
        writeBuffer.flip();
        try {
            while (writeBuffer.hasRemaining()) {
                channel.write(writeBuffer, channel.size());
            }
        } catch (IOException e) {
            writeBuffer.clear(); // what did not fit is lost: the analysis fails, no later write may resume it
            throw IoErrors.writeFailed("An analysis work file", path.getParent(), e, IoErrors.TEMP_ELSEWHERE);
        }
        writeBuffer.clear();
    }

    @Override
    public void close() {
        try {
            flush();
            channel.close();
        } catch (IOException | EmovoxException e) {
            // Closing a temp file we are about to delete: nothing useful to report.
        }
    }
}
