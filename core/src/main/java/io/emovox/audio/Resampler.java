package io.emovox.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * Band-limited streaming resampler from any input rate to {@link AudioFormat16k#SAMPLE_RATE}
 * (16 kHz). This is the only place in emovox where the sample rate changes.
 *
 * <p>Method: exact rational polyphase resampling ({@code L/M = 16000/inputRate} reduced) with a
 * Kaiser-windowed sinc low-pass (β = 8.96, designed for 90 dB stop-band attenuation). The cut-off
 * follows the lower of the two Nyquist frequencies: the pass band is flat up to 85 % of it and the
 * stop band starts at 100 % of it. Downsampling to 16 kHz therefore keeps 0–6.8 kHz and removes
 * everything from 8 kHz (no aliasing); upsampling 8 kHz input keeps 0–3.4 kHz and leaves no images
 * above 4 kHz. (Measured: a 10 kHz tone at 44.1 or 48 kHz comes out about 100 dB down.) Each phase's taps are
 * normalised to unit DC gain. The filter is centred (zero phase): output sample {@code n} is the input signal at time
 * {@code n / 16000} s, with zeros assumed before the start and after the end. Output length is {@code ceil(inputSamples
 * * 16000 / inputRate)}. 16 kHz input passes through unchanged.
 *
 * <p>Results are bit-identical run to run and independent of how the input is split into blocks.
 * Not thread-safe: one instance per stream. Memory is bounded by the filter table (at most
 * 16000 phases) plus one block of history.
 *
 * <p>Basic usage:
 * <pre>{@code
 * float[] out = Resampler.resample(samples44k, 44_100);      // one shot
 *
 * Resampler r = new Resampler(48_000);                        // streaming
 * while ((n = in.read(block)) > 0) sink.accept(r.process(block, 0, n));
 * sink.accept(r.flush());
 * }</pre>
 */
public final class Resampler {

    /** Designed stop-band attenuation in dB. */
    public static final double STOPBAND_DB = 90.0;
    /** Pass-band edge as a fraction of the lower Nyquist frequency. */
    public static final double PASSBAND_EDGE = 0.85;
    /** Stop-band edge as a fraction of the lower Nyquist frequency. */
    public static final double STOPBAND_EDGE = 1.00;

    private static final int OUT_RATE = AudioFormat16k.SAMPLE_RATE;

    private final int inputRate;
    private final boolean passThrough;
    private final int up;      // L
    private final int down;    // M
    private final int half;    // H: taps each side of the centre, in input samples
    private final int taps;    // 2H
    private final float[] coef; // phase p at [p * taps, (p + 1) * taps)

    private float[] hist;       // input samples with absolute indices [histStart, histStart + histLen)
    private long histStart;
    private int histLen;
    private long inputCount;    // input samples received
    private long nextOut;       // index of the next output sample
    private boolean flushed;

    /**
     * @param inputRate the input sample rate in Hz (1 to 1,000,000)
     */
    public Resampler(int inputRate) {
        if (inputRate <= 0 || inputRate > 1_000_000) {
            throw new IllegalArgumentException(
                    "The input sample rate must be between 1 and 1,000,000 Hz, but was " + inputRate + ".");
        }
        this.inputRate = inputRate;
        this.passThrough = inputRate == OUT_RATE;
        int g = gcd(inputRate, OUT_RATE);
        this.up = OUT_RATE / g;
        this.down = inputRate / g;
        if (passThrough) {
            half = 0;
            taps = 0;
            coef = new float[0];
        } else {
            double nyquist = Math.min(inputRate, OUT_RATE) / 2.0;
            double transitionHz = (STOPBAND_EDGE - PASSBAND_EDGE) * nyquist;
            double cutoffHz = (STOPBAND_EDGE + PASSBAND_EDGE) / 2 * nyquist;
            // Kaiser's length estimate: N = (A - 7.95) / (14.36 * transition / rate).
            double length = (STOPBAND_DB - 7.95) / (14.36 * transitionHz / inputRate);
            int h = (int) Math.ceil(length / 2);
            half = (h + 3) / 4 * 4; // taps = 2H is then a multiple of 8 for the unrolled loop
            taps = 2 * half;
            coef = design(up, half, 2 * cutoffHz / inputRate, kaiserBeta(STOPBAND_DB));
        }
        hist = new float[Math.max(4096, 2 * taps)];
        // Zeros before the first sample, so the first outputs see a full filter.
        histStart = -half;
        histLen = half;
    }

    /** Resamples a whole clip to 16 kHz in one call. */
    public static float[] resample(float[] samples, int inputRate) {
        Resampler r = new Resampler(inputRate);
        float[] body = r.process(samples, 0, samples.length);
        float[] tail = r.flush();
        float[] out = Arrays.copyOf(body, body.length + tail.length);
        System.arraycopy(tail, 0, out, body.length, tail.length);
        return out;
    }

    public int inputRate() {
        return inputRate;
    }

    /** Filter taps per output sample (0 for 16 kHz pass-through). */
    public int tapsPerOutput() {
        return taps;
    }

    /** An upper bound on the samples {@link #process(float[], int, int, float[],
            int)} writes for {@code len} inputs. */
    public int maxOutput(int len) {
        // Outputs become available as input arrives; at most everything received so far is due.
        return (int) Math.min(Integer.MAX_VALUE - 8, ((long) len + taps + 2) * up / down + 2);
    }

    /** Feeds {@code len} input samples and returns the 16 kHz samples that are now complete. */
    public float[] process(float[] in, int off, int len) {
        float[] out = new float[maxOutput(len)];
        int n = process(in, off, len, out, 0);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /**
     * Feeds {@code len} input samples and writes the 16 kHz samples that are now complete into
     * {@code out} from {@code outOff}; {@code out} needs room for {@link #maxOutput(int)} samples.
     *
     * @return the number of samples written
     */
    public int process(float[] in, int off, int len, float[] out, int outOff) {
        if (flushed) {
            throw new IllegalStateException("This resampler was flushed; create a new one for a new stream.");
        }
        Objects.checkFromIndexSize(off, len, in.length);
        inputCount += len;
        if (passThrough) {
            System.arraycopy(in, off, out, outOff, len);
            nextOut += len;
            return len;
        }
        append(in, off, len);
        return produce(out, outOff, histStart + histLen, Long.MAX_VALUE);
    }

    /** Ends the stream: returns the last samples, computed with zeros after the end of the input. */
    public float[] flush() {
        if (flushed) {
            throw new IllegalStateException("This resampler was already flushed.");
        }
        flushed = true;
        if (passThrough) {
            return new float[0];
        }
        append(new float[half + 1], 0, half + 1);
        long total = ceilDiv(inputCount * up, down);
        float[] out = new float[(int) Math.max(0, total - nextOut)];
        int n = produce(out, 0, histStart + histLen, total);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private int produce(float[] out, int outOff, long available, long limit) {
        final float[] h = hist;
        final float[] c = coef;
        final int t = taps;
        int written = 0;
        long n = nextOut;
        long pos = n * down;
        long centre = Math.floorDiv(pos, up);
        int phase = (int) (pos - centre * up);
        while (n < limit && centre + half < available) {
            int x = (int) (centre - half + 1 - histStart);
            int b = phase * t;
            // Eight independent sums keep the FPU pipelines busy; the order is fixed, so results
            // stay bit-identical run to run.
            float a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
            for (int k = 0; k < t; k += 8) {
                a0 += c[b + k] * h[x + k];
                a1 += c[b + k + 1] * h[x + k + 1];
                a2 += c[b + k + 2] * h[x + k + 2];
                a3 += c[b + k + 3] * h[x + k + 3];
                a4 += c[b + k + 4] * h[x + k + 4];
                a5 += c[b + k + 5] * h[x + k + 5];
                a6 += c[b + k + 6] * h[x + k + 6];
                a7 += c[b + k + 7] * h[x + k + 7];
            }
            out[outOff + written++] = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
            n++;
            phase += down;
            if (phase >= up) {
                centre += phase / up;
                phase %= up;
            }
        }
        nextOut = n;
        return written;
    }

    private void append(float[] in, int off, int len) {
        // Drop history no future output needs: everything before the next output's first tap.
        long firstNeeded = Math.floorDiv(nextOut * down, up) - half + 1;
        int drop = (int) Math.max(0, Math.min(histLen, firstNeeded - histStart));
        if (histLen + len > hist.length && drop > 0) {
            System.arraycopy(hist, drop, hist, 0, histLen - drop);
            histLen -= drop;
            histStart += drop;
        }
        if (histLen + len > hist.length) {
            hist = Arrays.copyOf(hist, Math.max(histLen + len, hist.length * 2));
        }
        System.arraycopy(in, off, hist, histLen, len);
        histLen += len;
    }

    /**
     * Polyphase table: phase p interpolates at fractional position p/L between input samples.
     * Tap k of phase p sits at distance tau = k - H + 1 - p/L (input samples) from that position.
     */
    private static float[] design(int phases, int half, double cutoff, double beta) {
        int taps = 2 * half;
        float[] table = new float[phases * taps];
        double i0Beta = besselI0(beta);
        double[] row = new double[taps];
        for (int p = 0; p < phases; p++) {
            double frac = p / (double) phases;
            double sum = 0;
            for (int k = 0; k < taps; k++) {
                double tau = k - half + 1 - frac;
                double r = tau / half;
                double window = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
                double x = cutoff * tau;
                double sinc = x == 0 ? 1
                        : StrictMath.sin(Math.PI * x) / (Math.PI * x); // StrictMath: same bits on every JVM
                row[k] = cutoff * sinc * window;
                sum += row[k];
            }
            for (int k = 0; k < taps; k++) {
                table[p * taps + k] = (float) (row[k] / sum);
            }
        }
        return table;
    }

    static double kaiserBeta(double attenuationDb) {
        return attenuationDb > 50 ? 0.1102 * (attenuationDb - 8.7)
                : 0.5842 * Math.pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21);
    }

    static double besselI0(double x) {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
            term *= q / ((double) k * k);
            sum += term;
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
