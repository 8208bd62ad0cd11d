package io.emovox.model.builtin.training;

import java.util.Arrays;
import java.util.Random;

/**
 * Copies of a training clip as another channel would have delivered it: the shared corpora are
 * clean studio (EmoDB, CASIA) or broadcast (URDU) recordings, and what users give the model is
 * telephone, laptop-microphone and room audio. Measured leave-one-corpus-out
 * (docs/builtin-model.md): learning from these copies is what carries the model furthest onto a
 * corpus it never met.
 *
 * <p>Deterministic: each copy's random draws are seeded from the clip's own samples and the
 * channel, and every transcendental function is {@link StrictMath}'s, so the same clip always
 * gives the same copy (training reproduces the shipped model byte for byte).
 */
public enum ChannelAugmentation {
    /** Telephone: 300–3400 Hz band (two 2nd-order Butterworth sections each side), 8-bit mu-law. */
    TELEPHONE,
    /** Background noise (white noise through a one-pole low-pass: more energy low) at 10–20 dB SNR. */
    NOISE,
    /** A small room: an exponentially decaying noise impulse response, RT60 0.3–0.7 s (0.25 s long). */
    ROOM;

    private static final int RATE = 16_000;

    /** The copy of 16 kHz mono {@code samples} through this channel (the input is not changed). */
    public float[] apply(float[] samples) {
        Random rnd = new Random(Arrays.hashCode(samples) * 31L + ordinal());
        return switch (this) {
            case TELEPHONE -> telephone(samples);
            case NOISE -> noise(samples, 10 + 10 * rnd.nextDouble(), rnd);
            case ROOM -> room(samples, 0.3 + 0.4 * rnd.nextDouble(), rnd);
        };
    }

    private static float[] telephone(float[] x) {
        float[] y = biquad(biquad(x, 300, true), 300, true);
        y = biquad(biquad(y, 3400, false), 3400, false);
        double log256 = StrictMath.log(256);
        for (int i = 0; i < y.length; i++) {
            double v = Math.max(-1, Math.min(1, y[i]));
            double c = Math.signum(v) * StrictMath.log1p(255 * Math.abs(v)) / log256;
            c = Math.round(c * 127) / 127.0;
            y[i] = (float) (Math.signum(c) * (StrictMath.pow(256, Math.abs(c)) - 1) / 255);
        }
        return y;
    }

    /** A 2nd-order Butterworth high- or low-pass at {@code f0} Hz (RBJ cookbook). */
    private static float[] biquad(float[] x, double f0, boolean high) {
        double w0 = 2 * Math.PI * f0 / RATE;
        double alpha = StrictMath.sin(w0) / (2 * Math.sqrt(0.5));
        double cos = StrictMath.cos(w0);
        double b0 = high ? (1 + cos) / 2 : (1 - cos) / 2;
        double b1 = high ? -(1 + cos) : 1 - cos;
        double a0 = 1 + alpha;
        double a1 = -2 * cos;
        double a2 = 1 - alpha;
        float[] y = new float[x.length];
        double x1 = 0;
        double x2 = 0;
        double y1 = 0;
        double y2 = 0;
        for (int i = 0; i < x.length; i++) {
            double v = (b0 * x[i] + b1 * x1 + b0 * x2 - a1 * y1 - a2 * y2) / a0;
            x2 = x1;
            x1 = x[i];
            y2 = y1;
            y1 = v;
            y[i] = (float) v;
        }
        return y;
    }

    private static float[] noise(float[] x, double snrDb, Random rnd) {
        float[] w = new float[x.length];
        double b = 0;
        for (int i = 0; i < w.length; i++) {
            b = 0.9 * b + rnd.nextGaussian();
            w[i] = (float) b;
        }
        double g = Math.sqrt(power(x) / StrictMath.pow(10, snrDb / 10) / Math.max(power(w), 1e-12));
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (x[i] + g * w[i]);
        }
        return y;
    }

    private static float[] room(float[] x, double rt60, Random rnd) {
        double[] h = new double[RATE / 4];
        h[0] = 1;
        for (int i = 1; i < h.length; i++) { // -60 dB (ln 1000 = 6.9) after rt60 seconds
            h[i] = 0.3 * rnd.nextGaussian() * StrictMath.exp(-6.9 * i / (rt60 * RATE));
        }
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double acc = 0;
            for (int k = 0, kmax = Math.min(h.length - 1, i); k <= kmax; k++) {
                acc += h[k] * x[i - k];
            }
            y[i] = (float) acc;
        }
        float g = (float) Math.sqrt(power(x) / Math.max(power(y), 1e-12)); // the same level as the clip
        for (int i = 0; i < y.length; i++) {
            y[i] *= g;
        }
        return y;
    }

    private static double power(float[] x) {
        double p = 0;
        for (float v : x) {
            p += v * v;
        }
        return x.length == 0 ? 0 : p / x.length;
    }
}
