package io.emovox.speakers;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Linear discriminant analysis on speaker labels: the directions that separate speakers'
 * means relative to how much one speaker varies (with emotion, words, loudness). Small dense
 * matrices only (tens of dimensions), so plain Cholesky and Jacobi are enough.
 */
public final class SpeakerLda {
    private SpeakerLda() {}

    /**
     * @param speakers the speaker of each vector
     * @param xs       vectors of equal length
     * @param dims     how many directions to keep (at most the dimension)
     * @return {@code dims} rows, the directions with the largest between/within ratio first
     */
    static double[][] fit(List<String> speakers, List<double[]> xs, int dims) {
        int d = xs.get(0).length;
        int n = xs.size();
        Map<String, double[]> means = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        double[] grand = new double[d];
        for (int r = 0; r < n; r++) {
            double[] m = means.computeIfAbsent(speakers.get(r), k -> new double[d]);
            double[] x = xs.get(r);
            for (int i = 0; i < d; i++) {
                m[i] += x[i];
                grand[i] += x[i] / n;
            }
            counts.merge(speakers.get(r), 1, Integer::sum);
        }
        means.forEach((k, m) -> {
            for (int i = 0; i < d; i++) {
                m[i] /= counts.get(k);
            }
        });
        double[][] within = new double[d][d];
        for (int r = 0; r < n; r++) {
            double[] m = means.get(speakers.get(r));
            double[] x = xs.get(r);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    within[i][j] += (x[i] - m[i]) * (x[j] - m[j]) / n;
                }
            }
        }
        double[][] between = new double[d][d];
        for (Map.Entry<String, double[]> e : means.entrySet()) {
            double w = counts.get(e.getKey()) / (double) n;
            double[] m = e.getValue();
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    between[i][j] += w * (m[i] - grand[i]) * (m[j] - grand[j]);
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                within[j][i] = within[i][j];
                between[j][i] = between[i][j];
            }
            trace += within[i][i];
        }
        for (int i = 0; i < d; i++) {
            within[i][i] += 1e-3 * trace / d; // a little ridge: cepstral stats are correlated
        }
        // within = L L^T; the eigenvectors u of L^-1 between L^-T give directions L^-T u.
        double[][] lInv = lowerInverse(cholesky(within));
        double[][] whitened = multiply(multiply(lInv, between), transpose(lInv));
        double[][] vectors = new double[d][d];
        double[] values = jacobi(whitened, vectors);
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        double[][] out = new double[Math.min(dims, d)][d];
        for (int k = 0; k < out.length; k++) {
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int j = i; j < d; j++) { // (L^-T)[i][j] = lInv[j][i], zero for j < i
                    s += lInv[j][i] * vectors[j][order[k]];
                }
                out[k][i] = s;
            }
        }
        return out;
    }

    public static double[][] cholesky(double[][] a) {
        int d = a.length;
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j][j];
            }
        }
        return l;
    }

    static double[][] lowerInverse(double[][] l) {
        int d = l.length;
        double[][] inv = new double[d][d];
        for (int c = 0; c < d; c++) {
            for (int i = c; i < d; i++) {
                double s = i == c ? 1 : 0;
                for (int k = c; k < i; k++) {
                    s -= l[i][k] * inv[k][c];
                }
                inv[i][c] = s / l[i][i];
            }
        }
        return inv;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                double aik = a[i][k];
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += aik * b[k][j];
                }
            }
        }
        return c;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    /** Cyclic Jacobi rotations on a symmetric matrix: eigenvalues, eigenvectors in v's columns. */
    static double[] jacobi(double[][] symmetric, double[][] v) {
        int n = symmetric.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = symmetric[i].clone();
            Arrays.fill(v[i], 0);
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double all = 0;
            for (int p = 0; p < n; p++) {
                for (int q = 0; q < n; q++) {
                    all += a[p][q] * a[p][q];
                    off += p == q ? 0 : a[p][q] * a[p][q];
                }
            }
            if (off <= 1e-24 * all) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    rotate(a, v, p, q, c, s);
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        return values;
    }

    private static void rotate(double[][] a, double[][] v, int p, int q, double c, double s) {
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }
}
