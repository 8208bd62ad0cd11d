package io.emovox.testing;

/**
 * The deterministic speech-like test signal of tools/emotion2vec-reference/e2v_reference.py
 * ({@code test_signal}), sample for sample, so both sides of a comparison see the same audio: the
 * exactness tests and the benchmarks (bench/ uses it from this test-jar).
 */
public final class TestSignal {
    private TestSignal() {}

    /** {@code n} samples at 16 kHz; {@code seed} shifts the envelope and the noise. */
    public static float[] of(int n, int seed) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / 16000;
            double f0 = 140.0 + 60.0 * Math.sin(2 * Math.PI * 0.7 * t);
            double tone = 0.35 * Math.sin(2 * Math.PI * f0 * t) + 0.15 * Math.sin(2 * Math.PI * 3.0 * f0 * t);
            double env = 0.6 + 0.4 * Math.sin(2 * Math.PI * 2.5 * t + seed);
            long h = ((long) i * 2654435761L + (long) seed * 40503L) & 0xFFFFFFFFL;
            h ^= h >>> 15;
            h = (h * 2246822519L) & 0xFFFFFFFFL;
            h ^= h >>> 13;
            x[i] = (float) (env * tone + 0.1 * (h / 4294967296.0 - 0.5));
        }
        return x;
    }
}
