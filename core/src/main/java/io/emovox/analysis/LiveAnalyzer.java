package io.emovox.analysis;

import io.emovox.audio.AudioFormat16k;
import io.emovox.audio.vad.SileroVad;
import io.emovox.audio.vad.SpeechSegment;
import io.emovox.audio.vad.VadSegmenter;
import io.emovox.model.EmotionModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Emotions of live audio (a microphone, a stream that never ends), one result per speech
 * segment as soon as the segment is over: voice activity detection runs on the stream as it
 * arrives, and each settled segment is scored the way {@code analyze --granularity segments}
 * scores it. Memory is bounded: only the last {@code maxSegmentSeconds} + 2 s of audio are kept.
 *
 * <pre>{@code
 * try (LiveAnalyzer live = new LiveAnalyzer(model, vad, AnalysisOptions.DEFAULT, r -> System.out.println(r))) {
 *     for (float[] block; (block = pcm.read()) != null; ) live.accept(block, 0, block.length);
 *     live.finish();
 * }
 * }</pre>
 * Not thread-safe: one stream per instance; results are delivered on the feeding thread.
 */
public final class LiveAnalyzer implements AutoCloseable {
    private final ClipScorer scorer;
    private final double temperature;
    private final AnalysisOptions options;
    private final Consumer<SegmentResult> onResult;
    private final VadSegmenter segmenter;
    private final float[] ring;
    private final List<SpeechSegment> settled = new ArrayList<>();
    private long received; // samples fed so far; sample i sits at ring[i % ring.length]

    /**
     * @param onResult receives each segment's result, in time order, on the thread that feeds
     */
    public LiveAnalyzer(EmotionModel model, SileroVad vad, AnalysisOptions options, Consumer<SegmentResult> onResult) {
        this.options = Objects.requireNonNull(options, "options");
        this.onResult = Objects.requireNonNull(onResult, "onResult");
        this.scorer = new ClipScorer(model, options);
        this.temperature = model.temperature();
        this.ring = new float[(int) AudioFormat16k.samples(options.vad().maxSegmentSeconds() + 2.0)];
        this.segmenter = vad.segmenter(options.vad(), settled::add);
    }

    /** Feeds the next 16 kHz mono samples; scores the segments that this block settles. */
    public void accept(float[] samples, int off, int len) {
        Objects.checkFromIndexSize(off, len, samples.length);
        for (int i = 0; i < len; ) {
            int at = (int) (received % ring.length);
            int n = Math.min(len - i, ring.length - at);
            System.arraycopy(samples, off + i, ring, at, n);
            received += n;
            i += n;
        }
        segmenter.accept(samples, off, len);
        scoreSettled();
    }

    /** Ends the stream: the segment still open (if any) is closed and scored. */
    public void finish() {
        segmenter.finish();
        scoreSettled();
    }

    /** Seconds of audio fed so far. */
    public double seconds() {
        return AudioFormat16k.seconds(received);
    }

    private void scoreSettled() {
        for (SpeechSegment s : settled) {
            long from = AudioFormat16k.samples(s.startSeconds());
            long to = Math.min(received, AudioFormat16k.samples(s.endSeconds()));
            if (to - from < AudioFormat16k.MIN_SAMPLES) {
                continue; // as analyze drops them
            }
            from = Math.max(from, received - ring.length); // never older than the ring holds
            float[] clip = new float[(int) (to - from)];
            for (int i = 0; i < clip.length; i++) {
                clip[i] = ring[(int) ((from + i) % ring.length)];
            }
            ClipScorer.Scored scored = scorer.score(clip);
            onResult.accept(new SegmentResult(s.startSeconds(), s.endSeconds(), null,
                    Verdict.fromLogits(scored.logits(), temperature, options.uncertainty()),
                    s.duration() < options.lowReliabilitySeconds()));
        }
        settled.clear();
    }

    @Override
    public void close() {
        segmenter.close();
    }
}
