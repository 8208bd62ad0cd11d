package io.emovox.model.emotion2vec.importer;

/**
 * ALiBi head slopes as data2vec 2.0 computes them: for H a power of two the geometric series
 * starting at 2^(-8/H); otherwise the 2^floor(log2 H) series followed by every other slope of
 * the series for twice that many heads. Computed in double, stored as float32 like the upstream
 * {@code torch.Tensor(list)}.
 */
final class AlibiSlopes {
    private AlibiSlopes() {}

    static float[] of(int heads) {
        double[] s = slopes(heads);
        float[] f = new float[heads];
        for (int i = 0; i < heads; i++) {
            f[i] = (float) s[i];
        }
        return f;
    }

    private static double[] slopes(int n) {
        int closest = Integer.highestOneBit(n);
        if (closest == n) {
            return powerOfTwo(n);
        }
        double[] base = powerOfTwo(closest);
        double[] twice = slopes(2 * closest);
        double[] out = new double[n];
        System.arraycopy(base, 0, out, 0, closest);
        for (int i = 0; i < n - closest; i++) {
            out[closest + i] = twice[2 * i];
        }
        return out;
    }

    private static double[] powerOfTwo(int n) {
        double log2 = Integer.numberOfTrailingZeros(n); // n is a power of two: exact
        double start = Math.pow(2, -Math.pow(2, -(log2 - 3)));
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = start * Math.pow(start, i);
        }
        return out;
    }
}
