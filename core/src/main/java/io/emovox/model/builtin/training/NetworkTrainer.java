package io.emovox.model.builtin.training;

import io.emovox.model.builtin.Network;

import java.util.List;
import java.util.Random;

/**
 * Trains a {@link Network} by mini-batch Adam on class-balanced cross-entropy with L2 weight
 * decay and Gaussian input noise. Deterministic: the only randomness (initial weights, batch
 * order, noise) comes from {@link Hyperparameters#seed()}, and all arithmetic runs in one
 * thread in a fixed order, so the same data and settings give bit-identical weights.
 */
public final class NetworkTrainer {

    /**
     * @param hidden      hidden units
     * @param epochs      passes over the data
     * @param batchSize   examples per update
     * @param learningRate Adam step size
     * @param l2          weight decay on weights (not biases)
     * @param seed        seed of initial weights, batch order and input noise
     * @param ensemble    networks per model (seeds seed, seed+1, ...), logits averaged
     * @param inputNoise  standard deviation of Gaussian noise added to each standardised training
     *                    input at every step (0: none); it keeps the network from keying on exact
     *                    feature values of the few training speakers
     */
    public record Hyperparameters(int hidden, int epochs, int batchSize, double learningRate, double l2, long seed,
                           int ensemble, double inputNoise) {
        public static final Hyperparameters DEFAULT = new Hyperparameters(32, 60, 32, 0.003, 0.01, 20260101L, 5, 0.3);

        public Hyperparameters withSeed(long s) {
            return new Hyperparameters(hidden, epochs, batchSize, learningRate, l2, s, ensemble, inputNoise);
        }

        public Hyperparameters {
            if (hidden < 1 || epochs < 1 || batchSize < 1 || !(learningRate > 0) || l2 < 0 || ensemble < 1
                    || !(inputNoise >= 0)) {
                throw new IllegalArgumentException("Invalid hyperparameters: " + hidden + " hidden, " + epochs
                        + " epochs, batch " + batchSize + ", rate " + learningRate + ", l2 " + l2 + ", ensemble "
                        + ensemble + ", input noise " + inputNoise + ".");
            }
        }
    }

    private final Hyperparameters hp;

    NetworkTrainer(Hyperparameters hp) {
        this.hp = hp;
    }

    /**
     * @param x       standardised feature rows
     * @param y       class index per row, in [0, classes)
     * @param classes number of output classes
     */
    Network train(List<double[]> x, int[] y, int classes) {
        int n = x.size();
        if (n == 0 || y.length != n) {
            throw new IllegalArgumentException("Need as many labels as rows (rows " + n + ", labels " + y.length + ").");
        }
        int d = x.get(0).length;
        int h = hp.hidden();
        Random rnd = new Random(hp.seed());
        double[][] w1 = new double[h][d];
        double[] b1 = new double[h];
        double[][] w2 = new double[classes][h];
        double[] b2 = new double[classes];
        double s1 = Math.sqrt(1.0 / d);
        double s2 = Math.sqrt(1.0 / h);
        for (double[] row : w1) {
            for (int j = 0; j < d; j++) {
                row[j] = rnd.nextGaussian() * s1;
            }
        }
        for (double[] row : w2) {
            for (int j = 0; j < h; j++) {
                row[j] = rnd.nextGaussian() * s2;
            }
        }
        double[] classWeight = balancedWeights(y, classes);

        Adam a1 = new Adam(h * d);
        Adam ab1 = new Adam(h);
        Adam a2 = new Adam(classes * h);
        Adam ab2 = new Adam(classes);
        double[][] g1 = new double[h][d];
        double[] gb1 = new double[h];
        double[][] g2 = new double[classes][h];
        double[] gb2 = new double[classes];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Network net = new Network(w1, b1, w2, b2);
        double[] dh = new double[h];
        double[] noisy = new double[d];
        for (int epoch = 0; epoch < hp.epochs(); epoch++) {
            shuffle(order, rnd);
            for (int start = 0; start < n; start += hp.batchSize()) {
                int end = Math.min(n, start + hp.batchSize());
                zero(g1);
                zero(g2);
                java.util.Arrays.fill(gb1, 0);
                java.util.Arrays.fill(gb2, 0);
                double weightSum = 0;
                for (int b = start; b < end; b++) {
                    int i = order[b];
                    double[] xi = x.get(i);
                    if (hp.inputNoise() > 0) {
                        for (int m = 0; m < d; m++) {
                            noisy[m] = xi[m] + hp.inputNoise() * rnd.nextGaussian();
                        }
                        xi = noisy;
                    }
                    double[] hid = net.hiddenActivations(xi);
                    double[] p = softmax(net.logits(hid));
                    double cw = classWeight[y[i]];
                    weightSum += cw;
                    java.util.Arrays.fill(dh, 0);
                    for (int k = 0; k < classes; k++) {
                        double dz = cw * (p[k] - (k == y[i] ? 1 : 0));
                        gb2[k] += dz;
                        double[] g2k = g2[k];
                        double[] w2k = w2[k];
                        for (int j = 0; j < h; j++) {
                            g2k[j] += dz * hid[j];
                            dh[j] += dz * w2k[j];
                        }
                    }
                    for (int j = 0; j < h; j++) {
                        double da = dh[j] * (1 - hid[j] * hid[j]);
                        gb1[j] += da;
                        double[] g1j = g1[j];
                        for (int m = 0; m < d; m++) {
                            g1j[m] += da * xi[m];
                        }
                    }
                }
                double inv = 1 / weightSum;
                a1.step(w1, g1, inv, hp.l2(), hp.learningRate());
                a2.step(w2, g2, inv, hp.l2(), hp.learningRate());
                ab1.step(b1, gb1, inv, 0, hp.learningRate());
                ab2.step(b2, gb2, inv, 0, hp.learningRate());
            }
        }
        return net;
    }

    /** Weights that make every class count as much in the loss, whatever its size (UA is the goal). */
    static double[] balancedWeights(int[] y, int classes) {
        int[] counts = new int[classes];
        for (int c : y) {
            counts[c]++;
        }
        int present = 0;
        for (int c : counts) {
            if (c > 0) {
                present++;
            }
        }
        double[] w = new double[classes];
        for (int k = 0; k < classes; k++) {
            w[k] = counts[k] == 0 ? 0 : y.length / (double) (present * counts[k]);
        }
        return w;
    }

    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            p[k] = StrictMath.exp(z[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    private static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static void zero(double[][] m) {
        for (double[] r : m) {
            java.util.Arrays.fill(r, 0);
        }
    }

    /** Adam state for one parameter block. */
    private static final class Adam {
        private static final double BETA1 = 0.9;
        private static final double BETA2 = 0.999;
        private static final double EPS = 1e-8;
        private final double[] m;
        private final double[] v;
        private int t;

        Adam(int size) {
            m = new double[size];
            v = new double[size];
        }

        void step(double[][] w, double[][] g, double gradScale, double l2, double rate) {
            t++;
            int idx = 0;
            for (int r = 0; r < w.length; r++) {
                for (int c = 0; c < w[r].length; c++) {
                    w[r][c] = update(idx++, w[r][c], g[r][c] * gradScale + l2 * w[r][c], rate);
                }
            }
        }

        void step(double[] w, double[] g, double gradScale, double l2, double rate) {
            t++;
            for (int i = 0; i < w.length; i++) {
                w[i] = update(i, w[i], g[i] * gradScale + l2 * w[i], rate);
            }
        }

        private double update(int i, double w, double g, double rate) {
            m[i] = BETA1 * m[i] + (1 - BETA1) * g;
            v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
            double mh = m[i] / (1 - StrictMath.pow(BETA1, t));
            double vh = v[i] / (1 - StrictMath.pow(BETA2, t));
            return w - rate * mh / (Math.sqrt(vh) + EPS);
        }
    }
}
