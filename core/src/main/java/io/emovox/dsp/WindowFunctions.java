package io.emovox.dsp;

/** Analysis windows for frame-by-frame spectra. */
public final class WindowFunctions {
    private WindowFunctions() {}

    /** The symmetric Hamming window of {@code n} samples. */
    public static double[] hamming(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.54 - 0.46 * StrictMath.cos(2 * Math.PI * i / (n - 1));
        }
        return w;
    }
}
