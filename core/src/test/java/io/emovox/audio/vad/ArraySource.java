package io.emovox.audio.vad;

import io.emovox.audio.AudioSource;
import io.emovox.audio.SourceInfo;

/**
 * An {@link AudioSource} over samples made in the test, handing out at most {@code block} samples
 * per read, so that streaming code sees awkward block boundaries. With {@code repeat} it plays
 * the samples that many times in a row without holding the copies.
 */
final class ArraySource implements AudioSource {
    private final float[] samples;
    private final int block;
    private final long total;
    private long position;

    ArraySource(float[] samples, int block, int repeat) {
        this.samples = samples;
        this.block = block;
        this.total = (long) samples.length * repeat;
    }

    @Override
    public SourceInfo info() {
        return new SourceInfo("test signal", "none", "pcm_f32le", 16_000, 1, total / 16_000.0);
    }

    @Override
    public int read(float[] buf, int off, int len) {
        if (position == total) {
            return -1;
        }
        int at = (int) (position % samples.length);
        int n = Math.min(Math.min(len, block), samples.length - at);
        n = (int) Math.min(n, total - position);
        System.arraycopy(samples, at, buf, off, n);
        position += n;
        return n;
    }

    /** Samples handed out so far. */
    long position() {
        return position;
    }

    @Override
    public void close() {
    }
}
