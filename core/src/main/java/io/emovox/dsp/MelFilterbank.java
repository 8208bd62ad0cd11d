package io.emovox.dsp;

/** Triangular mel filters over a power spectrum, and MFCCs as the DCT-II of the log mel energies. */
public final class MelFilterbank {
    private final double[][] weights;
    private final int[] first;
    private final double[][] dct;

    public MelFilterbank(int bands, int fftSize, int sampleRate, double lowHz, double highHz, int cepstra) {
        int bins = fftSize / 2 + 1;
        double lowMel = mel(lowHz);
        double highMel = mel(highHz);
        double[] edges = new double[bands + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = hz(lowMel + (highMel - lowMel) * i / (bands + 1));
        }
        weights = new double[bands][];
        first = new int[bands];
        for (int b = 0; b < bands; b++) {
            double lo = edges[b];
            double mid = edges[b + 1];
            double hi = edges[b + 2];
            int start = (int) Math.ceil(lo * fftSize / sampleRate);
            int end = Math.min(bins - 1, (int) Math.floor(hi * fftSize / sampleRate));
            first[b] = start;
            double[] w = new double[Math.max(0, end - start + 1)];
            for (int k = start; k <= end; k++) {
                double f = (double) k * sampleRate / fftSize;
                w[k - start] = f <= mid ? (f - lo) / (mid - lo) : (hi - f) / (hi - mid);
                w[k - start] = Math.max(0, w[k - start]);
            }
            weights[b] = w;
        }
        dct = new double[cepstra][bands];
        for (int c = 0; c < cepstra; c++) {
            for (int b = 0; b < bands; b++) {
                dct[c][b] = Math.sqrt((c == 0 ? 1.0 : 2.0) / bands) * StrictMath.cos(Math.PI * c * (b + 0.5) / bands);
            }
        }
    }

    public int bands() {
        return weights.length;
    }

    /** Natural-log mel energies of one power spectrum (floored so silence stays finite). */
    public void logMel(double[] power, double[] out) {
        for (int b = 0; b < weights.length; b++) {
            double acc = 0;
            double[] w = weights[b];
            for (int i = 0; i < w.length; i++) {
                acc += w[i] * power[first[b] + i];
            }
            out[b] = StrictMath.log(acc + 1e-10);
        }
    }

    public void cepstrum(double[] logMel, double[] out) {
        for (int c = 0; c < dct.length; c++) {
            double acc = 0;
            for (int b = 0; b < logMel.length; b++) {
                acc += dct[c][b] * logMel[b];
            }
            out[c] = acc;
        }
    }

    static double mel(double hz) {
        return 2595 * StrictMath.log10(1 + hz / 700);
    }

    static double hz(double mel) {
        return 700 * (StrictMath.pow(10, mel / 2595) - 1);
    }
}
