package io.emovox.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProbabilitiesTest {
    private static final float NEG = Float.NEGATIVE_INFINITY;

    @Test
    void softmaxMasksUnsupportedLabelsAndSumsToOne() {
        float[] p = Probabilities.softmax(new float[] {1f, NEG, 0f, 2f}, 1.0);
        assertEquals(0f, p[1]);
        assertEquals(1.0, p[0] + p[1] + p[2] + p[3], 1e-6);
        assertEquals(Math.exp(1) / (Math.exp(1) + 1 + Math.exp(2)), p[0], 1e-6);
        assertEquals(3, Probabilities.argmax(p));
    }

    @Test
    void temperatureFlattens() {
        float[] sharp = Probabilities.softmax(new float[] {2f, 0f}, 1.0);
        float[] flat = Probabilities.softmax(new float[] {2f, 0f}, 4.0);
        assertEquals(Math.exp(0.5) / (Math.exp(0.5) + 1), flat[0], 1e-6);
        assertTrue(flat[0] < sharp[0]);
        assertThrows(IllegalArgumentException.class, () -> Probabilities.softmax(new float[] {1f}, 0));
    }

    @Test
    void uncertainWhenLowOrClose() {
        UncertaintyPolicy p = UncertaintyPolicy.DEFAULT;
        assertTrue(p.isUncertain(new float[] {0.35f, 0.33f, 0.32f}));
        assertTrue(p.isUncertain(new float[] {0.48f, 0.45f, 0.07f}));
        assertFalse(p.isUncertain(new float[] {0.80f, 0.15f, 0.05f}));
    }
}
