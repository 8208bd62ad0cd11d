package io.emovox.audio;

import static io.emovox.audio.AudioFixtures.tone;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Signal-level measurements of the 16 kHz resampler, with the thresholds of issue 2. */
class ResamplerTest {

    private static final int OUT = 16_000;
    /** Steady-state window of the 2 s outputs: away from the zero-padded edges, whole cycles of 1 and 3.5 kHz. */
    private static final int FROM = 4_000;
    private static final int TO = 28_000;

    @ParameterizedTest
    @ValueSource(ints = {44_100, 48_000, 22_050, 8_000})
    void oneKilohertzToneKeepsItsLevelWithinATenthOfADecibel(int rate) {
        float[] out = Resampler.resample(tone(1000, rate, 2.0, 0.5), rate);
        double gainDb = 20 * Math.log10(amplitude(out, 1000) / 0.5);
        assertTrue(Math.abs(gainDb) <= 0.1, rate + " Hz: level changed by " + gainDb + " dB");
    }

    @ParameterizedTest
    @ValueSource(ints = {44_100, 48_000})
    void tenKilohertzToneIsAttenuatedByAtLeast80Decibels(int rate) {
        float[] in = tone(10_000, rate, 2.0, 0.5);
        float[] out = Resampler.resample(in, rate);
        double attenuationDb = 20 * Math.log10(rms(in, 0, in.length) / rms(out, FROM, TO));
        assertTrue(attenuationDb >= 80, rate + " Hz: 10 kHz only attenuated by " + attenuationDb + " dB");
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 3500})
    void eightKilohertzInputIsUpsampledWithoutImagesAbove4Kilohertz(int hz) {
        float[] out = Resampler.resample(tone(hz, 8_000, 2.0, 0.5), 8_000);
        double toneRms = amplitude(out, hz) / Math.sqrt(2);
        // The image of a tone at f sits at 8000 - f; everything that is not the tone itself is error.
        double imageDb = 20 * Math.log10(amplitude(out, 8_000 - hz) / Math.sqrt(2) / toneRms);
        double residualDb = 20 * Math.log10(residualRms(out, hz) / toneRms);
        assertTrue(imageDb <= -80, hz + " Hz: image at " + (8000 - hz) + " Hz only " + imageDb + " dB down");
        assertTrue(residualDb <= -80, hz + " Hz: energy off the tone only " + residualDb + " dB down");
    }

    @Test
    void outputIsIdenticalRunToRun() {
        float[] noise = noise(44_100 * 3, 7);
        float[] first = Resampler.resample(noise, 44_100);
        float[] second = Resampler.resample(noise, 44_100);
        assertArrayEquals(first, second);
        // Golden checksum of this exact output: Java float arithmetic is IEEE-exact on every JVM, so a
        // change here means the filter or its arithmetic changed (update it only on purpose).
        assertEquals(GOLDEN_CRC_44K_NOISE, crc(first), "resampler output changed");
    }

    private static final long GOLDEN_CRC_44K_NOISE = 301_908_992L;

    @ParameterizedTest
    @ValueSource(ints = {8_000, 11_025, 22_050, 32_000, 44_100, 48_000, 96_000, 16_000})
    void streamingInOddSizedBlocksEqualsOneShot(int rate) {
        float[] in = noise(rate * 2 + 17, rate);
        float[] oneShot = Resampler.resample(in, rate);
        Resampler r = new Resampler(rate);
        Random sizes = new Random(rate);
        float[] streamed = new float[oneShot.length + 10];
        int n = 0;
        for (int off = 0; off < in.length; ) {
            int len = Math.min(in.length - off, 1 + sizes.nextInt(997));
            float[] part = r.process(in, off, len);
            System.arraycopy(part, 0, streamed, n, part.length);
            n += part.length;
            off += len;
        }
        float[] tail = r.flush();
        System.arraycopy(tail, 0, streamed, n, tail.length);
        n += tail.length;
        assertEquals(oneShot.length, n);
        assertArrayEquals(oneShot, java.util.Arrays.copyOf(streamed, n));
    }

    @ParameterizedTest
    @ValueSource(ints = {8_000, 11_025, 22_050, 44_100, 48_000, 16_000})
    void outputLengthIsInputDurationAt16Kilohertz(int rate) {
        for (int n : new int[] {1, 2, 3, 441, 1000, 44_101}) {
            long expected = (long) Math.ceil(n * (double) OUT / rate - 1e-9);
            assertEquals(expected, Resampler.resample(new float[n], rate).length, n + " samples at " + rate);
        }
    }

    @Test
    void sixteenKilohertzPassesThroughUnchanged() {
        float[] in = noise(5000, 3);
        assertArrayEquals(in, Resampler.resample(in, 16_000));
    }

    @Test
    void constantSignalKeepsItsValue() {
        float[] in = new float[44_100];
        java.util.Arrays.fill(in, 0.25f);
        float[] out = Resampler.resample(in, 44_100);
        for (int i = 2000; i < 14_000; i++) {
            assertEquals(0.25f, out[i], 1e-6f, "sample " + i);
        }
    }

    @Test
    void misuseIsRefusedWithASentence() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> new Resampler(0));
        assertTrue(bad.getMessage().contains("between 1 and 1,000,000 Hz"), bad.getMessage());
        Resampler r = new Resampler(44_100);
        r.flush();
        assertThrows(IllegalStateException.class, () -> r.process(new float[10], 0, 10));
    }

    /** Amplitude of the sinusoid at {@code hz} in the steady-state window (least-squares fit). */
    static double amplitude(float[] y, double hz) {
        double[] sc = fit(y, hz);
        return Math.hypot(sc[0], sc[1]);
    }

    private static double residualRms(float[] y, double hz) {
        double[] sc = fit(y, hz);
        double sum = 0;
        for (int i = FROM; i < TO; i++) {
            double w = 2 * Math.PI * hz * i / OUT;
            double e = y[i] - (sc[0] * Math.sin(w) + sc[1] * Math.cos(w));
            sum += e * e;
        }
        return Math.sqrt(sum / (TO - FROM));
    }

    private static double[] fit(float[] y, double hz) {
        double s = 0, c = 0;
        for (int i = FROM; i < TO; i++) {
            double w = 2 * Math.PI * hz * i / OUT;
            s += y[i] * Math.sin(w);
            c += y[i] * Math.cos(w);
        }
        return new double[] {2 * s / (TO - FROM), 2 * c / (TO - FROM)};
    }

    private static double rms(float[] y, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) y[i] * y[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    private static float[] noise(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * 0.2);
        }
        return x;
    }

    private static long crc(float[] x) {
        ByteBuffer b = ByteBuffer.allocate(x.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : x) {
            b.putFloat(v);
        }
        CRC32 crc = new CRC32();
        crc.update(b.array());
        return crc.getValue();
    }
}
