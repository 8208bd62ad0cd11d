package io.emovox.audio;

import io.emovox.files.AtomicFile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes NumPy {@code .npy} files (format v1.0) holding a float32 little-endian ({@code '<f4'})
 * C-order matrix, always 2-D: one vector is {@code (1, D)}, a sequence of frames {@code (N, D)}.
 * {@code numpy.load(path)} returns an array of that shape.
 *
 * <p>Streaming use appends rows and patches {@code N} into the header on {@link #commit()}; the
 * header is padded so any row count fits. Written under a temporary name and moved into place on
 * commit; {@link #close()} without a commit deletes it:
 * <pre>{@code
 * try (NpyWriter w = NpyWriter.create(dir.resolve("frames.npy"), 768)) {
 *     for (float[] frame : frames) w.writeRow(frame);
 *     w.commit();
 * }
 * }</pre>
 */
public final class NpyWriter implements AutoCloseable {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Magic + version (2) + header length (2) + header text, a multiple of 64 bytes. */
    static final int HEADER_BYTES = 128;

    private final AtomicFile file;
    private final int columns;
    private final ByteBuffer block = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long rows;

    private NpyWriter(Path target, int columns) {
        if (columns <= 0) {
            throw new IllegalArgumentException("An NPY matrix needs at least one column, but " + columns
                    + " were asked for.");
        }
        this.columns = columns;
        this.file = new AtomicFile(target);
        file.write(header(0, columns));
    }

    /** Starts a streaming {@code (N, columns)} file; nothing appears at {@code target} until {@link #commit()}. */
    public static NpyWriter create(Path target, int columns) {
        return new NpyWriter(target, columns);
    }

    /** Writes one vector as a {@code (1, D)} matrix, atomically. */
    public static void write(Path target, float[] vector) {
        write(target, new float[][] {vector});
    }

    /** Writes {@code rows} as an {@code (N, D)} matrix, atomically; every row must have the same length. */
    public static void write(Path target, float[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("An NPY matrix needs at least one row to know its width;"
                    + " use create(target, columns) for an empty (0, D) file.");
        }
        try (NpyWriter w = create(target, rows[0].length)) {
            for (float[] row : rows) {
                w.writeRow(row);
            }
            w.commit();
        }
    }

    /** Appends one row of exactly {@code columns} values. */
    public void writeRow(float[] row) {
        if (row.length != columns) {
            throw new IllegalArgumentException("Every row of this NPY file has " + columns + " values, but a row of "
                    + row.length + " was given.");
        }
        for (float v : row) {
            if (!block.hasRemaining()) {
                flushBlock();
            }
            block.putFloat(v);
        }
        rows++;
    }

    /**
     * Appends {@code rowCount} rows stored row-major in {@code flat} from {@code offset}
     * ({@code rowCount * columns} values).
     */
    public void writeRows(float[] flat, int offset, int rowCount) {
        long count = (long) rowCount * columns;
        if (offset < 0 || rowCount < 0 || offset + count > flat.length) {
            throw new IndexOutOfBoundsException(rowCount + " rows of " + columns + " values from index " + offset
                    + " do not fit in an array of " + flat.length + ".");
        }
        for (int i = offset; i < offset + count; i++) {
            if (!block.hasRemaining()) {
                flushBlock();
            }
            block.putFloat(flat[i]);
        }
        rows += rowCount;
    }

    public long rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** Patches the row count into the header, syncs and moves the file into place. */
    public void commit() {
        flushBlock();
        file.writeAt(header(rows, columns), 0);
        file.commit();
    }

    /** Deletes the file unless {@link #commit()} was called. */
    @Override
    public void close() {
        file.close();
    }

    private void flushBlock() {
        block.flip();
        file.write(block);
        block.clear();
    }

    /** The v1.0 header for an (rows, columns) float32 matrix, padded with spaces to {@link #HEADER_BYTES}. */
    static ByteBuffer header(long rows, int columns) {
        String dict = String.format(Locale.ROOT, "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }",
                rows, columns);
        int textBytes = HEADER_BYTES - MAGIC.length - 4;
        StringBuilder text = new StringBuilder(dict);
        while (text.length() < textBytes - 1) {
            text.append(' ');
        }
        text.append('\n');
        if (text.length() != textBytes) {
            throw new IllegalStateException("NPY header for shape (" + rows + ", " + columns + ") does not fit in "
                    + HEADER_BYTES + " bytes.");
        }
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) textBytes);
        h.put(text.toString().getBytes(StandardCharsets.US_ASCII));
        return h.flip();
    }
}
