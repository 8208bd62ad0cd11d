package io.emovox.analysis;

import java.util.Arrays;

/**
 * Signal statistics for the "is this speech at all?" check, accumulated block by block while the
 * input is decoded. Every 32 ms hop it records the level, the spectral flatness and the dominant
 * spectral peak of a 128 ms Hann window (7.8 Hz bins). Holds a few floats per hop: an hour is
 * about 1.4 MB.
 */
final class SignalStats {
    static final int HOP = 512;
    private static final int FFT = 2048;
    private static final double BIN_HZ = 16_000.0 / FFT;
    /** Peak search band: below it hum, above it little tonal energy in either music or speech. */
    private static final int PEAK_LO = (int) (80 / BIN_HZ);
    private static final int PEAK_HI = (int) (4000 / BIN_HZ);
    private static final int FLAT_LO = (int) (100 / BIN_HZ);
    private static final int FLAT_HI = (int) (7000 / BIN_HZ);

    private final float[] history = new float[FFT];
    private final float[] hann = new float[FFT];
    private final double[] re = new double[FFT];
    private final double[] im = new double[FFT];
    private final float[] ordered = new float[FFT];
    private int pos;
    private int sinceHop;
    private long samples;
    private float peak;

    private float[] levelDb = new float[1024];
    private float[] flatness = new float[1024];
    private float[] peakHz = new float[1024];
    private int hops;

    SignalStats() {
        for (int i = 0; i < FFT; i++) {
            hann[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / FFT));
        }
    }

    void accept(float[] block, int off, int len) {
        for (int i = 0; i < len; i++) {
            float x = block[off + i];
            peak = Math.max(peak, Math.abs(x));
            history[pos] = x;
            pos = (pos + 1) % FFT;
            if (++sinceHop == HOP) {
                sinceHop = 0;
                analyseHop();
            }
        }
        samples += len;
    }

    long samples() {
        return samples;
    }

    /** Largest absolute sample value: 0 means digital silence. */
    float peak() {
        return peak;
    }

    int hops() {
        return hops;
    }

    float levelDb(int hop) {
        return levelDb[hop];
    }

    float flatness(int hop) {
        return flatness[hop];
    }

    /** Frequency of the dominant spectral peak (80 Hz - 4 kHz), refined by parabolic interpolation. */
    float peakHz(int hop) {
        return peakHz[hop];
    }

    private void analyseHop() {
        // Level of the newest 32 ms; spectrum of the newest 128 ms (oldest sample at pos).
        System.arraycopy(history, pos, ordered, 0, FFT - pos);
        System.arraycopy(history, 0, ordered, FFT - pos, pos);
        double energy = 0;
        for (int i = FFT - HOP; i < FFT; i++) {
            energy += ordered[i] * ordered[i];
        }
        float db = (float) (10 * Math.log10(energy / HOP + 1e-12));
        for (int i = 0; i < FFT; i++) {
            re[i] = ordered[i] * hann[i];
            im[i] = 0;
        }
        fft(re, im);
        double logSum = 0;
        double linSum = 0;
        int n = 0;
        int best = 0;
        double bestPower = -1;
        for (int k = FLAT_LO; k < FLAT_HI; k++) {
            double p = re[k] * re[k] + im[k] * im[k] + 1e-20;
            logSum += Math.log(p);
            linSum += p;
            n++;
            if (k >= PEAK_LO && k < PEAK_HI && p > bestPower) {
                bestPower = p;
                best = k;
            }
        }
        float flat = (float) (Math.exp(logSum / n) / (linSum / n));
        if (hops == levelDb.length) {
            levelDb = Arrays.copyOf(levelDb, hops * 2);
            flatness = Arrays.copyOf(flatness, hops * 2);
            peakHz = Arrays.copyOf(peakHz, hops * 2);
        }
        levelDb[hops] = db;
        flatness[hops] = flat;
        peakHz[hops] = (float) (refine(best) * BIN_HZ);
        hops++;
    }

    /** Peak position in bins from a parabola through the log power of the bin and its neighbours. */
    private double refine(int k) {
        double a = Math.log(re[k - 1] * re[k - 1] + im[k - 1] * im[k - 1] + 1e-20);
        double b = Math.log(re[k] * re[k] + im[k] * im[k] + 1e-20);
        double c = Math.log(re[k + 1] * re[k + 1] + im[k + 1] * im[k + 1] + 1e-20);
        double d = a - 2 * b + c;
        return d < 0 ? k + 0.5 * (a - c) / d : k;
    }

    /** In-place iterative radix-2 FFT; n must be a power of two. */
    static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = -2 * Math.PI / len;
            double wr = Math.cos(ang);
            double wi = Math.sin(ang);
            for (int i = 0; i < n; i += len) {
                double cr = 1;
                double ci = 0;
                for (int k = 0; k < len / 2; k++) {
                    int a = i + k;
                    int b = a + len / 2;
                    double xr = re[b] * cr - im[b] * ci;
                    double xi = re[b] * ci + im[b] * cr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                    double t = cr * wr - ci * wi;
                    ci = cr * wi + ci * wr;
                    cr = t;
                }
            }
        }
    }
}
