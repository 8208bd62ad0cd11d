package io.emovox.model.builtin.training;

import io.emovox.evaluation.ManifestClips;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.model.builtin.FeatureExtractor;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Development harness (issue 13): copies of a clip as other channels would deliver it — a
 * telephone band (300–3400 Hz, 8-bit mu-law), pink-ish noise at 10–20 dB SNR, and a small room
 * (exponentially decaying noise impulse response, RT60 0.3–0.7 s). Seeds come from the clip's
 * sample count, so the copies are the same in every run.
 */
final class Augment {
    private Augment() {}

    static double[][][] features(List<ManifestEntry> entries, Path file) throws IOException {
        int n = entries.size();
        if (Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                double[][][] out = new double[n][3][];
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < 3; k++) {
                        double[] v = new double[in.readInt()];
                        for (int d = 0; d < v.length; d++) {
                            v[d] = in.readDouble();
                        }
                        out[i][k] = v;
                    }
                }
                return out;
            }
        }
        long t0 = System.nanoTime();
        FeatureExtractor fx = new FeatureExtractor();
        ManifestClips.Outcome<double[][]> o = new ManifestClips<double[][]>().run(entries, s -> {
            Random rnd = new Random(s.length * 31L + 7);
            return new double[][] {fx.extract(telephone(s)), fx.extract(noise(s, 10 + 10 * rnd.nextDouble(), rnd)),
                fx.extract(reverb(s, 0.3 + 0.4 * rnd.nextDouble(), rnd))};
        }, i -> { });
        System.out.printf("augmented features: %d clips, %.0f s%n", n, (System.nanoTime() - t0) / 1e9);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            for (double[][] r : o.values()) {
                for (double[] v : r) {
                    out.writeInt(v.length);
                    for (double x : v) {
                        out.writeDouble(x);
                    }
                }
            }
        }
        return features(entries, file);
    }

    static float[] telephone(float[] x) {
        float[] y = biquad(biquad(x, 300, true), 300, true);
        y = biquad(biquad(y, 3400, false), 3400, false);
        for (int i = 0; i < y.length; i++) { // 8-bit mu-law quantisation
            double v = Math.max(-1, Math.min(1, y[i]));
            double c = Math.signum(v) * Math.log1p(255 * Math.abs(v)) / Math.log(256);
            c = Math.round(c * 127) / 127.0;
            y[i] = (float) (Math.signum(c) * (Math.pow(256, Math.abs(c)) - 1) / 255);
        }
        return y;
    }

    /** RBJ 2nd-order Butterworth high- or low-pass at 16 kHz. */
    static float[] biquad(float[] x, double f0, boolean high) {
        double w0 = 2 * Math.PI * f0 / 16000;
        double alpha = Math.sin(w0) / (2 * Math.sqrt(0.5));
        double cos = Math.cos(w0);
        double b0 = high ? (1 + cos) / 2 : (1 - cos) / 2;
        double b1 = high ? -(1 + cos) : 1 - cos;
        double b2 = b0;
        double a0 = 1 + alpha;
        double a1 = -2 * cos;
        double a2 = 1 - alpha;
        float[] y = new float[x.length];
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (int i = 0; i < x.length; i++) {
            double v = (b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2) / a0;
            x2 = x1;
            x1 = x[i];
            y2 = y1;
            y1 = v;
            y[i] = (float) v;
        }
        return y;
    }

    static float[] noise(float[] x, double snrDb, Random rnd) {
        double p = 0;
        for (float v : x) {
            p += v * v;
        }
        p /= x.length;
        float[] w = new float[x.length];
        double b = 0;
        for (int i = 0; i < w.length; i++) { // leaky-integrated white noise: more energy low
            b = 0.9 * b + rnd.nextGaussian();
            w[i] = (float) b;
        }
        double q = 0;
        for (float v : w) {
            q += v * v;
        }
        q /= w.length;
        double g = Math.sqrt(p / Math.pow(10, snrDb / 10) / Math.max(q, 1e-12));
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (x[i] + g * w[i]);
        }
        return y;
    }

    static float[] reverb(float[] x, double rt60, Random rnd) {
        int len = (int) (0.25 * 16000);
        double[] h = new double[len];
        h[0] = 1;
        for (int i = 1; i < len; i++) {
            h[i] = 0.3 * rnd.nextGaussian() * Math.exp(-6.9 * i / (rt60 * 16000));
        }
        float[] y = new float[x.length];
        double px = 0, py = 0;
        for (int i = 0; i < x.length; i++) {
            double acc = 0;
            int kmax = Math.min(len - 1, i);
            for (int k = 0; k <= kmax; k++) {
                acc += h[k] * x[i - k];
            }
            y[i] = (float) acc;
            px += x[i] * x[i];
            py += acc * acc;
        }
        float g = (float) Math.sqrt(px / Math.max(py, 1e-12));
        for (int i = 0; i < y.length; i++) {
            y[i] *= g;
        }
        return y;
    }
}
