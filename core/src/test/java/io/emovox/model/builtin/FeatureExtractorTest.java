package io.emovox.model.builtin;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureExtractorTest {
    private static final int RATE = 16_000;
    private final FeatureExtractor fx = new FeatureExtractor();

    /** A harmonic tone (fundamental + 4 harmonics with falling amplitude), like a sustained vowel. */
    static float[] harmonicTone(double f0, double amplitude, double seconds) {
        float[] s = new float[(int) (seconds * RATE)];
        for (int i = 0; i < s.length; i++) {
            double v = 0;
            for (int h = 1; h <= 5; h++) {
                v += Math.sin(2 * Math.PI * f0 * h * i / RATE) / h;
            }
            s[i] = (float) (amplitude * v / 2.3);
        }
        return s;
    }

    private double feature(double[] v, String name) {
        return v[FeatureExtractor.names().indexOf(name)];
    }

    @Test
    void f0OfA200HzHarmonicToneIsWithinTwoPercent() {
        FrameTracks t = fx.track(harmonicTone(200, 0.3, 1.0));
        int voiced = 0;
        for (int f = 0; f < t.frames(); f++) {
            if (t.voiced()[f]) {
                voiced++;
                assertEquals(200, t.f0()[f], 4.0, "frame " + f);
            }
        }
        assertTrue(voiced > 0.9 * t.frames(), "voiced frames " + voiced + " of " + t.frames());
        double median = feature(fx.extract(harmonicTone(200, 0.3, 1.0)), "f0_p50_st");
        double hz = 27.5 * Math.pow(2, median / 12);
        assertEquals(200, hz, 4.0);
    }

    @Test
    void f0FollowsALowMaleAndAHighVoiceWithoutOctaveErrors() {
        for (double f0 : new double[] {90, 120, 310}) {
            double[] v = fx.extract(harmonicTone(f0, 0.3, 1.0));
            double hz = 27.5 * Math.pow(2, feature(v, "f0_p50_st") / 12);
            assertEquals(f0, hz, 0.02 * f0, "tone of " + f0 + " Hz");
        }
    }

    @Test
    void louderFramesHaveHigherLevelAndTheVectorIsGainInvariant() {
        FrameTracks quiet = fx.track(harmonicTone(150, 0.05, 0.5));
        FrameTracks loud = fx.track(harmonicTone(150, 0.5, 0.5));
        assertEquals(20.0, loud.energyDb()[10] - quiet.energyDb()[10], 0.01, "10x amplitude = +20 dB");
        assertArrayEquals(fx.extract(harmonicTone(150, 0.05, 0.5)), fx.extract(harmonicTone(150, 0.5, 0.5)), 1e-4,
                "recording gain must not change the features");
    }

    @Test
    void silenceIsNeitherActiveNorVoiced() {
        float[] silence = new float[RATE];
        FrameTracks t = fx.track(silence);
        for (int f = 0; f < t.frames(); f++) {
            assertEquals(false, t.voiced()[f]);
            assertEquals(false, t.active()[f]);
        }
        double[] v = fx.extract(silence);
        assertEquals(0.0, feature(v, "voiced_ratio"));
        for (double x : v) {
            assertTrue(Double.isFinite(x));
        }
    }

    @Test
    void whiteNoiseIsMostlyUnvoicedAndAToneFullyVoiced() {
        Random r = new Random(1);
        float[] noise = new float[RATE];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (0.1 * r.nextGaussian());
        }
        assertTrue(feature(fx.extract(noise), "voiced_ratio") < 0.1);
        assertTrue(feature(fx.extract(harmonicTone(180, 0.2, 1.0)), "voiced_ratio") > 0.95);
        assertTrue(feature(fx.extract(harmonicTone(180, 0.2, 1.0)), "hnr_mean_db") > 15);
    }

    @Test
    void aRisingGlideHasAPositivePitchSlopeAndASteadyToneNone() {
        float[] glide = new float[RATE];
        double phase = 0;
        for (int i = 0; i < glide.length; i++) {
            double f = 150 + 100.0 * i / glide.length;
            phase += 2 * Math.PI * f / RATE;
            glide[i] = (float) (0.3 * (Math.sin(phase) + 0.5 * Math.sin(2 * phase)));
        }
        // 150 -> 250 Hz over 1 s is 8.8 semitones per second.
        assertEquals(8.8, feature(fx.extract(glide), "f0_slope_st_per_s"), 0.5);
        assertEquals(0.0, feature(fx.extract(harmonicTone(200, 0.3, 1.0)), "f0_slope_st_per_s"), 0.1);
    }

    @Test
    void vectorHasOneValuePerNamedFeature() {
        assertEquals(FeatureExtractor.dimension(), fx.extract(harmonicTone(200, 0.3, 0.2)).length);
        assertEquals(FeatureExtractor.names().size(), FeatureExtractor.names().stream().distinct().count());
    }

    @Test
    void tooShortAudioIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fx.extract(new float[399]));
        assertTrue(e.getMessage().contains("399"));
    }
}
