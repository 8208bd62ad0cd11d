package io.emovox.audio;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs FFmpeg's decoding on a thread of its own, a few blocks ahead of the resampler, so the two
 * use both cores instead of taking turns on one. The block sequence is exactly the reader's, so
 * results are unchanged. The reader is touched only by that thread until {@link #stop()} has
 * joined it; its owner closes it afterwards.
 */
final class DecodeAhead {

    /** One decoded block of mono samples at {@code sampleRate}. */
    record Block(float[] samples, int length, int sampleRate) {}

    /** FFmpeg blocks are small (about 1,000–4,000 samples): this bounds memory to well under a second. */
    static final int QUEUE_BLOCKS = 16;
    private static final Object END = new Object();

    private final FfmpegAudioReader reader;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_BLOCKS);
    private final Thread thread;
    private volatile boolean stopping;
    private boolean ended;

    DecodeAhead(FfmpegAudioReader reader) {
        this.reader = reader;
        this.thread = new Thread(this::decode, "emovox-ffmpeg-" + reader.info().name());
        thread.setDaemon(true);
        thread.start();
    }

    private void decode() {
        try {
            while (!stopping) {
                int n = reader.next();
                if (n < 0) {
                    put(END);
                    return;
                }
                put(new Block(Arrays.copyOf(reader.samples(), n), n, reader.lastSampleRate()));
            }
        } catch (Throwable t) {
            put(t);
        }
    }

    private void put(Object item) {
        try {
            while (!stopping && !queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                // The consumer is slower, or has stopped: check again.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The next block, or null at the end of the input.
     *
     * @throws EmovoxException the decoder's own failure (corrupt input), rethrown here
     */
    Block next() {
        if (ended) {
            return null;
        }
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmovoxException(ErrorKind.IO_ERROR, "Decoding of " + reader.info().name()
                    + " was interrupted.", e);
        }
        if (item instanceof Block b) {
            return b;
        }
        ended = true;
        if (item == END) {
            return null;
        }
        if (item instanceof RuntimeException e) {
            throw e;
        }
        if (item instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("Decoding failed unexpectedly.", (Throwable) item);
    }

    /** Stops decoding and waits for the thread, after which the reader may be closed. */
    void stop() {
        stopping = true;
        queue.clear();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
