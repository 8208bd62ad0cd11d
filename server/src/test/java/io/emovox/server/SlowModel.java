package io.emovox.server;

import io.emovox.model.EmotionModel;
import io.emovox.model.ModelInfo;
import io.emovox.model.ModelOutput;

/**
 * Test decorator: the wrapped model, but each call takes at least {@code delayMillis} — so that a
 * job is still running when a test fills the queue or kills the server.
 */
final class SlowModel implements EmotionModel {
    private final EmotionModel inner;
    private final long delayMillis;

    SlowModel(EmotionModel inner, long delayMillis) {
        this.inner = inner;
        this.delayMillis = delayMillis;
    }

    @Override
    public ModelInfo info() {
        return inner.info();
    }

    @Override
    public ModelOutput run(float[] samples, boolean frames) {
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while simulating a slow model.", e);
        }
        return inner.run(samples, frames);
    }

    @Override
    public void close() {
        inner.close();
    }
}
