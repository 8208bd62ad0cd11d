package io.emovox.research;

import io.emovox.audio.AudioDecoder;
import io.emovox.audio.AudioLimits;
import io.emovox.dsp.Fft;
import io.emovox.dsp.MelFilterbank;
import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.model.builtin.FeatureExtractor;
import io.emovox.model.builtin.FrameTracks;
import io.emovox.speakers.SpeakerLda;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Development harness (not a test): can turns be grouped by speaker from MFCC statistics alone?
 * Builds two-speaker "conversations" of real clips from same-corpus speaker pairs and clusters
 * the turns: agglomerative ΔBIC on full-covariance Gaussians ("bic"), or spectral clustering on
 * per-frame GLR distances ("spectral"). Args: DATA_DIR TURNS_PER_SPEAKER [LAMBDA [MODE]];
 * -Dbands, -Dceps, -Dvoiced=true choose the cepstra. Results: docs/analysis.md "Speakers". Raw cepstra
 * lose to the LDA voiceprints that shipped ({@link Voiceprints}, measured in VoiceprintsTest).
 */
final class ClusterExperiment {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int perSpeaker = Integer.parseInt(args[1]);
        double lambda = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
        String mode = args.length > 3 ? args[3] : "bic";
        for (String corpus : List.of("emodb", "casia")) {
            Map<String, List<ManifestEntry>> bySpeaker = new LinkedHashMap<>();
            for (ManifestEntry e : Manifest.read(data.resolve(corpus + "/manifest.csv"))) {
                bySpeaker.computeIfAbsent(e.speaker(), k -> new ArrayList<>()).add(e);
            }
            List<String> speakers = new ArrayList<>(bySpeaker.keySet());
            AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULT);
            FeatureExtractor fx = new FeatureExtractor();
            Random rnd = new Random(7);
            double sum = 0;
            int pairs = 0;
            int autoRight = 0;
            for (int a = 0; a < speakers.size(); a++) {
                for (int b = a + 1; b < speakers.size(); b++) {
                    List<double[][]> turns = new ArrayList<>();
                    List<Integer> truth = new ArrayList<>();
                    for (int s = 0; s < 2; s++) {
                        List<ManifestEntry> clips = new ArrayList<>(bySpeaker.get(speakers.get(s == 0 ? a : b)));
                        Collections.shuffle(clips, rnd);
                        for (ManifestEntry e : clips.subList(0, perSpeaker)) {
                            turns.add(frames(fx, decoder.decode(e.path()).samples()));
                            truth.add(s);
                        }
                    }
                    int[] auto = cluster(turns, 0, lambda);
                    int[] two = mode.equals("bic") ? cluster(turns, 2, lambda) : spectral(turns, 2);
                    double acc = accuracy(two, truth);
                    int k = (int) java.util.Arrays.stream(auto).distinct().count();
                    autoRight += k == 2 ? 1 : 0;
                    sum += acc;
                    pairs++;
                    System.out.printf(Locale.ROOT, "%s %s-%s acc=%.3f auto=%d%n", corpus, speakers.get(a),
                            speakers.get(b), acc, k);
                }
            }
            System.out.printf(Locale.ROOT, "%s mean acc=%.3f over %d pairs, auto found 2 in %d%n", corpus, sum / pairs,
                    pairs, autoRight);
        }
    }

    /** Spectral clustering (local scaling) on per-frame GLR distances; k = 2 via the Fiedler vector. */
    static int[] spectral(List<double[][]> turns, int k) {
        int n = turns.size();
        double[][] dist = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double glr = deltaBic(Collections.singletonList(turns.get(i)), Collections.singletonList(turns.get(j)),
                        0)
                        / (turns.get(i).length + turns.get(j).length);
                dist[i][j] = dist[j][i] = Math.max(0, glr);
            }
        }
        int nn = Math.min(n - 1, 7);
        double[] sigma = new double[n];
        for (int i = 0; i < n; i++) {
            double[] row = dist[i].clone();
            java.util.Arrays.sort(row);
            sigma[i] = Math.max(1e-9, row[nn]);
        }
        double[][] a = new double[n][n];
        double[] deg = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = i == j ? 0 : Math.exp(-dist[i][j] * dist[i][j] / (sigma[i] * sigma[j]));
                deg[i] += a[i][j];
            }
        }
        // normalised affinity D^-1/2 A D^-1/2; its 2nd eigenvector splits in two
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = a[i][j] / Math.sqrt(deg[i] * deg[j]);
            }
        }
        double[] top = new double[n];
        for (int i = 0; i < n; i++) {
            top[i] = Math.sqrt(deg[i]);
        }
        normalise(top);
        double[] v = new double[n];
        Random r = new Random(1);
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        for (int it = 0; it < 500; it++) {
            double dot = 0;
            for (int i = 0; i < n; i++) {
                dot += v[i] * top[i];
            }
            for (int i = 0; i < n; i++) {
                v[i] -= dot * top[i];
            }
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    w[i] += m[i][j] * v[j];
                }
                w[i] += v[i]; // shift by I keeps the power iteration on the largest
            }
            v = w;
            normalise(v);
        }
        int[] labels = new int[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = v[i] / Math.sqrt(deg[i]);
        }
        double cut = 0;
        for (int i = 0; i < n; i++) {
            labels[i] = y[i] > cut ? 1 : 0;
        }
        return labels;
    }

    static void normalise(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        s = Math.sqrt(s);
        for (int i = 0; i < v.length; i++) {
            v[i] /= s;
        }
    }

    static final int BANDS = Integer.getInteger("bands", 20);
    static final int CEPS = Integer.getInteger("ceps", 13);
    static final MelFilterbank MEL = new MelFilterbank(BANDS, 512, 16000, 50, 7800, CEPS);

    /** Active frames' c1..c(CEPS-1). */
    static double[][] frames(FeatureExtractor fx, float[] samples) {
        FrameTracks t = fx.track(samples);
        Fft fft = new Fft(512);
        double[] frame = new double[400];
        double[] power = new double[257];
        double[] logMel = new double[BANDS];
        double[] c = new double[CEPS];
        List<double[]> out = new ArrayList<>();
        for (int f = 0; f < t.frames(); f++) {
            if (t.voiced()[f] || (!Boolean.getBoolean("voiced") && t.active()[f])) {
                int off = f * 160;
                for (int i = 0; i < 400; i++) {
                    frame[i] = samples[off + i] * (0.54 - 0.46 * Math.cos(2 * Math.PI * i / 399));
                }
                fft.powerSpectrum(frame, power);
                MEL.logMel(power, logMel);
                MEL.cepstrum(logMel, c);
                out.add(java.util.Arrays.copyOfRange(c, 1, CEPS));
            }
        }
        return out.toArray(new double[0][]);
    }

    static double accuracy(int[] labels, List<Integer> truth) {
        int same = 0;
        for (int i = 0; i < labels.length; i++) {
            same += (labels[i] == 0) == (truth.get(i) == 0) ? 1 : 0;
        }
        return Math.max(same, labels.length - same) / (double) labels.length;
    }

    /** Agglomerative: merge the pair with the lowest ΔBIC until k clusters (k = 0: until ΔBIC > 0). */
    static int[] cluster(List<double[][]> turns, int k, double lambda) {
        List<List<double[][]>> clusters = new ArrayList<>();
        List<List<Integer>> members = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            List<double[][]> one = new ArrayList<>();
            one.add(turns.get(i));
            clusters.add(one);
            members.add(new ArrayList<>(List.of(i)));
        }
        while (clusters.size() > Math.max(1, k)) {
            double best = Double.POSITIVE_INFINITY;
            int bi = -1;
            int bj = -1;
            for (int i = 0; i < clusters.size(); i++) {
                for (int j = i + 1; j < clusters.size(); j++) {
                    double d = deltaBic(clusters.get(i), clusters.get(j), lambda);
                    if (d < best) {
                        best = d;
                        bi = i;
                        bj = j;
                    }
                }
            }
            if (k == 0 && best > 0) {
                break;
            }
            clusters.get(bi).addAll(clusters.remove(bj));
            members.get(bi).addAll(members.remove(bj));
        }
        int[] labels = new int[turns.size()];
        for (int c = 0; c < members.size(); c++) {
            for (int i : members.get(c)) {
                labels[i] = c;
            }
        }
        return labels;
    }

    static double deltaBic(List<double[][]> x, List<double[][]> y, double lambda) {
        int n1 = rows(x);
        int n2 = rows(y);
        int d = x.get(0)[0].length;
        List<double[][]> both = new ArrayList<>(x);
        both.addAll(y);
        double n = n1 + n2;
        double p = 0.5 * (d + d * (d + 1) / 2.0) * Math.log(n);
        return 0.5 * n * logDet(both) - 0.5 * n1 * logDet(x) - 0.5 * n2 * logDet(y) - lambda * p;
    }

    static int rows(List<double[][]> blocks) {
        int n = 0;
        for (double[][] b : blocks) {
            n += b.length;
        }
        return n;
    }

    static double logDet(List<double[][]> blocks) {
        int d = blocks.get(0)[0].length;
        double[] mean = new double[d];
        int n = 0;
        for (double[][] b : blocks) {
            for (double[] r : b) {
                for (int i = 0; i < d; i++) {
                    mean[i] += r[i];
                }
                n++;
            }
        }
        for (int i = 0; i < d; i++) {
            mean[i] /= n;
        }
        double[][] c = new double[d][d];
        for (double[][] b : blocks) {
            for (double[] r : b) {
                for (int i = 0; i < d; i++) {
                    double di = r[i] - mean[i];
                    for (int j = 0; j <= i; j++) {
                        c[i][j] += di * (r[j] - mean[j]);
                    }
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                c[i][j] /= n;
                c[j][i] = c[i][j];
            }
            c[i][i] += 1e-6;
        }
        // log|C| = 2 Σ log L_ii of its Cholesky factor
        double[][] l = SpeakerLda.cholesky(c);
        double ld = 0;
        for (int i = 0; i < d; i++) {
            ld += 2 * Math.log(l[i][i]);
        }
        return ld;
    }
}
