package io.emovox.analysis;

/**
 * When a result is "uncertain": the top calibrated probability is below {@code minConfidence},
 * or the top two are closer than {@code minMargin}. Documented in docs/result-json.md; used by analysis,
 * evaluation and the server alike.
 */
public record UncertaintyPolicy(double minConfidence, double minMargin) {
    /** Defaults: top score under 0.40, or top two within 0.10 of each other. */
    public static final UncertaintyPolicy DEFAULT = new UncertaintyPolicy(0.40, 0.10);

    public UncertaintyPolicy {
        if (minConfidence < 0 || minConfidence > 1 || minMargin < 0 || minMargin > 1) {
            throw new IllegalArgumentException("Uncertainty thresholds must lie in [0, 1], got "
                    + minConfidence + " and " + minMargin + ".");
        }
    }

    public boolean isUncertain(float[] probabilities) {
        float first = Float.NEGATIVE_INFINITY;
        float second = Float.NEGATIVE_INFINITY;
        for (float p : probabilities) {
            if (p > first) {
                second = first;
                first = p;
            } else if (p > second) {
                second = p;
            }
        }
        return first < minConfidence || first - second < minMargin;
    }
}
