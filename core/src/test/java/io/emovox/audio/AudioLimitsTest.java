package io.emovox.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AudioLimitsTest {

    @Test
    void defaultsAreTwoGibibytesAndFourHours() {
        assertEquals(2L * 1024 * 1024 * 1024, AudioLimits.DEFAULT.maxBytes());
        assertEquals(4 * 3600.0, AudioLimits.DEFAULT.maxDurationSeconds());
        assertEquals(4L * 3600 * 16_000, AudioLimits.DEFAULT.maxSamples16k());
    }

    @Test
    void copiesChangeOneLimit() {
        AudioLimits l = AudioLimits.DEFAULT.withMaxBytes(1000).withMaxDurationSeconds(2.5);
        assertEquals(1000, l.maxBytes());
        assertEquals(2.5, l.maxDurationSeconds());
        assertEquals(40_000, l.maxSamples16k());
    }

    @Test
    void nonsenseLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> AudioLimits.DEFAULT.withMaxBytes(0));
        assertThrows(IllegalArgumentException.class, () -> AudioLimits.DEFAULT.withMaxDurationSeconds(-1));
        assertThrows(IllegalArgumentException.class, () -> AudioLimits.DEFAULT.withMaxDurationSeconds(Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> AudioLimits.DEFAULT.withMaxDurationSeconds(Double.POSITIVE_INFINITY));
    }

    @Test
    void channelsSayWhatTheyTake() {
        assertTrue(Channels.MIX.isMix());
        assertThrows(IllegalStateException.class, Channels.MIX::index);
        assertFalse(Channels.only(1).isMix());
        assertEquals(1, Channels.only(1).index());
        assertEquals(Channels.only(1), Channels.only(1));
        assertNotEquals(Channels.only(0), Channels.only(1));
        assertEquals("channel 1", Channels.only(1).toString());
    }
}
