package io.emovox.model.builtin.training;

import io.emovox.model.builtin.Network;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Development harness (issue 13, fourth round): {@link NetworkTrainer}'s network and loss plus a
 * domain head on the hidden layer whose gradient reaches the hidden layer reversed (domain-
 * adversarial training, Ganin et al. 2016), so the hidden units are pushed to carry emotion but
 * not which corpus a clip came from. The reversal weight ramps from 0 to {@code lambda} as in
 * the paper. The domain head is dropped after training: the result is an ordinary {@link Network}.
 */
final class AdversarialTrainer {
    private final NetworkTrainer.Hyperparameters hp;
    private final double lambda;
    private final double inputDrop;

    /**
     * @param lambda    final gradient-reversal weight (0: the domain head learns but does not push back)
     * @param inputDrop share of standardised inputs set to 0 (the training mean) at each step, so no
     *                  single feature group can carry a decision alone
     */
    AdversarialTrainer(NetworkTrainer.Hyperparameters hp, double lambda, double inputDrop) {
        this.hp = hp;
        this.lambda = lambda;
        this.inputDrop = inputDrop;
    }

    /** As {@link NetworkTrainer#train}, with {@code domain[i]} in [0, domains) for each row. */
    Network train(List<double[]> x, int[] y, int classes, int[] domain, int domains) {
        int n = x.size();
        int d = x.get(0).length;
        int h = hp.hidden();
        Random rnd = new Random(hp.seed());
        double[][] w1 = new double[h][d];
        double[] b1 = new double[h];
        double[][] w2 = new double[classes][h];
        double[] b2 = new double[classes];
        double[][] w3 = new double[domains][h];
        double[] b3 = new double[domains];
        for (double[] row : w1) {
            for (int j = 0; j < d; j++) {
                row[j] = rnd.nextGaussian() * Math.sqrt(1.0 / d);
            }
        }
        for (double[][] w : new double[][][] {w2, w3}) {
            for (double[] row : w) {
                for (int j = 0; j < h; j++) {
                    row[j] = rnd.nextGaussian() * Math.sqrt(1.0 / h);
                }
            }
        }
        double[] classWeight = NetworkTrainer.balancedWeights(y, classes);
        double[] domainWeight = NetworkTrainer.balancedWeights(domain, domains);
        NetworkTrainer.Adam a1 = new NetworkTrainer.Adam(h * d);
        NetworkTrainer.Adam ab1 = new NetworkTrainer.Adam(h);
        NetworkTrainer.Adam a2 = new NetworkTrainer.Adam(classes * h);
        NetworkTrainer.Adam ab2 = new NetworkTrainer.Adam(classes);
        NetworkTrainer.Adam a3 = new NetworkTrainer.Adam(domains * h);
        NetworkTrainer.Adam ab3 = new NetworkTrainer.Adam(domains);
        double[][] g1 = new double[h][d];
        double[] gb1 = new double[h];
        double[][] g2 = new double[classes][h];
        double[] gb2 = new double[classes];
        double[][] g3 = new double[domains][h];
        double[] gb3 = new double[domains];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Network net = new Network(w1, b1, w2, b2);
        Network dom = new Network(w1, b1, w3, b3); // shares w1, b1 with net
        double[] dh = new double[h];
        double[] noisy = new double[d];
        for (int epoch = 0; epoch < hp.epochs(); epoch++) {
            double progress = epoch / (double) hp.epochs();
            double rev = lambda * (2 / (1 + Math.exp(-10 * progress)) - 1);
            NetworkTrainer.shuffle(order, rnd);
            for (int start = 0; start < n; start += hp.batchSize()) {
                int end = Math.min(n, start + hp.batchSize());
                for (double[][] g : new double[][][] {g1, g2, g3}) {
                    for (double[] r : g) {
                        Arrays.fill(r, 0);
                    }
                }
                Arrays.fill(gb1, 0);
                Arrays.fill(gb2, 0);
                Arrays.fill(gb3, 0);
                double weightSum = 0;
                for (int b = start; b < end; b++) {
                    int i = order[b];
                    double[] xi = x.get(i);
                    if (hp.inputNoise() > 0 || inputDrop > 0) {
                        for (int m = 0; m < d; m++) {
                            noisy[m] = xi[m] + hp.inputNoise() * rnd.nextGaussian();
                            if (inputDrop > 0 && rnd.nextDouble() < inputDrop) {
                                noisy[m] = 0;
                            }
                        }
                        xi = noisy;
                    }
                    double[] hid = net.hiddenActivations(xi);
                    double[] p = NetworkTrainer.softmax(net.logits(hid));
                    double[] q = NetworkTrainer.softmax(dom.logits(hid));
                    double cw = classWeight[y[i]];
                    double dw = domainWeight[domain[i]];
                    weightSum += cw;
                    Arrays.fill(dh, 0);
                    for (int k = 0; k < classes; k++) {
                        double dz = cw * (p[k] - (k == y[i] ? 1 : 0));
                        gb2[k] += dz;
                        for (int j = 0; j < h; j++) {
                            g2[k][j] += dz * hid[j];
                            dh[j] += dz * w2[k][j];
                        }
                    }
                    for (int k = 0; k < domains; k++) {
                        double dz = dw * (q[k] - (k == domain[i] ? 1 : 0));
                        gb3[k] += dz;
                        for (int j = 0; j < h; j++) {
                            g3[k][j] += dz * hid[j];
                            dh[j] -= rev * dz * w3[k][j]; // the reversal
                        }
                    }
                    for (int j = 0; j < h; j++) {
                        double da = dh[j] * (1 - hid[j] * hid[j]);
                        gb1[j] += da;
                        for (int m = 0; m < d; m++) {
                            g1[j][m] += da * xi[m];
                        }
                    }
                }
                double inv = 1 / weightSum;
                a1.step(w1, g1, inv, hp.l2(), hp.learningRate());
                a2.step(w2, g2, inv, hp.l2(), hp.learningRate());
                a3.step(w3, g3, inv, hp.l2(), hp.learningRate());
                ab1.step(b1, gb1, inv, 0, hp.learningRate());
                ab2.step(b2, gb2, inv, 0, hp.learningRate());
                ab3.step(b3, gb3, inv, 0, hp.learningRate());
            }
        }
        return net;
    }
}
