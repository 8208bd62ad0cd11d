package io.emovox.model.builtin.training;

import java.util.List;

/**
 * Fits the calibration temperature T that minimises the negative log-likelihood of held-out
 * logits (Guo et al. 2017). One scalar, so it cannot change which class wins, only how sure the
 * model claims to be.
 */
final class TemperatureScaling {
    static final double MIN_T = 0.05;
    static final double MAX_T = 20;

    private TemperatureScaling() {}

    /**
     * @param logits held-out logits, one row per clip (only the model's own classes)
     * @param truth  index of the true class per row
     * @return the temperature in [{@value #MIN_T}, {@value #MAX_T}]; 1 when there is nothing to fit
     */
    static double fit(List<double[]> logits, int[] truth) {
        if (logits.isEmpty()) {
            return 1;
        }
        // Golden-section search on log T: NLL(T) is unimodal in practice over this range.
        double lo = StrictMath.log(MIN_T);
        double hi = StrictMath.log(MAX_T);
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = nll(logits, truth, StrictMath.exp(a));
        double fb = nll(logits, truth, StrictMath.exp(b));
        for (int i = 0; i < 80; i++) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = nll(logits, truth, StrictMath.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = nll(logits, truth, StrictMath.exp(b));
            }
        }
        return StrictMath.exp((lo + hi) / 2);
    }

    /** Mean negative log-likelihood of the true classes at temperature t. */
    static double nll(List<double[]> logits, int[] truth, double t) {
        double acc = 0;
        for (int i = 0; i < logits.size(); i++) {
            double[] z = logits.get(i);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v / t);
            }
            double sum = 0;
            for (double v : z) {
                sum += StrictMath.exp(v / t - max);
            }
            acc += -(z[truth[i]] / t - max - StrictMath.log(sum));
        }
        return acc / logits.size();
    }
}
