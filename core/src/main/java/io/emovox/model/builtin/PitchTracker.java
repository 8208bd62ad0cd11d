package io.emovox.model.builtin;

/**
 * Frame-wise F0 by normalised cross-correlation (NCCF) on a 2x-decimated signal. The NCCF peak
 * height doubles as the periodicity used for voicing and the harmonics-to-noise ratio.
 * Search range 60-500 Hz covers adult and most child speech; the smallest lag within 8% of the
 * best peak wins, which avoids the classic sub-octave (half F0) error.
 */
final class PitchTracker {
    static final double MIN_F0 = 60;
    static final double MAX_F0 = 500;
    /** Decimated rate: halves the cost and is ample for F0 up to 500 Hz. */
    private static final int RATE = 8_000;
    /** 30 ms correlation window at 8 kHz. */
    private static final int WINDOW = 240;

    private final int minLag = (int) Math.floor(RATE / MAX_F0);
    private final int maxLag = (int) Math.ceil(RATE / MIN_F0);

    /** Per-frame result: F0 in Hz (0 when no periodicity was found) and the NCCF peak in [0, 1]. */
    record Estimate(double f0, double periodicity) {}

    /**
     * Estimates F0 for each frame centred like the spectral frames ({@code hop} samples apart at 16 kHz).
     */
    Estimate[] track(float[] samples16k, int frameCount, int hop16k, int frame16k) {
        double[] x = decimate(samples16k);
        Estimate[] out = new Estimate[frameCount];
        for (int f = 0; f < frameCount; f++) {
            int centre = (f * hop16k + frame16k / 2) / 2;
            int start = centre - WINDOW / 2;
            out[f] = estimate(x, start);
        }
        return out;
    }

    private Estimate estimate(double[] x, int start) {
        if (start < 0 || start + WINDOW + maxLag + 1 > x.length) {
            // Near the edges: shift the window inside the signal when possible.
            start = Math.max(0, Math.min(start, x.length - WINDOW - maxLag - 2));
            if (start + WINDOW + maxLag + 1 > x.length) {
                return new Estimate(0, 0);
            }
        }
        double e0 = 0;
        for (int n = 0; n < WINDOW; n++) {
            e0 += x[start + n] * x[start + n];
        }
        if (e0 < 1e-9) {
            return new Estimate(0, 0);
        }
        double[] nccf = new double[maxLag + 2];
        double eLag = 0;
        for (int n = 0; n < WINDOW; n++) {
            eLag += x[start + minLag - 1 + n] * x[start + minLag - 1 + n];
        }
        double best = 0;
        for (int lag = minLag - 1; lag <= maxLag + 1; lag++) {
            if (lag > minLag - 1) {
                double out = x[start + lag - 1];
                double in = x[start + lag - 1 + WINDOW];
                eLag += in * in - out * out;
            }
            double c = 0;
            for (int n = 0; n < WINDOW; n++) {
                c += x[start + n] * x[start + n + lag];
            }
            double v = c / Math.sqrt(e0 * Math.max(eLag, 1e-12));
            nccf[lag] = v;
            if (lag >= minLag && lag <= maxLag) {
                best = Math.max(best, v);
            }
        }
        if (best <= 0) {
            return new Estimate(0, 0);
        }
        for (int lag = minLag; lag <= maxLag; lag++) {
            double v = nccf[lag];
            if (v >= 0.92 * best && v >= nccf[lag - 1] && v >= nccf[lag + 1]) {
                double a = nccf[lag - 1];
                double c = nccf[lag + 1];
                double denom = a - 2 * v + c;
                double shift = denom < 0 ? 0.5 * (a - c) / denom : 0;
                double refined = lag + Math.max(-0.5, Math.min(0.5, shift));
                return new Estimate(RATE / refined, Math.min(1, v));
            }
        }
        return new Estimate(0, Math.min(1, best));
    }

    /** Halves the rate after a short low-pass (7-tap half-band-ish FIR) so F0 harmonics do not alias. */
    private static double[] decimate(float[] s) {
        double[] h = {-0.0313, 0, 0.2813, 0.5, 0.2813, 0, -0.0313};
        double[] out = new double[s.length / 2];
        for (int i = 0; i < out.length; i++) {
            int c = 2 * i;
            double acc = 0;
            for (int k = 0; k < h.length; k++) {
                int j = c + k - 3;
                if (j >= 0 && j < s.length) {
                    acc += h[k] * s[j];
                }
            }
            out[i] = acc;
        }
        return out;
    }
}
