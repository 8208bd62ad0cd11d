package io.emovox.model.builtin.training;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SpeedPerturbationTest {
    private static float[] tone(double hz, int n) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / 16000.0));
        }
        return s;
    }

    /** Frequency from upward zero crossings over the middle of the signal (edges hold filter ramps). */
    private static double frequency(float[] s) {
        int from = s.length / 10;
        int to = s.length - s.length / 10;
        int first = -1;
        int last = -1;
        int crossings = 0;
        for (int i = from + 1; i < to; i++) {
            if (s[i - 1] < 0 && s[i] >= 0) {
                if (first < 0) {
                    first = i;
                } else {
                    crossings++;
                }
                last = i;
            }
        }
        return crossings * 16000.0 / (last - first);
    }

    @Test
    void fasterRaisesPitchAndShortensTheClip() {
        float[] in = tone(200, 16000);
        float[] fast = SpeedPerturbation.apply(in, 1.1);
        float[] slow = SpeedPerturbation.apply(in, 0.9);
        assertEquals(16000 / 1.1, fast.length, 20);
        assertEquals(16000 / 0.9, slow.length, 20);
        assertEquals(220, frequency(fast), 1.0);
        assertEquals(180, frequency(slow), 1.0);
        assertEquals(200, frequency(in), 1.0);
    }

    @Test
    void unitSpeedIsACopyAndAbsurdSpeedsAreRefused() {
        float[] in = tone(300, 800);
        assertArrayEquals(in, SpeedPerturbation.apply(in, 1.0));
        assertThrows(IllegalArgumentException.class, () -> SpeedPerturbation.apply(in, 0));
        assertThrows(IllegalArgumentException.class, () -> SpeedPerturbation.apply(in, 3));
    }
}
