package io.emovox.model.builtin;

import io.emovox.audio.AudioFormat16k;
import io.emovox.dsp.Fft;
import io.emovox.dsp.MelFilterbank;
import io.emovox.dsp.WindowFunctions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The built-in model's acoustic features: per-frame descriptors (level, F0, periodicity, MFCC,
 * spectral shape) summarised over the utterance into a fixed vector (see {@link #names()}).
 *
 * <p>Every feature is level-invariant (absolute loudness and MFCC c0 mean are left out) because
 * recording gain says nothing about emotion and differs between corpora and microphones; pitch is
 * in semitones so that its spread means the same for low and high voices. Jitter and shimmer are
 * frame-level approximations (10 ms steps), not cycle-by-cycle Praat values.
 *
 * <p>Thread-safe: each call allocates its own scratch state.
 */
public final class FeatureExtractor {
    static final int FRAME = 400;
    static final int HOP = 160;
    static final int FFT = 512;
    static final int CEPSTRA = 13;
    private static final int MEL_BANDS = 20;
    private static final double ACTIVE_RANGE_DB = 40;
    private static final double ACTIVE_FLOOR_DB = -75;
    private static final double VOICING_THRESHOLD = 0.5;
    private static final double FRAMES_PER_SECOND = AudioFormat16k.SAMPLE_RATE / (double) HOP;

    private static final MelFilterbank MEL =
            new MelFilterbank(MEL_BANDS, FFT, AudioFormat16k.SAMPLE_RATE, 50, 7800, CEPSTRA);
    private static final double[] WINDOW = WindowFunctions.hamming(FRAME);
    private static final List<String> NAMES = List.copyOf(new FeatureExtractor().summarise(silentTracks()).names);

    /** Names of the summary features, in vector order. */
    public static List<String> names() {
        return NAMES;
    }

    public static int dimension() {
        return NAMES.size();
    }

    /**
     * The utterance feature vector of 16 kHz mono audio.
     *
     * @throws IllegalArgumentException for fewer than {@link AudioFormat16k#MIN_SAMPLES} samples
     */
    public double[] extract(float[] samples) {
        FrameTracks t = track(samples);
        Summary s = summarise(t);
        return s.values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The per-frame descriptors behind {@link #extract} (public for the research harnesses in bench/). */
    public FrameTracks track(float[] samples) {
        if (samples.length < AudioFormat16k.MIN_SAMPLES) {
            throw new IllegalArgumentException("Audio of " + samples.length + " samples is shorter than the "
                    + AudioFormat16k.MIN_SAMPLES + " the feature extractor needs.");
        }
        int n = 1 + (samples.length - FRAME) / HOP;
        Fft fft = new Fft(FFT);
        double[] frame = new double[FRAME];
        double[] power = new double[FFT / 2 + 1];
        double[] prevMag = null;
        double[] logMel = new double[MEL_BANDS];
        double[] energy = new double[n];
        double[][] mfcc = new double[n][CEPSTRA];
        double[][] mel = new double[n][];
        double[] centroid = new double[n];
        double[] slope = new double[n];
        double[] alpha = new double[n];
        double[] hammar = new double[n];
        double[] rolloff = new double[n];
        double[] flux = new double[n];
        double binHz = AudioFormat16k.SAMPLE_RATE / (double) FFT;
        for (int f = 0; f < n; f++) {
            int off = f * HOP;
            double sq = 0;
            double mean = 0;
            for (int i = 0; i < FRAME; i++) {
                mean += samples[off + i];
            }
            mean /= FRAME;
            for (int i = 0; i < FRAME; i++) {
                double v = samples[off + i] - mean;
                sq += v * v;
                frame[i] = v * WINDOW[i];
            }
            energy[f] = 10 * StrictMath.log10(sq / FRAME + 1e-10);
            fft.powerSpectrum(frame, power);
            MEL.logMel(power, logMel);
            MEL.cepstrum(logMel, mfcc[f]);
            mel[f] = logMel.clone();

            double total = 0;
            double weighted = 0;
            double low = 0;
            double high = 0;
            double peakLow = 1e-12;
            double peakHigh = 1e-12;
            double[] mag = new double[power.length];
            double magSum = 0;
            for (int k = 1; k < power.length; k++) {
                double hz = k * binHz;
                total += power[k];
                weighted += power[k] * hz;
                if (hz >= 50 && hz < 1000) {
                    low += power[k];
                } else if (hz >= 1000 && hz < 5000) {
                    high += power[k];
                }
                if (hz < 2000) {
                    peakLow = Math.max(peakLow, power[k]);
                } else if (hz < 5000) {
                    peakHigh = Math.max(peakHigh, power[k]);
                }
                mag[k] = Math.sqrt(power[k]);
                magSum += mag[k];
            }
            centroid[f] = total > 0 ? weighted / total : 0;
            alpha[f] = 10 * StrictMath.log10((low + 1e-12) / (high + 1e-12));
            hammar[f] = 10 * StrictMath.log10(peakLow / peakHigh);
            double cumulative = 0;
            rolloff[f] = 0;
            for (int k = 1; k < power.length; k++) {
                cumulative += power[k];
                if (cumulative >= 0.85 * total) {
                    rolloff[f] = k * binHz;
                    break;
                }
            }
            slope[f] = spectralSlope(power, binHz);
            if (magSum > 0) {
                for (int k = 1; k < mag.length; k++) {
                    mag[k] /= magSum;
                }
            }
            if (prevMag != null) {
                double d = 0;
                for (int k = 1; k < mag.length; k++) {
                    double x = mag[k] - prevMag[k];
                    d += x * x;
                }
                flux[f] = Math.sqrt(d);
            }
            prevMag = mag;
        }

        double maxDb = Arrays.stream(energy).max().orElse(-100);
        boolean[] active = new boolean[n];
        for (int f = 0; f < n; f++) {
            active[f] = energy[f] > maxDb - ACTIVE_RANGE_DB && energy[f] > ACTIVE_FLOOR_DB;
        }
        PitchTracker.Estimate[] pitch = new PitchTracker().track(samples, n, HOP, FRAME);
        double[] f0 = new double[n];
        double[] periodicity = new double[n];
        boolean[] voiced = new boolean[n];
        for (int f = 0; f < n; f++) {
            periodicity[f] = active[f] ? pitch[f].periodicity() : 0;
            voiced[f] = active[f] && energy[f] > maxDb - 30 && pitch[f].f0() > 0
                    && pitch[f].periodicity() >= VOICING_THRESHOLD;
            f0[f] = voiced[f] ? pitch[f].f0() : 0;
        }
        return new FrameTracks(energy, f0, periodicity, active, voiced, mfcc, mel, centroid, slope, alpha,
                hammar, rolloff, flux);
    }

    /** Least-squares slope of the dB spectrum over 0-5 kHz, in dB per kHz. */
    private static double spectralSlope(double[] power, double binHz) {
        int last = (int) (5000 / binHz);
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int m = 0;
        for (int k = 1; k <= last; k++) {
            double x = k * binHz / 1000;
            double y = 10 * StrictMath.log10(power[k] + 1e-12);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            m++;
        }
        return (m * sxy - sx * sy) / (m * sxx - sx * sx);
    }

    private static final class Summary {
        final List<String> names = new ArrayList<>();
        final List<Double> values = new ArrayList<>();

        void add(String name, double value) {
            names.add(name);
            values.add(Double.isFinite(value) ? value : 0.0);
        }
    }

    Summary summarise(FrameTracks t) {
        Summary s = new Summary();
        int n = t.frames();
        double[] act = select(t.energyDb(), t.active());
        double p95 = percentile(act, 95);

        // Loudness dynamics, relative to the clip's own loud frames (gain-invariant).
        s.add("loudness_std_db", std(act));
        s.add("loudness_p10_rel_db", percentile(act, 10) - p95);
        s.add("loudness_p50_rel_db", percentile(act, 50) - p95);
        s.add("loudness_delta_abs_db", meanAbsDelta(t.energyDb(), t.active()));
        s.add("loudness_rise_db", meanDelta(t.energyDb(), t.active(), true));
        s.add("loudness_fall_db", meanDelta(t.energyDb(), t.active(), false));

        // Pitch in semitones re 27.5 Hz.
        double[] st = new double[n];
        for (int f = 0; f < n; f++) {
            st[f] = t.voiced()[f] ? 12 * StrictMath.log(t.f0()[f] / 27.5) / StrictMath.log(2) : 0;
        }
        double[] vst = select(st, t.voiced());
        s.add("f0_mean_st", mean(vst));
        s.add("f0_std_st", std(vst));
        s.add("f0_p10_st", percentile(vst, 10));
        s.add("f0_p50_st", percentile(vst, 50));
        s.add("f0_p90_st", percentile(vst, 90));
        s.add("f0_range_st", percentile(vst, 90) - percentile(vst, 10));
        s.add("f0_delta_abs_st", meanAbsDelta(st, t.voiced()));
        s.add("f0_rise_st", meanDelta(st, t.voiced(), true));
        s.add("f0_fall_st", meanDelta(st, t.voiced(), false));
        s.add("f0_slope_st_per_s", trend(st, t.voiced()));

        // Voice quality.
        s.add("jitter_rel", jitter(t));
        s.add("shimmer_db", meanAbsDelta(t.energyDb(), t.voiced()));
        double[] hnr = new double[n];
        for (int f = 0; f < n; f++) {
            double r = Math.max(0.01, Math.min(0.999, t.periodicity()[f]));
            hnr[f] = 10 * StrictMath.log10(r / (1 - r));
        }
        s.add("hnr_mean_db", mean(select(hnr, t.voiced())));
        s.add("hnr_std_db", std(select(hnr, t.voiced())));

        // Voicing and timing.
        int activeCount = count(t.active());
        int voicedCount = count(t.voiced());
        s.add("voiced_ratio", activeCount == 0 ? 0 : voicedCount / (double) activeCount);
        s.add("periodicity_mean", mean(select(t.periodicity(), t.active())));
        int firstActive = -1;
        int lastActive = -1;
        for (int f = 0; f < n; f++) {
            if (t.active()[f]) {
                if (firstActive < 0) {
                    firstActive = f;
                }
                lastActive = f;
            }
        }
        double spanSeconds = firstActive < 0 ? 0 : (lastActive - firstActive + 1) / FRAMES_PER_SECOND;
        int[] voicedRuns = runs(t.voiced(), firstActive, lastActive, true);
        int[] pauseRuns = runs(t.active(), firstActive, lastActive, false);
        s.add("voiced_segments_per_s", spanSeconds > 0 ? voicedRuns.length / spanSeconds : 0);
        s.add("voiced_segment_mean_s", mean(toSeconds(voicedRuns)));
        s.add("pause_mean_s", pauseRuns.length == 0 ? 0 : mean(toSeconds(pauseRuns)));
        s.add("pause_ratio", spanSeconds > 0 ? sum(toSeconds(pauseRuns)) / spanSeconds : 0);

        // Spectral shape.
        addMeanStd(s, "centroid_khz", scale(select(t.centroidHz(), t.active()), 1e-3));
        addMeanStd(s, "slope_db_per_khz", select(t.slope(), t.active()));
        addMeanStd(s, "alpha_ratio_db", select(t.alphaRatio(), t.active()));
        addMeanStd(s, "hammarberg_db", select(t.hammarberg(), t.active()));
        s.add("alpha_ratio_voiced_db", mean(select(t.alphaRatio(), t.voiced())));
        s.add("hammarberg_voiced_db", mean(select(t.hammarberg(), t.voiced())));
        s.add("rolloff_mean_khz", mean(scale(select(t.rolloffHz(), t.active()), 1e-3)));
        addMeanStd(s, "flux", select(t.flux(), t.active()));

        // Cepstra: means (spectral envelope), spreads and delta spreads; c0 mean is level, left out.
        for (int c = 0; c < CEPSTRA; c++) {
            double[] col = column(t.mfcc(), c);
            double[] a = select(col, t.active());
            if (c > 0) {
                s.add("mfcc" + c + "_mean", mean(a));
            }
            s.add("mfcc" + c + "_std", std(a));
            s.add("mfcc" + c + "_delta_std", std(select(delta(col), t.active())));
        }
        for (int c = 1; c < CEPSTRA; c++) {
            s.add("mfcc" + c + "_voiced_mean", mean(select(column(t.mfcc(), c), t.voiced())));
        }
        // Mel-band shape relative to the clip's mean band level (gain-invariant), and band spreads.
        double[] bandMeans = new double[MEL_BANDS];
        for (int b = 0; b < MEL_BANDS; b++) {
            bandMeans[b] = mean(select(column(t.logMel(), b), t.active()));
        }
        double overall = mean(bandMeans);
        for (int b = 0; b < MEL_BANDS; b++) {
            double[] a = select(column(t.logMel(), b), t.active());
            s.add("mel" + b + "_rel_mean", bandMeans[b] - overall);
            s.add("mel" + b + "_std", std(a));
            s.add("mel" + b + "_range", percentile(a, 90) - percentile(a, 10));
        }
        // Dynamics: cepstral acceleration and per-band energy change (articulation rate and effort).
        for (int c = 1; c < CEPSTRA; c++) {
            double[] col = column(t.mfcc(), c);
            s.add("mfcc" + c + "_accel_std", std(select(delta(delta(col)), t.active())));
        }
        for (int b = 0; b < MEL_BANDS; b++) {
            s.add("mel" + b + "_delta_std", std(select(delta(column(t.logMel(), b)), t.active())));
        }
        // Cepstral distribution shape.
        for (int c = 1; c < CEPSTRA; c++) {
            s.add("mfcc" + c + "_skew", skew(select(column(t.mfcc(), c), t.active())));
        }
        // Voiced vs unvoiced (active, aperiodic) frames: fricatives and breathiness shift with arousal.
        boolean[] unvoiced = new boolean[n];
        for (int f = 0; f < n; f++) {
            unvoiced[f] = t.active()[f] && !t.voiced()[f];
        }
        s.add("centroid_unvoiced_khz", mean(scale(select(t.centroidHz(), unvoiced), 1e-3)));
        s.add("slope_unvoiced", mean(select(t.slope(), unvoiced)));
        s.add("centroid_voiced_khz", mean(scale(select(t.centroidHz(), t.voiced()), 1e-3)));
        s.add("slope_voiced", mean(select(t.slope(), t.voiced())));
        for (int c = 1; c < CEPSTRA; c++) {
            s.add("mfcc" + c + "_unvoiced_mean", mean(select(column(t.mfcc(), c), unvoiced)));
        }
        // More loudness and pitch distribution points.
        s.add("loudness_p25_rel_db", percentile(act, 25) - p95);
        s.add("loudness_p75_rel_db", percentile(act, 75) - p95);
        s.add("loudness_skew", skew(act));
        s.add("f0_skew", skew(vst));
        s.add("f0_p25_st", percentile(vst, 25));
        s.add("f0_p75_st", percentile(vst, 75));
        return s;
    }

    private static void addMeanStd(Summary s, String name, double[] v) {
        s.add(name + "_mean", mean(v));
        s.add(name + "_std", std(v));
    }

    /** Relative frame-to-frame change of the pitch period over consecutive voiced frames. */
    private static double jitter(FrameTracks t) {
        double diff = 0;
        double period = 0;
        int m = 0;
        for (int f = 1; f < t.frames(); f++) {
            if (t.voiced()[f] && t.voiced()[f - 1]) {
                double a = 1 / t.f0()[f];
                double b = 1 / t.f0()[f - 1];
                diff += Math.abs(a - b);
                period += a;
                m++;
            }
        }
        return m == 0 ? 0 : diff / period;
    }

    private static double[] delta(double[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double acc = 0;
            for (int k = 1; k <= 2; k++) {
                acc += k * (x[Math.min(x.length - 1, i + k)] - x[Math.max(0, i - k)]);
            }
            d[i] = acc / 10;
        }
        return d;
    }

    private static double meanAbsDelta(double[] x, boolean[] mask) {
        double acc = 0;
        int m = 0;
        for (int i = 1; i < x.length; i++) {
            if (mask[i] && mask[i - 1]) {
                acc += Math.abs(x[i] - x[i - 1]);
                m++;
            }
        }
        return m == 0 ? 0 : acc / m;
    }

    /** Mean of the positive (rise) or negative (fall, as a positive number) steps. */
    private static double meanDelta(double[] x, boolean[] mask, boolean rise) {
        double acc = 0;
        int m = 0;
        for (int i = 1; i < x.length; i++) {
            if (mask[i] && mask[i - 1]) {
                double d = x[i] - x[i - 1];
                if (rise ? d > 0 : d < 0) {
                    acc += Math.abs(d);
                    m++;
                }
            }
        }
        return m == 0 ? 0 : acc / m;
    }

    /** Least-squares slope over the masked frames, per second. */
    private static double trend(double[] x, boolean[] mask) {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int m = 0;
        for (int i = 0; i < x.length; i++) {
            if (mask[i]) {
                double tt = i / FRAMES_PER_SECOND;
                sx += tt;
                sy += x[i];
                sxx += tt * tt;
                sxy += tt * x[i];
                m++;
            }
        }
        double den = m * sxx - sx * sx;
        return m < 2 || den <= 0 ? 0 : (m * sxy - sx * sy) / den;
    }

    /** Lengths (frames) of runs where mask == value, between first and last (inclusive). */
    private static int[] runs(boolean[] mask, int first, int last, boolean value) {
        if (first < 0) {
            return new int[0];
        }
        List<Integer> out = new ArrayList<>();
        int len = 0;
        for (int f = first; f <= last; f++) {
            if (mask[f] == value) {
                len++;
            } else if (len > 0) {
                out.add(len);
                len = 0;
            }
        }
        if (len > 0) {
            out.add(len);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[] toSeconds(int[] frames) {
        return Arrays.stream(frames).mapToDouble(f -> f / FRAMES_PER_SECOND).toArray();
    }

    private static double[] column(double[][] m, int c) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i][c];
        }
        return out;
    }

    private static double[] scale(double[] v, double k) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= k;
        }
        return out;
    }

    private static double[] select(double[] v, boolean[] mask) {
        int m = count(mask);
        double[] out = new double[m];
        int j = 0;
        for (int i = 0; i < v.length; i++) {
            if (mask[i]) {
                out[j++] = v[i];
            }
        }
        return out;
    }

    private static int count(boolean[] mask) {
        int m = 0;
        for (boolean b : mask) {
            if (b) {
                m++;
            }
        }
        return m;
    }

    private static double sum(double[] v) {
        double acc = 0;
        for (double x : v) {
            acc += x;
        }
        return acc;
    }

    static double mean(double[] v) {
        return v.length == 0 ? 0 : sum(v) / v.length;
    }

    static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double acc = 0;
        for (double x : v) {
            acc += (x - m) * (x - m);
        }
        return Math.sqrt(acc / v.length);
    }

    /** Sample skewness (third standardised moment); 0 for fewer than 3 values or no spread. */
    static double skew(double[] v) {
        double sd = std(v);
        if (v.length < 3 || sd <= 0) {
            return 0;
        }
        double m = mean(v);
        double acc = 0;
        for (double x : v) {
            double z = (x - m) / sd;
            acc += z * z * z;
        }
        return acc / v.length;
    }

    /** Linear-interpolated percentile (0-100); 0 for an empty array. */
    static double percentile(double[] v, double p) {
        if (v.length == 0) {
            return 0;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = p / 100 * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    private static FrameTracks silentTracks() {
        return new FrameTracks(new double[1], new double[1], new double[1], new boolean[1], new boolean[1],
                new double[1][CEPSTRA], new double[1][MEL_BANDS], new double[1], new double[1], new double[1], new double[1],
                new double[1], new double[1]);
    }
}
