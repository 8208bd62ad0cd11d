package io.emovox.analysis;

import io.emovox.model.EmotionLabel;
import java.util.List;

/**
 * The frame timeline of a frame-granularity result, kept on disk (an hour at 50 Hz is 180,000
 * frames) and read back in one streaming pass. Frame i is centred at
 * {@code firstSeconds + i / rateHz}. emotion2vec+ gives 50 Hz frames (frame i covers samples
 * {@code [320 i, 320 i + 400)}); models without native frames give one point per sliding window
 * (1 s windows every 0.25 s by default: 4 Hz). The smoothed timeline is a centred moving average
 * of the probabilities over {@code smoothingFrames} frames (truncated at both ends).
 * Owned by its {@link AnalysisResult}; valid until that is closed.
 */
public final class FrameTimeline {
    private final double rateHz;
    private final double firstSeconds;
    private final double windowSeconds;
    private final int smoothingFrames;
    private final double temperature;
    private final FloatFile logits;
    private final List<DominantRun> dominant;

    FrameTimeline(double rateHz, double firstSeconds, double windowSeconds, int smoothingFrames,
                  double temperature, FloatFile logits) {
        this(rateHz, firstSeconds, windowSeconds, smoothingFrames, temperature, logits, List.of());
    }

    private FrameTimeline(double rateHz, double firstSeconds, double windowSeconds, int smoothingFrames,
                          double temperature, FloatFile logits, List<DominantRun> dominant) {
        this.rateHz = rateHz;
        this.firstSeconds = firstSeconds;
        this.windowSeconds = windowSeconds;
        this.smoothingFrames = Math.max(1, smoothingFrames | 1);
        this.temperature = temperature;
        this.logits = logits;
        this.dominant = List.copyOf(dominant);
    }

    /** This timeline with its dominant-emotion runs (found once, after scoring; see {@link DominantRun#of}). */
    FrameTimeline withDominant(List<DominantRun> runs) {
        return new FrameTimeline(rateHz, firstSeconds, windowSeconds, smoothingFrames, temperature, logits, runs);
    }

    /** The smoothed timeline as runs of one dominant emotion; empty until the analyzer has found them. */
    public List<DominantRun> dominant() {
        return dominant;
    }

    public double rateHz() {
        return rateHz;
    }

    /** Centre time of frame 0 in seconds. */
    public double firstSeconds() {
        return firstSeconds;
    }

    /** Span of audio each frame looks at (0.025 s for emotion2vec). */
    public double windowSeconds() {
        return windowSeconds;
    }

    /** Odd width of the centred moving average, in frames. */
    public int smoothingFrames() {
        return smoothingFrames;
    }

    FloatFile file() {
        return logits;
    }

    public int count() {
        return (int) (logits.size() / EmotionLabel.COUNT);
    }

    /** The raw logits of frame i (for checks against the model's own output). */
    public float[] logits(int i) {
        return logits.read((long) i * EmotionLabel.COUNT, EmotionLabel.COUNT);
    }

    /** Receives frames in order; the arrays are reused between calls. */
    @FunctionalInterface
    public interface FrameConsumer {
        void accept(int index, double seconds, float[] probabilities, float[] smoothed);
    }

    /** Streams every frame in order with its probabilities and smoothed probabilities. */
    public void forEach(FrameConsumer consumer) {
        int n = count();
        int half = smoothingFrames / 2;
        int k = EmotionLabel.COUNT;
        float[][] ring = new float[smoothingFrames][];
        double[] sum = new double[k];
        float[] smoothed = new float[k];
        float[] chunk = new float[k * 1024];
        int chunkStart = -1;
        int chunkLen = 0;
        int inWindowLo = 0; // window of frames summed: [inWindowLo, inWindowHi)
        int inWindowHi = 0;
        for (int i = 0; i < n; i++) {
            // Drop frames before i - half first: the ring has exactly one slot per frame in the window.
            int wantLo = Math.max(0, i - half);
            while (inWindowLo < wantLo) {
                float[] old = ring[inWindowLo % smoothingFrames];
                for (int c = 0; c < k; c++) {
                    sum[c] -= old[c];
                }
                inWindowLo++;
            }
            // Extend the window to i + half (after dropping, since the new frame reuses the dropped slot).
            int wantHi = Math.min(n, i + half + 1);
            while (inWindowHi < wantHi) {
                int j = inWindowHi;
                if (chunkStart < 0 || j >= chunkStart + chunkLen) {
                    chunkStart = j;
                    chunkLen = Math.min(1024, n - j);
                    logits.read((long) j * k, chunk, 0, chunkLen * k);
                }
                float[] lj = new float[k];
                System.arraycopy(chunk, (j - chunkStart) * k, lj, 0, k);
                float[] pj = Probabilities.softmax(lj, temperature);
                ring[j % smoothingFrames] = pj;
                for (int c = 0; c < k; c++) {
                    sum[c] += pj[c];
                }
                inWindowHi++;
            }
            int width = inWindowHi - inWindowLo;
            for (int c = 0; c < k; c++) {
                smoothed[c] = (float) (sum[c] / width);
            }
            consumer.accept(i, firstSeconds + i / rateHz, ring[i % smoothingFrames], smoothed);
        }
    }
}
