package io.emovox.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emovox.audio.vad.SpeechSegment;
import io.emovox.model.EmotionLabel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The band the web UI draws: runs of the smoothed series, judged frame by frame by the core's rules. */
class DominantRunTest {
    @TempDir
    Path dir;

    @Test
    void runsCoverTheTimelineAndAgreeWithEverySmoothedFrame() {
        int n = 3000;
        Random rnd = new Random(3);
        try (FloatFile file = FloatFile.create(dir.resolve("logits.f32"))) {
            // Slowly wandering logits, so runs of several frames form.
            float[] row = new float[EmotionLabel.COUNT];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < row.length; c++) {
                    row[c] = c == EmotionLabel.COUNT - 1 ? Float.NEGATIVE_INFINITY
                            : (float) (0.97 * row[c] + 0.4 * rnd.nextGaussian());
                }
                file.append(row);
            }
            FrameTimeline timeline = new FrameTimeline(4, 0.5, 1.0, 3, 1.0, file);
            double duration = 0.5 + (n - 1) / 4.0 + 0.5;
            List<SpeechSegment> speech = List.of(new SpeechSegment(10, 200), new SpeechSegment(260.3, 700));
            List<DominantRun> runs = DominantRun.of(timeline, UncertaintyPolicy.DEFAULT, speech, duration);
            assertTrue(runs.size() > 10 && runs.size() < n, "runs: " + runs.size());
            assertEquals(0.375, runs.get(0).startSeconds(), 1e-9);
            assertEquals(Math.min(duration, 0.5 + (n - 1) / 4.0 + 0.125), runs.get(runs.size() - 1).endSeconds(), 1e-9);
            for (int i = 1; i < runs.size(); i++) {
                assertEquals(runs.get(i - 1).endSeconds(), runs.get(i).startSeconds(), 1e-9, "contiguous");
            }
            List<DominantRun> perFrame = new ArrayList<>();
            timeline.forEach((i, t, p, s) -> {
                DominantRun r = runs.stream().filter(d -> t >= d.startSeconds() && t < d.endSeconds()).findFirst()
                        .orElseThrow();
                assertEquals(EmotionLabel.ALL.get(Probabilities.argmax(s)), r.emotion(), "frame " + i);
                assertEquals(UncertaintyPolicy.DEFAULT.isUncertain(s), r.uncertain(), "frame " + i);
                boolean inSpeech = speech.stream().anyMatch(g -> t >= g.startSeconds() && t < g.endSeconds());
                assertEquals(inSpeech, r.speech(), "frame " + i + " at " + t);
                perFrame.add(r);
            });
            assertTrue(runs.stream().anyMatch(DominantRun::uncertain) && runs.stream().anyMatch(d -> !d.uncertain()));
            assertTrue(runs.stream().anyMatch(d -> !d.speech()) && runs.stream().anyMatch(DominantRun::speech));
            // Confidence: the mean smoothed probability of the run's class over its frames.
            DominantRun longest = runs.stream().max((a, b) -> Double.compare(a.duration(), b.duration())).orElseThrow();
            double[] sum = {0};
            int[] count = {0};
            timeline.forEach((i, t, p, s) -> {
                if (t >= longest.startSeconds() && t < longest.endSeconds()) {
                    sum[0] += s[longest.emotion().ordinal()];
                    count[0]++;
                }
            });
            assertEquals(sum[0] / count[0], longest.confidence(), 1e-5);
        }
    }
}
