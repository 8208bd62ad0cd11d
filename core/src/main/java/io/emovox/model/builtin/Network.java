package io.emovox.model.builtin;

/**
 * A small feed-forward classifier: standardised features, one tanh hidden layer, a linear
 * output of one logit per class. The hidden activations are the model's embedding.
 *
 * @param w1 hidden x input weights
 * @param b1 hidden biases
 * @param w2 classes x hidden weights
 * @param b2 class biases
 */
public record Network(double[][] w1, double[] b1, double[][] w2, double[] b2) {
    public int inputs() {
        return w1[0].length;
    }

    int hidden() {
        return w1.length;
    }

    public int classes() {
        return w2.length;
    }

    public double[] hiddenActivations(double[] x) {
        double[] h = new double[w1.length];
        for (int i = 0; i < h.length; i++) {
            double acc = b1[i];
            double[] row = w1[i];
            for (int j = 0; j < x.length; j++) {
                acc += row[j] * x[j];
            }
            h[i] = StrictMath.tanh(acc);
        }
        return h;
    }

    /**
     * Mean logits of an ensemble and the concatenation of its hidden layers (the embedding).
     *
     * @param embedding receives sum of hidden sizes values
     */
    public static double[] ensembleLogits(java.util.List<Network> members, double[] x, double[] embedding) {
        double[] z = new double[members.get(0).classes()];
        int off = 0;
        for (Network n : members) {
            double[] h = n.hiddenActivations(x);
            if (embedding != null) {
                System.arraycopy(h, 0, embedding, off, h.length);
            }
            off += h.length;
            double[] zi = n.logits(h);
            for (int k = 0; k < z.length; k++) {
                z[k] += zi[k] / members.size();
            }
        }
        return z;
    }

    public double[] logits(double[] hidden) {
        double[] z = new double[w2.length];
        for (int k = 0; k < z.length; k++) {
            double acc = b2[k];
            double[] row = w2[k];
            for (int i = 0; i < hidden.length; i++) {
                acc += row[i] * hidden[i];
            }
            z[k] = acc;
        }
        return z;
    }
}
