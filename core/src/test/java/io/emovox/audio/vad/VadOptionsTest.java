package io.emovox.audio.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VadOptionsTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        VadOptions d = VadOptions.DEFAULT;
        assertEquals(0.5, d.threshold());
        assertEquals(0.35, d.negThreshold(), 1e-12);
        assertEquals(250, d.minSpeechMs());
        assertEquals(100, d.minSilenceMs());
        assertEquals(30, d.speechPadMs());
        assertEquals(30.0, d.maxSegmentSeconds());
    }

    @Test
    void aNewThresholdMovesTheNegativeThresholdWithIt() {
        assertEquals(0.65, VadOptions.DEFAULT.withThreshold(0.8).negThreshold(), 1e-12);
        assertEquals(0.01, VadOptions.DEFAULT.withThreshold(0.1).negThreshold(), 1e-12);
        assertEquals(0.2, VadOptions.DEFAULT.withNegThreshold(0.2).negThreshold());
    }

    @Test
    void badValuesAreRefusedWithASentence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VadOptions.DEFAULT.withThreshold(1.5));
        assertTrue(e.getMessage().contains("threshold must lie in (0, 1], got 1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VadOptions.DEFAULT.withThreshold(0));
        assertThrows(IllegalArgumentException.class, () -> VadOptions.DEFAULT.withThreshold(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> VadOptions.DEFAULT.withNegThreshold(0.6));
        assertThrows(IllegalArgumentException.class, () -> VadOptions.DEFAULT.withMinSpeechMs(-1));
        assertThrows(IllegalArgumentException.class, () -> VadOptions.DEFAULT.withMinSilenceMs(-1));
        assertThrows(IllegalArgumentException.class, () -> VadOptions.DEFAULT.withSpeechPadMs(-5));
        assertThrows(IllegalArgumentException.class, () -> VadOptions.DEFAULT.withMaxSegmentSeconds(0.4));
        assertThrows(IllegalArgumentException.class, () -> VadOptions.DEFAULT.withMaxSegmentSeconds(4000));
        assertThrows(IllegalArgumentException.class,
                () -> VadOptions.DEFAULT.withMaxSegmentSeconds(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class,
                () -> VadOptions.DEFAULT.withSpeechPadMs(300).withMaxSegmentSeconds(1.0));
    }

    @Test
    void segmentsRefuseReversedTimes() {
        assertEquals(1.5, new SpeechSegment(0.5, 2.0).duration(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new SpeechSegment(2.0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new SpeechSegment(-0.1, 1.0));
    }
}
