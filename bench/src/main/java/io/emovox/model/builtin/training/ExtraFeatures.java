package io.emovox.model.builtin.training;

import io.emovox.dsp.Fft;
import io.emovox.dsp.WindowFunctions;
import io.emovox.model.builtin.FeatureExtractor;
import io.emovox.model.builtin.FrameTracks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Development harness (issue 13, fourth round): candidate feature groups beside the shipped 215,
 * screened leave-one-corpus-out by {@link Issue13Screen} ({@code feat=base+GROUPS}). Groups:
 * <ul>
 *   <li>{@code r} rhythm: modulation spectrum of the loudness envelope, syllable-nucleus rate;</li>
 *   <li>{@code f} formants: F1-F3 from the LPC envelope of voiced frames;</li>
 *   <li>{@code h} harmonics: H1-H2 and H1-A1 of voiced frames (glottal source, tense or breathy);</li>
 *   <li>{@code c} contour: F0 shape per voiced segment, the last part against the rest,
 *       loudness-pitch coupling.</li>
 * </ul>
 * Research code: nothing here ships unless a round keeps it (then it moves to FeatureExtractor).
 */
final class ExtraFeatures {
    static final String GROUPS = "rfhc";
    private static final int FRAME = 400;
    private static final int HOP = 160;
    private static final int RATE = 16000;
    private static final double FPS = RATE / (double) HOP;
    private static final int LPC_ORDER = 14;
    private static final double[] WINDOW = WindowFunctions.hamming(FRAME);

    private final FeatureExtractor fx = new FeatureExtractor();

    /** The four groups, in the order r, f, h, c; {@link #sizes()} gives each group's length. */
    double[] extract(float[] samples) {
        FrameTracks t = fx.track(samples);
        List<Double> out = new ArrayList<>();
        rhythm(t, out);
        formantsAndHarmonics(samples, t, out);
        contour(t, out);
        return out.stream().mapToDouble(d -> Double.isFinite(d) ? d : 0).toArray();
    }

    /** Prints the candidate features of each audio file given (a check of the code by eye). */
    public static void main(String[] args) throws Exception {
        io.emovox.audio.AudioDecoder d = new io.emovox.audio.AudioDecoder(io.emovox.audio.AudioLimits.DEFAULT);
        for (String a : args) {
            double[] v = new ExtraFeatures().extract(d.decode(java.nio.file.Path.of(a)).samples());
            StringBuilder b = new StringBuilder(java.nio.file.Path.of(a).getFileName().toString());
            for (double x : v) {
                b.append(String.format(java.util.Locale.ROOT, " %.3f", x));
            }
            System.out.println(b);
        }
    }

    static int[] sizes() {
        return new int[] {7, 7, 4, 8};
    }

    /** Indices of the groups named in {@code which} (letters of {@link #GROUPS}). */
    static int[] select(String which) {
        int[] sizes = sizes();
        List<Integer> idx = new ArrayList<>();
        int off = 0;
        for (int g = 0; g < sizes.length; g++) {
            if (which.indexOf(GROUPS.charAt(g)) >= 0) {
                for (int d = 0; d < sizes[g]; d++) {
                    idx.add(off + d);
                }
            }
            off += sizes[g];
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void rhythm(FrameTracks t, List<Double> out) {
        int first = -1;
        int last = -1;
        for (int f = 0; f < t.frames(); f++) {
            if (t.active()[f]) {
                if (first < 0) {
                    first = f;
                }
                last = f;
            }
        }
        if (first < 0 || last - first < 20) {
            for (int i = 0; i < 7; i++) {
                out.add(0.0);
            }
            return;
        }
        double max = Arrays.stream(t.energyDb()).max().orElse(0);
        int n = last - first + 1;
        double[] env = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            env[i] = Math.max(t.energyDb()[first + i], max - 40);
            mean += env[i];
        }
        mean /= n;
        for (int i = 0; i < n; i++) {
            env[i] -= mean;
        }
        // modulation power in four bands (0.5-2, 2-4, 4-8, 8-16 Hz), as shares, and the centroid over 1-10 Hz
        double[] bands = new double[4];
        double[] edges = {0.5, 2, 4, 8, 16};
        double cw = 0;
        double cp = 0;
        for (double hz = 0.5; hz < 16; hz += 0.25) {
            double re = 0;
            double im = 0;
            for (int i = 0; i < n; i++) {
                double ph = 2 * Math.PI * hz * i / FPS;
                re += env[i] * Math.cos(ph);
                im += env[i] * Math.sin(ph);
            }
            double p = (re * re + im * im) / n;
            for (int b = 0; b < 4; b++) {
                if (hz >= edges[b] && hz < edges[b + 1]) {
                    bands[b] += p;
                }
            }
            if (hz >= 1 && hz <= 10) {
                cw += p * hz;
                cp += p;
            }
        }
        double total = bands[0] + bands[1] + bands[2] + bands[3] + 1e-12;
        for (double b : bands) {
            out.add(b / total);
        }
        out.add(cp > 0 ? cw / cp : 0);
        // syllable nuclei: voiced local maxima of the smoothed level (+-60 ms), 3 dB above the lower neighbour valley
        double[] sm = new double[t.frames()];
        for (int f = 0; f < sm.length; f++) {
            double acc = 0;
            int m = 0;
            for (int k = -2; k <= 2; k++) {
                int j = f + k;
                if (j >= 0 && j < sm.length) {
                    acc += Math.max(t.energyDb()[j], max - 40);
                    m++;
                }
            }
            sm[f] = acc / m;
        }
        int peaks = 0;
        double depth = 0;
        for (int f = first; f <= last; f++) {
            if (!t.voiced()[f]) {
                continue;
            }
            boolean isMax = true;
            double lo = sm[f];
            for (int k = -6; k <= 6 && isMax; k++) {
                int j = f + k;
                if (j >= 0 && j < sm.length && k != 0) {
                    if (sm[j] > sm[f] || (sm[j] == sm[f] && k < 0)) {
                        isMax = false;
                    }
                    lo = Math.min(lo, sm[j]);
                }
            }
            if (isMax && sm[f] - lo >= 3) {
                peaks++;
                depth += sm[f] - lo;
            }
        }
        out.add(peaks / (n / FPS));
        out.add(peaks == 0 ? 0 : depth / peaks);
    }

    private static void formantsAndHarmonics(float[] s, FrameTracks t, List<Double> out) {
        Fft fft = new Fft(512);
        double[] frame = new double[FRAME];
        double[] padded = new double[FRAME];
        double[] power = new double[257];
        List<double[]> formants = new ArrayList<>();
        List<Double> h1h2 = new ArrayList<>();
        List<Double> h1a1 = new ArrayList<>();
        for (int f = 0; f < t.frames(); f++) {
            if (!t.voiced()[f]) {
                continue;
            }
            int off = f * HOP;
            double prev = 0;
            for (int i = 0; i < FRAME; i++) {
                double x = s[off + i];
                frame[i] = (x - 0.97 * prev) * WINDOW[i];
                padded[i] = x * WINDOW[i];
                prev = x;
            }
            double[] a = lpc(frame, LPC_ORDER);
            double[] fm = peaks(a, 3);
            if (fm == null) {
                continue;
            }
            formants.add(fm);
            fft.powerSpectrum(padded, power);
            double f0 = t.f0()[f];
            double h1 = harmonic(power, f0);
            double h2 = harmonic(power, 2 * f0);
            int nearest = (int) Math.max(1, Math.round(fm[0] / f0));
            double a1 = harmonic(power, nearest * f0);
            h1h2.add(10 * Math.log10((h1 + 1e-12) / (h2 + 1e-12)));
            h1a1.add(10 * Math.log10((h1 + 1e-12) / (a1 + 1e-12)));
        }
        double[][] fmt = formants.toArray(new double[0][]);
        for (int k = 0; k < 3; k++) {
            double[] col = new double[fmt.length];
            for (int i = 0; i < fmt.length; i++) {
                col[i] = fmt[i][k] / 1000;
            }
            out.add(mean(col));
            if (k < 2) {
                out.add(std(col));
            }
        }
        double[] f1 = new double[fmt.length];
        double[] ratio = new double[fmt.length];
        for (int i = 0; i < fmt.length; i++) {
            f1[i] = fmt[i][0] / 1000;
            ratio[i] = Math.log(fmt[i][1] / fmt[i][0]);
        }
        out.add(pct(f1, 90) - pct(f1, 10));
        out.add(mean(ratio));
        double[] hh = h1h2.stream().mapToDouble(Double::doubleValue).toArray();
        double[] ha = h1a1.stream().mapToDouble(Double::doubleValue).toArray();
        out.add(mean(hh));
        out.add(std(hh));
        out.add(mean(ha));
        out.add(std(ha));
    }

    /** Largest power within +-4 % of {@code hz} (at least the nearest bin). */
    private static double harmonic(double[] power, double hz) {
        double bin = 16000.0 / 512;
        int lo = (int) Math.floor(hz * 0.96 / bin);
        int hi = (int) Math.ceil(hz * 1.04 / bin);
        double best = 0;
        for (int k = Math.max(1, lo); k <= Math.min(power.length - 1, hi); k++) {
            best = Math.max(best, power[k]);
        }
        return best;
    }

    /** Autocorrelation LPC by Levinson-Durbin: a[0] = 1, a[1..p]. */
    static double[] lpc(double[] x, int p) {
        double[] r = new double[p + 1];
        for (int k = 0; k <= p; k++) {
            double acc = 0;
            for (int i = k; i < x.length; i++) {
                acc += x[i] * x[i - k];
            }
            r[k] = acc;
        }
        r[0] *= 1 + 1e-9;
        double[] a = new double[p + 1];
        a[0] = 1;
        double err = r[0];
        if (err <= 0) {
            return a;
        }
        for (int i = 1; i <= p; i++) {
            double acc = r[i];
            for (int j = 1; j < i; j++) {
                acc += a[j] * r[i - j];
            }
            double k = -acc / err;
            double[] prev = a.clone();
            for (int j = 1; j < i; j++) {
                a[j] = prev[j] + k * prev[i - j];
            }
            a[i] = k;
            err *= 1 - k * k;
            if (err <= 0) {
                break;
            }
        }
        return a;
    }

    /** The first {@code count} peaks of the LPC envelope between 200 and 5000 Hz, or null. */
    private static final int POINTS = 320;
    private static final double[][] COS = new double[POINTS][LPC_ORDER + 1];
    private static final double[][] SIN = new double[POINTS][LPC_ORDER + 1];

    static {
        for (int q = 0; q < POINTS; q++) {
            double w = Math.PI * (q * 5000.0 / POINTS) / 8000;
            for (int j = 0; j <= LPC_ORDER; j++) {
                COS[q][j] = Math.cos(w * j);
                SIN[q][j] = Math.sin(w * j);
            }
        }
    }

    private static double[] peaks(double[] a, int count) {
        int points = POINTS;
        double[] env = new double[points];
        for (int q = 0; q < points; q++) {
            double re = 0;
            double im = 0;
            for (int j = 0; j < a.length; j++) {
                re += a[j] * COS[q][j];
                im -= a[j] * SIN[q][j];
            }
            env[q] = -10 * Math.log10(re * re + im * im + 1e-20);
        }
        double[] out = new double[count];
        int found = 0;
        for (int q = 1; q < points - 1 && found < count; q++) {
            double hz = q * 5000.0 / points;
            if (hz >= 200 && env[q] > env[q - 1] && env[q] >= env[q + 1]) {
                out[found++] = hz;
            }
        }
        return found == count ? out : null;
    }

    private static void contour(FrameTracks t, List<Double> out) {
        int n = t.frames();
        List<double[]> segments = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        List<Double> level = new ArrayList<>();
        int start = -1;
        for (int f = 0; f <= n; f++) {
            boolean v = f < n && t.voiced()[f];
            if (v && start < 0) {
                start = f;
            } else if (!v && start >= 0) {
                if (f - start >= 5) {
                    double[] seg = new double[f - start];
                    for (int i = start; i < f; i++) {
                        seg[i - start] = 12 * Math.log(t.f0()[i] / 27.5) / Math.log(2);
                        all.add(seg[i - start]);
                        level.add(t.energyDb()[i]);
                    }
                    segments.add(seg);
                }
                start = -1;
            }
        }
        double[] segMean = new double[segments.size()];
        double[] segSlope = new double[segments.size()];
        for (int s = 0; s < segments.size(); s++) {
            double[] seg = segments.get(s);
            segMean[s] = mean(seg);
            segSlope[s] = slope(seg) * FPS;
        }
        out.add(std(segMean));
        out.add(mean(segSlope));
        out.add(std(segSlope));
        out.add(segments.isEmpty() ? 0 : segMean[segMean.length - 1] - segMean[0]);
        double[] v = all.stream().mapToDouble(Double::doubleValue).toArray();
        double[] e = level.stream().mapToDouble(Double::doubleValue).toArray();
        int tail = Math.max(1, v.length / 5);
        double[] last = Arrays.copyOfRange(v, Math.max(0, v.length - tail), v.length);
        double[] rest = Arrays.copyOfRange(v, 0, Math.max(0, v.length - tail));
        out.add(v.length < 10 ? 0 : mean(last) - mean(rest));
        out.add(v.length < 10 ? 0 : slope(last) * FPS);
        out.add(correlation(v, e));
        // level of voiced against unvoiced active frames
        double vs = 0;
        double us = 0;
        int vn = 0;
        int un = 0;
        for (int f = 0; f < n; f++) {
            if (t.voiced()[f]) {
                vs += t.energyDb()[f];
                vn++;
            } else if (t.active()[f]) {
                us += t.energyDb()[f];
                un++;
            }
        }
        out.add(vn == 0 || un == 0 ? 0 : vs / vn - us / un);
    }

    private static double slope(double[] y) {
        int m = y.length;
        if (m < 2) {
            return 0;
        }
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < m; i++) {
            sx += i;
            sy += y[i];
            sxx += (double) i * i;
            sxy += i * y[i];
        }
        double den = m * sxx - sx * sx;
        return den <= 0 ? 0 : (m * sxy - sx * sy) / den;
    }

    private static double correlation(double[] a, double[] b) {
        if (a.length < 3) {
            return 0;
        }
        double ma = mean(a);
        double mb = mean(b);
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa <= 0 || sbb <= 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }

    private static double mean(double[] v) {
        return v.length == 0 ? 0 : Arrays.stream(v).sum() / v.length;
    }

    private static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length);
    }

    private static double pct(double[] v, double p) {
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
}
