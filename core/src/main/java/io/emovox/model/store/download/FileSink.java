package io.emovox.model.store.download;

import io.emovox.files.IoErrors;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.LongConsumer;

/**
 * Writes a response body into a {@code .part} file as it arrives (appending to what a previous
 * request left, or from the start), and remembers when data last came, so that a silent
 * connection can be ended ({@link #stall}) instead of blocking for ever. Its body is the file's
 * length when the answer is complete.
 */
final class FileSink implements HttpResponse.BodySubscriber<Long> {
    private final Path part;
    private final boolean append;
    private final LongConsumer onDisk;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile long lastData = System.nanoTime();
    private FileChannel channel;
    private long length;

    FileSink(Path part, boolean append, long start, LongConsumer onDisk) {
        this.part = part;
        this.append = append;
        this.length = start;
        this.onDisk = onDisk;
    }

    long lastData() {
        return lastData;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        try {
            channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            fail(e);
            return;
        }
        onDisk.accept(length);
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        try {
            for (ByteBuffer b : buffers) {
                while (b.hasRemaining()) {
                    length += channel.write(b);
                }
            }
        } catch (IOException e) {
            fail(e);
            return;
        }
        lastData = System.nanoTime();
        onDisk.accept(length);
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        close();
        done.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        close();
        done.complete(length);
    }

    @Override
    public CompletionStage<Long> getBody() {
        return done;
    }

    /** Ends a connection that stopped sending: the request fails as if it had dropped. */
    void stall(String why) {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        close();
        done.completeExceptionally(new IOException(why));
    }

    /** A local write failure (a full disk) is no network trouble: reported at once, not retried. */
    private void fail(IOException e) {
        subscription.cancel();
        close();
        done.completeExceptionally(IoErrors.writeFailed("The download of " + part.getFileName(), part.getParent(), e,
                FileFetcher.RESUME_ADVICE));
    }

    private synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // what was written is on disk; the next request checks the length
            }
        }
    }
}
