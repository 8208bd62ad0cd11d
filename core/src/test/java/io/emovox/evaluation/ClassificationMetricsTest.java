package io.emovox.evaluation;

import io.emovox.model.EmotionLabel;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.emovox.model.EmotionLabel.ANGRY;
import static io.emovox.model.EmotionLabel.HAPPY;
import static io.emovox.model.EmotionLabel.NEUTRAL;
import static io.emovox.model.EmotionLabel.SAD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClassificationMetricsTest {

    static Prediction p(EmotionLabel truth, EmotionLabel predicted, float confidence, boolean uncertain) {
        float[] probs = new float[EmotionLabel.COUNT];
        java.util.Arrays.fill(probs, (1 - confidence) / (EmotionLabel.COUNT - 1));
        probs[predicted.ordinal()] = confidence;
        ManifestEntry e = new ManifestEntry(Path.of("x.wav"), truth.key(), "s1", 2, Map.of());
        return new Prediction(e, truth, probs, predicted, uncertain);
    }

    /** 6 clips: angry (A,A,H), happy (H,A), sad (N); correct ones at 0.95, wrong ones at 0.55. */
    static List<Prediction> sample() {
        return List.of(p(ANGRY, ANGRY, 0.95f, false), p(ANGRY, ANGRY, 0.95f, false), p(ANGRY, HAPPY, 0.55f, true),
                p(HAPPY, HAPPY, 0.95f, false), p(HAPPY, ANGRY, 0.55f, true), p(SAD, NEUTRAL, 0.55f, false));
    }

    @Test
    void scoresAHandComputedConfusion() {
        ClassificationMetrics m = ClassificationMetrics.of(sample());
        assertEquals(List.of(ANGRY, HAPPY, NEUTRAL, SAD), m.labels());
        assertArrayEquals(new int[] {2, 1, 0, 0}, m.confusion()[0]);
        assertArrayEquals(new int[] {1, 1, 0, 0}, m.confusion()[1]);
        assertArrayEquals(new int[] {0, 0, 0, 0}, m.confusion()[2]);
        assertArrayEquals(new int[] {0, 0, 1, 0}, m.confusion()[3]);
        assertEquals(6, m.count());
        assertEquals(0.5, m.wa(), 1e-12);
        // Recalls 2/3, 1/2, 0 over the three classes that occur in the truth (neutral does not).
        assertEquals((2.0 / 3 + 0.5 + 0) / 3, m.ua(), 1e-12);
        // F1: angry P=2/3 R=2/3 -> 2/3; happy P=1/2 R=1/2 -> 1/2; sad 0.
        assertEquals((2.0 / 3 + 0.5 + 0) / 3, m.macroF1(), 1e-12);
        assertEquals(2, m.uncertain());
        // Not uncertain: A->A, A->A, H->H right, S->N wrong.
        assertEquals(3, m.certainCorrect());
        assertEquals(4.0 / 6, m.certainShare(), 1e-12);
        assertEquals(3.0 / 4, m.certainAccuracy(), 1e-12);
        assertEquals(Double.NaN, ClassificationMetrics.of(List.of(p(SAD, SAD, 0.3f, true))).certainAccuracy());
        ClassScores neutral = m.perClass().get("neutral");
        assertEquals(new ClassScores(0, 1, 0, 0, 0), neutral);
        ClassScores angry = m.perClass().get("angry");
        assertEquals(3, angry.support());
        assertEquals(3, angry.predicted());
        assertEquals(2.0 / 3, angry.precision(), 1e-12);
    }

    @Test
    void eceIsTheWeightedGapBetweenConfidenceAndAccuracy() {
        // Bin 0.95: accuracy 1, confidence 0.95 (half the clips); bin 0.55: accuracy 0, confidence 0.55.
        assertEquals(0.5 * 0.05 + 0.5 * 0.55, ClassificationMetrics.of(sample()).ece(), 1e-6);
    }

    @Test
    void perfectPredictionsScoreOne() {
        ClassificationMetrics m = ClassificationMetrics.of(List.of(p(SAD, SAD, 1f, false), p(HAPPY, HAPPY, 1f, false)));
        assertEquals(1.0, m.wa());
        assertEquals(1.0, m.ua());
        assertEquals(1.0, m.macroF1());
        assertEquals(0.0, m.ece(), 1e-7);
    }

    @Test
    void zeroPredictionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.of(List.of()));
    }
}
