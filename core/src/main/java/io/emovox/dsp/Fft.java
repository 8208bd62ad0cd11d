package io.emovox.dsp;

/**
 * Power spectrum of real frames by an iterative radix-2 FFT: the one FFT of emovox (built-in
 * model features, voiceprints, the not-speech checks). One instance per thread: it keeps scratch
 * buffers so a frame loop allocates nothing per frame.
 */
public final class Fft {
    private final int size;
    private final double[] cos;
    private final double[] sin;
    private final int[] bitReverse;
    private final double[] re;
    private final double[] im;

    public Fft(int size) {
        if (size < 2 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two >= 2, got " + size + ".");
        }
        this.size = size;
        cos = new double[size / 2];
        sin = new double[size / 2];
        for (int i = 0; i < size / 2; i++) {
            cos[i] = StrictMath.cos(-2 * Math.PI * i / size);
            sin[i] = StrictMath.sin(-2 * Math.PI * i / size);
        }
        bitReverse = new int[size];
        int bits = Integer.numberOfTrailingZeros(size);
        for (int i = 0; i < size; i++) {
            bitReverse[i] = Integer.reverse(i) >>> (32 - bits);
        }
        re = new double[size];
        im = new double[size];
    }

    public int size() {
        return size;
    }

    /**
     * |X[k]|^2 for k = 0..size/2 of {@code frame} (zero-padded to the FFT size).
     *
     * @param frame at most {@code size} samples
     * @param power output of length size/2 + 1
     */
    public void powerSpectrum(double[] frame, double[] power) {
        if (frame.length > size || power.length != size / 2 + 1) {
            throw new IllegalArgumentException("Frame of " + frame.length + " samples or power buffer of "
                    + power.length + " does not fit an FFT of size " + size + ".");
        }
        for (int i = 0; i < size; i++) {
            int j = bitReverse[i];
            re[i] = j < frame.length ? frame[j] : 0;
            im[i] = 0;
        }
        for (int len = 2; len <= size; len <<= 1) {
            int half = len >> 1;
            int step = size / len;
            for (int start = 0; start < size; start += len) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * step];
                    double wi = sin[k * step];
                    int a = start + k;
                    int b = a + half;
                    double tr = re[b] * wr - im[b] * wi;
                    double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
        for (int k = 0; k <= size / 2; k++) {
            power[k] = re[k] * re[k] + im[k] * im[k];
        }
    }
}
