package io.emovox.audio.vad;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Voice activity detection over a stream fed in blocks of any size: each speech segment goes to
 * the consumer as soon as it is settled, and memory stays bounded however long the input is
 * (one 512-sample window, the model state, and the open segment's probabilities).
 *
 * <p>Made by {@link SileroVad#segmenter}. Feed it with {@link #accept}, end with {@link #finish},
 * then close it (it holds native tensors). Not thread-safe: one segmenter per stream; the
 * {@link SileroVad} it came from may serve other segmenters on other threads at the same time.
 */
public final class VadSegmenter implements AutoCloseable {
    private static final int W = SileroRunner.WINDOW;

    private final SileroRunner runner;
    private final SegmentTracker tracker;
    private final float[] window = new float[W];
    private final float[] probability = new float[1];
    private int filled;
    private long totalSamples;
    private VadSummary summary;

    VadSegmenter(SileroRunner runner, VadOptions options, Consumer<SpeechSegment> onSegment) {
        this.runner = runner;
        this.tracker = new SegmentTracker(Objects.requireNonNull(options, "options"),
                Objects.requireNonNull(onSegment, "onSegment"));
    }

    /** Feeds the next {@code len} samples (16 kHz mono, in [-1, 1]). */
    public void accept(float[] samples, int off, int len) {
        Objects.checkFromIndexSize(off, len, samples.length);
        if (summary != null) {
            throw new IllegalStateException("This voice activity segmenter has already finished.");
        }
        totalSamples += len;
        while (len > 0) {
            int n = Math.min(len, W - filled);
            System.arraycopy(samples, off, window, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == W) {
                runner.run(window, probability);
                tracker.accept(probability[0]);
                filled = 0;
            }
        }
    }

    /**
     * Ends the stream: runs the zero-padded last window, emits the last segments and returns the
     * summary of the whole stream.
     */
    public VadSummary finish() {
        if (summary != null) {
            throw new IllegalStateException("This voice activity segmenter has already finished.");
        }
        if (filled > 0) {
            java.util.Arrays.fill(window, filled, W, 0f);
            runner.run(window, probability);
            tracker.accept(probability[0], filled);
            filled = 0;
        }
        summary = tracker.finish(totalSamples);
        return summary;
    }

    /** Samples fed so far. */
    public long samples() {
        return totalSamples;
    }

    @Override
    public void close() {
        runner.close();
    }
}
