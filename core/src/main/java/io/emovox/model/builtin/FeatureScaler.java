package io.emovox.model.builtin;

import java.util.Arrays;
import java.util.List;

/**
 * Standardises features with the training set's mean and spread, then clips to +-{@link #CLIP}
 * so that one odd recording (a clipped or near-silent clip) cannot push a logit to extremes.
 */
public record FeatureScaler(double[] mean, double[] scale) {
    static final double CLIP = 5;

    public static FeatureScaler fit(List<double[]> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("Cannot fit a feature scaler on zero rows.");
        }
        int d = rows.get(0).length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.size();
        }
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                scale[j] += (r[j] - mean[j]) * (r[j] - mean[j]);
            }
        }
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(scale[j] / rows.size());
            scale[j] = sd > 1e-9 ? sd : 1;
        }
        return new FeatureScaler(mean, scale);
    }

    public double[] apply(double[] x) {
        if (x.length != mean.length) {
            throw new IllegalArgumentException("Expected " + mean.length + " features, got " + x.length + ".");
        }
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            z[j] = Math.max(-CLIP, Math.min(CLIP, (x[j] - mean[j]) / scale[j]));
        }
        return z;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureScaler s && Arrays.equals(mean, s.mean) && Arrays.equals(scale, s.scale);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(scale);
    }
}
