package io.emovox.audio;

import io.emovox.files.AtomicFile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes 16 kHz mono 16-bit PCM WAV files (the {@code processed_audio.wav} of an analysis: the
 * exact signal the model saw). Samples in [-1, 1] become {@code round(x * 32768)} clipped to
 * [-32768, 32767], so 16-bit input survives a decode/write round trip unchanged.
 *
 * <p>Streaming use writes blocks and patches the header sizes on {@link #commit()}. The file is
 * written under a temporary name and moved into place on commit; {@link #close()} without a
 * commit (an error on the way) deletes it, so no half-written WAV is ever left:
 * <pre>{@code
 * try (WavWriter w = WavWriter.create(dir.resolve("processed_audio.wav"))) {
 *     while ((n = source.read(block, 0, block.length)) >= 0) w.write(block, 0, n);
 *     w.commit();
 * }
 * }</pre>
 */
public final class WavWriter implements AutoCloseable {

    private static final int HEADER_BYTES = 44;
    private static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - 36;

    private final AtomicFile file;
    private final ByteBuffer block = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long samples;

    private WavWriter(Path target) {
        this.file = new AtomicFile(target);
        file.write(header(0));
    }

    /** Starts a streaming WAV file at {@code target}; nothing appears there until {@link #commit()}. */
    public static WavWriter create(Path target) {
        return new WavWriter(target);
    }

    /** Writes a whole clip (16 kHz mono samples) atomically. */
    public static void write(Path target, float[] samples) {
        try (WavWriter w = create(target)) {
            w.write(samples, 0, samples.length);
            w.commit();
        }
    }

    /** Appends 16 kHz mono samples. */
    public void write(float[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if ((samples + len) * 2 > MAX_DATA_BYTES) {
            throw new IllegalStateException("A WAV file holds at most 4 GiB of samples (37 hours at 16 kHz);"
                    + " split the audio into several files.");
        }
        for (int i = off; i < off + len; i++) {
            if (!block.hasRemaining()) {
                flushBlock();
            }
            block.putShort(toPcm16(buf[i]));
        }
        samples += len;
    }

    /** Samples written so far. */
    public long samples() {
        return samples;
    }

    /** Patches the header, syncs and moves the file into place. */
    public void commit() {
        flushBlock();
        file.writeAt(header(samples * 2), 0);
        file.commit();
    }

    /** Deletes the file unless {@link #commit()} was called. */
    @Override
    public void close() {
        file.close();
    }

    /** The 16-bit sample written for {@code x}: {@code round(x * 32768)} clipped; NaN becomes 0. */
    public static short toPcm16(float x) {
        float v = x * 32768f;
        if (v >= 32767f) {
            return Short.MAX_VALUE;
        }
        if (v <= -32768f || v != v) {
            return v != v ? 0 : Short.MIN_VALUE;
        }
        return (short) Math.round(v);
    }

    private void flushBlock() {
        block.flip();
        file.write(block);
        block.clear();
    }

    private static ByteBuffer header(long dataBytes) {
        int rate = AudioFormat16k.SAMPLE_RATE;
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes));
        h.put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        h.put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
        h.putShort((short) 1)          // PCM
                .putShort((short) 1)   // mono
                .putInt(rate)
                .putInt(rate * 2)      // byte rate
                .putShort((short) 2)   // block align
                .putShort((short) 16); // bits per sample
        h.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        return h.flip();
    }
}
