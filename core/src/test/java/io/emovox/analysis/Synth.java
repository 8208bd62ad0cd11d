package io.emovox.analysis;

import java.util.Random;

/** Synthesised non-speech at 16 kHz for the not-speech check: music, noise, near silence. */
final class Synth {
    static final int RATE = 16_000;

    private Synth() {}

    /** C, F, G, C major triads (piano-like decay), one every 0.5 s, for {@code seconds}. */
    static float[] chords(double seconds) {
        double[][] progression = {{261.63, 329.63, 392.00}, {349.23, 440.00, 523.25},
            {392.00, 493.88, 587.33}, {261.63, 329.63, 392.00}};
        float[] x = new float[(int) (seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            double t = i / (double) RATE;
            int beat = (int) (t / 0.5);
            double local = t - beat * 0.5;
            double env = Math.exp(-local * 4);
            double v = 0;
            for (double f : progression[beat % 4]) {
                for (int h = 1; h <= 4; h++) {
                    v += Math.sin(2 * Math.PI * f * h * t) / (h * h);
                }
            }
            x[i] = (float) (0.12 * env * v);
        }
        return x;
    }

    /** A sung-like melody: 0.6 s notes with harmonics, 5.5 Hz vibrato of 1%, short breaths. */
    static float[] melody(double seconds) {
        int[] steps = {0, 2, 4, 5, 7, 5, 4, 2};
        float[] x = new float[(int) (seconds * RATE)];
        double phase = 0;
        for (int i = 0; i < x.length; i++) {
            double t = i / (double) RATE;
            int note = (int) (t / 0.6);
            double local = t - note * 0.6;
            double f0 = 220 * Math.pow(2, steps[note % steps.length] / 12.0) * (1 + 0.01 * Math.sin(2 * Math.PI * 5.5 * t));
            phase += 2 * Math.PI * f0 / RATE;
            double env = local < 0.52 ? Math.min(1, local / 0.04) : 0;
            x[i] = (float) (0.25 * env * (Math.sin(phase) + 0.6 * Math.sin(2 * phase) + 0.4 * Math.sin(3 * phase)
                    + 0.2 * Math.sin(4 * phase)));
        }
        return x;
    }

    static float[] tone(double hz, double seconds) {
        float[] x = new float[(int) (seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return x;
    }

    static float[] whiteNoise(double amplitude, double seconds) {
        Random r = new Random(7);
        float[] x = new float[(int) (seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * r.nextGaussian());
        }
        return x;
    }

    /** Pink (1/f) noise by Paul Kellet's filter. */
    static float[] pinkNoise(double amplitude, double seconds) {
        Random r = new Random(11);
        float[] x = new float[(int) (seconds * RATE)];
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
        for (int i = 0; i < x.length; i++) {
            double w = r.nextGaussian();
            b0 = 0.99886 * b0 + w * 0.0555179;
            b1 = 0.99332 * b1 + w * 0.0750759;
            b2 = 0.96900 * b2 + w * 0.1538520;
            b3 = 0.86650 * b3 + w * 0.3104856;
            b4 = 0.55000 * b4 + w * 0.5329522;
            b5 = -0.7616 * b5 - w * 0.0168980;
            x[i] = (float) (amplitude * 0.11 * (b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362));
            b6 = w * 0.115926;
        }
        return x;
    }
}
