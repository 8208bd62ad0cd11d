package io.emovox.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emovox.model.EmotionLabel;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameTimelineTest {
    @TempDir
    Path dir;

    /** The streamed moving average must equal a naive centred mean, truncated at the ends. */
    @Test
    void smoothedEqualsNaiveCentredMean() {
        int n = 2500; // crosses the 1024-frame read chunks
        int k = EmotionLabel.COUNT;
        Random rnd = new Random(7);
        float[][] logits = new float[n][k];
        try (FloatFile file = FloatFile.create(dir.resolve("logits.f32"))) {
            for (float[] row : logits) {
                for (int c = 0; c < k; c++) {
                    row[c] = c == k - 1 ? Float.NEGATIVE_INFINITY : (float) (rnd.nextGaussian() * 3);
                }
                file.append(row);
            }
            for (int width : new int[] {1, 3, 25}) {
                FrameTimeline timeline = new FrameTimeline(50, 0.0125, 0.025, width, 1.5, file);
                int half = timeline.smoothingFrames() / 2;
                int[] seen = {0};
                timeline.forEach((i, seconds, probabilities, smoothed) -> {
                    assertEquals(0.0125 + i / 50.0, seconds, 1e-9);
                    assertArrayEquals(Probabilities.softmax(logits[i], 1.5), probabilities, 1e-7f);
                    double[] mean = new double[k];
                    int lo = Math.max(0, i - half);
                    int hi = Math.min(n - 1, i + half);
                    for (int j = lo; j <= hi; j++) {
                        float[] p = Probabilities.softmax(logits[j], 1.5);
                        for (int c = 0; c < k; c++) {
                            mean[c] += p[c] / (hi - lo + 1);
                        }
                    }
                    for (int c = 0; c < k; c++) {
                        assertEquals(mean[c], smoothed[c], 1e-5, "frame " + i + " label " + c + " width " + width);
                    }
                    seen[0]++;
                });
                assertEquals(n, seen[0]);
            }
        }
    }
}
