package io.emovox.model.builtin.training;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The channel copies the built-in model trains on: what each does to a signal, and that it repeats. */
class ChannelAugmentationTest {
    private static float[] sine(double hz, double seconds) {
        float[] x = new float[(int) (seconds * 16_000)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * hz * i / 16_000));
        }
        return x;
    }

    private static double rms(float[] x, int from) {
        double p = 0;
        for (int i = from; i < x.length; i++) {
            p += x[i] * x[i];
        }
        return Math.sqrt(p / (x.length - from));
    }

    private static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }

    @Test
    void theTelephoneKeepsTheVoiceBandAndCutsWhatLiesOutside() {
        int settle = 1600; // skip the filters' first 0.1 s
        float[] speech = sine(1000, 1);
        float[] hum = sine(80, 1);
        float[] hiss = sine(6000, 1);
        assertTrue(Math.abs(db(rms(ChannelAugmentation.TELEPHONE.apply(speech), settle) / rms(speech, settle))) < 1.5,
                "1 kHz passes");
        assertTrue(db(rms(ChannelAugmentation.TELEPHONE.apply(hum), settle) / rms(hum, settle)) < -20, "80 Hz is cut");
        assertTrue(db(rms(ChannelAugmentation.TELEPHONE.apply(hiss), settle) / rms(hiss, settle)) < -20,
                "6 kHz is cut");
    }

    @Test
    void noiseIsAddedAtTenToTwentyDecibelsBelowTheClip() {
        float[] clip = sine(440, 2);
        float[] noisy = ChannelAugmentation.NOISE.apply(clip);
        float[] noise = new float[clip.length];
        for (int i = 0; i < clip.length; i++) {
            noise[i] = noisy[i] - clip[i];
        }
        double snr = db(rms(clip, 0) / rms(noise, 0));
        assertTrue(snr >= 9.9 && snr <= 20.1, "SNR " + snr);
    }

    @Test
    void theRoomSmearsTheClipButKeepsItsLevel() {
        float[] click = new float[16_000];
        click[100] = 1;
        float[] wet = ChannelAugmentation.ROOM.apply(click);
        assertEquals(rms(click, 0), rms(wet, 0), 1e-4, "same level");
        assertTrue(rms(Arrays.copyOfRange(wet, 1700, 3000), 0) > 0, "a tail follows the click");
        assertEquals(0, rms(Arrays.copyOfRange(wet, 0, 100), 0), "nothing before it");
    }

    @Test
    void everyCopyRepeatsExactlyAndLeavesTheClipAlone() {
        float[] clip = sine(300, 1.5);
        float[] before = clip.clone();
        for (ChannelAugmentation c : ChannelAugmentation.values()) {
            float[] a = c.apply(clip);
            assertArrayEquals(a, c.apply(clip), c + " is deterministic");
            assertFalse(Arrays.equals(a, clip), c + " changes the signal");
            assertEquals(clip.length, a.length);
        }
        assertArrayEquals(before, clip);
        List<float[]> copies = TrainingCopies.SHIPPED.of(clip);
        assertEquals(5, copies.size(), "two speeds and three channels");
        assertEquals(TrainingCopies.SHIPPED.count(), copies.size());
        assertArrayEquals(ChannelAugmentation.TELEPHONE.apply(clip), copies.get(2), "speeds first, then channels");
        assertEquals(0, TrainingCopies.NONE.of(clip).size());
    }
}
