package io.emovox.model.builtin.training;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue13Screen with gradient-boosted trees (XGBoost4J) as the learner ({@code clf=ext} or
 * {@code clf=net+ext}). Environment: XGB_ROUNDS, XGB_DEPTH, XGB_ETA.
 */
final class XgbScreen {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(System.getenv().getOrDefault("XGB_ROUNDS", "300"));
        int depth = Integer.parseInt(System.getenv().getOrDefault("XGB_DEPTH", "4"));
        double eta = Double.parseDouble(System.getenv().getOrDefault("XGB_ETA", "0.1"));
        Issue13Screen.external = (x, y) -> {
            try {
                int classes = java.util.Arrays.stream(y).max().orElse(0) + 1;
                int d = x.get(0).length;
                float[] data = new float[x.size() * d];
                for (int i = 0; i < x.size(); i++) {
                    for (int k = 0; k < d; k++) {
                        data[i * d + k] = (float) x.get(i)[k];
                    }
                }
                float[] labels = new float[y.length];
                for (int i = 0; i < y.length; i++) {
                    labels[i] = y[i];
                }
                DMatrix m = new DMatrix(data, x.size(), d, Float.NaN);
                m.setLabel(labels);
                Map<String, Object> p = new HashMap<>();
                p.put("objective", "multi:softprob");
                p.put("num_class", classes);
                p.put("eta", eta);
                p.put("max_depth", depth);
                p.put("subsample", 0.8);
                p.put("colsample_bytree", 0.5);
                p.put("min_child_weight", 3);
                p.put("nthread", 1);
                p.put("seed", 7);
                p.put("tree_method", "hist");
                p.put("verbosity", 0);
                Booster b = XGBoost.train(m, p, rounds, new HashMap<>(), null, null);
                return v -> {
                    try {
                        float[] row = new float[v.length];
                        for (int k = 0; k < v.length; k++) {
                            row[k] = (float) v[k];
                        }
                        float[][] out = b.predict(new DMatrix(row, 1, v.length, Float.NaN), true);
                        double[] z = new double[classes];
                        for (int k = 0; k < classes; k++) {
                            z[k] = out[0][k];
                        }
                        return z;
                    } catch (XGBoostError e) {
                        throw new IllegalStateException(e);
                    }
                };
            } catch (XGBoostError e) {
                throw new IllegalStateException(e);
            }
        };
        Issue13Screen.main(args);
    }
}
