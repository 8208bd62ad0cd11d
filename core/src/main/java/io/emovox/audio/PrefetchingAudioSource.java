package io.emovox.audio;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads another source ahead on its own thread, so decoding and resampling of the next blocks
 * overlap with whatever the caller does with the current one (voice activity detection, the
 * model). Memory stays bounded: at most {@link #QUEUE_BLOCKS} blocks of one second wait.
 *
 * <p>The inner source is touched only by the reading thread, and closed by {@link #close()}
 * after that thread has stopped; errors of the inner source are rethrown by {@link #read}.
 */
final class PrefetchingAudioSource implements AudioSource {

    static final int BLOCK = AudioFormat16k.SAMPLE_RATE;
    static final int QUEUE_BLOCKS = 4;

    /** A block of samples, the end of the input, or the failure that ended it. */
    private record Chunk(float[] samples, int length, Throwable failure) {
        static final Chunk END = new Chunk(null, -1, null);
    }

    private final AudioSource inner;
    private final SourceInfo info;
    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUE_BLOCKS);
    private final Thread reader;
    private volatile boolean stopping;
    private Chunk current;
    private int pos;
    private boolean closed;
    private boolean ended;

    PrefetchingAudioSource(AudioSource inner) {
        this.inner = inner;
        this.info = inner.info();
        this.reader = new Thread(this::readAhead, "emovox-decode-" + info.name());
        reader.setDaemon(true);
        reader.start();
    }

    private void readAhead() {
        try {
            while (!stopping) {
                float[] block = new float[BLOCK];
                int n = inner.read(block, 0, BLOCK);
                if (n < 0) {
                    put(Chunk.END);
                    return;
                }
                if (n > 0) {
                    put(new Chunk(block, n, null));
                }
            }
        } catch (Throwable t) {
            put(new Chunk(null, -1, t));
        }
    }

    /** Waits for room in the queue, giving up when the consumer closes the source. */
    private void put(Chunk c) {
        try {
            while (!stopping && !queue.offer(c, 50, TimeUnit.MILLISECONDS)) {
                // The consumer is slower; wait for it.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public int read(float[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IllegalStateException("This audio source is closed.");
        }
        Objects.checkFromIndexSize(off, len, buf.length);
        if (ended) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (current == null || pos == current.length()) {
            current = take();
            pos = 0;
            if (current.failure() != null) {
                ended = true;
                throw rethrow(current.failure());
            }
            if (current.length() < 0) {
                ended = true;
                return -1;
            }
        }
        int n = Math.min(len, current.length() - pos);
        System.arraycopy(current.samples(), pos, buf, off, n);
        pos += n;
        return n;
    }

    private Chunk take() throws IOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("Interrupted while waiting for decoded audio.");
        }
    }

    private static IOException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof IOException io) {
            return io;
        }
        return new IOException(t);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        stopping = true;
        queue.clear();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inner.close();
        }
    }
}
