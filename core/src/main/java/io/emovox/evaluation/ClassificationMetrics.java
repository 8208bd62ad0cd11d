package io.emovox.evaluation;

import io.emovox.model.EmotionLabel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The standard scores of a set of predictions.
 *
 * <ul>
 * <li>WA (weighted accuracy): correct / all.</li>
 * <li>UA (unweighted accuracy): mean recall over the classes that occur in the truth.</li>
 * <li>macro-F1: mean F1 over the same classes.</li>
 * <li>ECE: expected calibration error of the top probability, {@value #ECE_BINS} equal-width bins.</li>
 * </ul>
 *
 * @param count     clips scored
 * @param labels    rows/columns of the confusion matrix: truth classes, then any other predicted class
 * @param confusion confusion[truth][predicted] counts in {@code labels} order
 * @param perClass  scores per label key, in {@code labels} order
 * @param uncertain clips with an uncertain verdict
 * @param certainCorrect clips with a verdict NOT flagged uncertain that is right: whether the
 *                  uncertain flag means something ({@link #certainAccuracy()})
 */
public record ClassificationMetrics(int count, double wa, double ua, double macroF1, double ece, List<EmotionLabel> labels,
                      int[][] confusion, Map<String, ClassScores> perClass, int uncertain, int certainCorrect) {
    public static final int ECE_BINS = 15;

    public static ClassificationMetrics of(List<Prediction> predictions) {
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("Cannot score zero predictions.");
        }
        TreeSet<EmotionLabel> truthSet = new TreeSet<>();
        TreeSet<EmotionLabel> all = new TreeSet<>();
        for (Prediction p : predictions) {
            truthSet.add(p.truth());
            all.add(p.truth());
            all.add(p.predicted());
        }
        List<EmotionLabel> labels = all.stream().toList();
        int k = labels.size();
        int[][] confusion = new int[k][k];
        int correct = 0;
        int uncertain = 0;
        int certainCorrect = 0;
        for (Prediction p : predictions) {
            confusion[labels.indexOf(p.truth())][labels.indexOf(p.predicted())]++;
            correct += p.correct() ? 1 : 0;
            uncertain += p.uncertain() ? 1 : 0;
            certainCorrect += !p.uncertain() && p.correct() ? 1 : 0;
        }
        Map<String, ClassScores> perClass = new LinkedHashMap<>();
        double recallSum = 0;
        double f1Sum = 0;
        for (int i = 0; i < k; i++) {
            int support = 0;
            int predicted = 0;
            for (int j = 0; j < k; j++) {
                support += confusion[i][j];
                predicted += confusion[j][i];
            }
            double precision = predicted == 0 ? 0 : confusion[i][i] / (double) predicted;
            double recall = support == 0 ? 0 : confusion[i][i] / (double) support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.put(labels.get(i).key(), new ClassScores(support, predicted, precision, recall, f1));
            if (truthSet.contains(labels.get(i))) {
                recallSum += recall;
                f1Sum += f1;
            }
        }
        return new ClassificationMetrics(predictions.size(), correct / (double) predictions.size(), recallSum / truthSet.size(),
                f1Sum / truthSet.size(), expectedCalibrationError(predictions), labels, confusion, perClass, uncertain,
                certainCorrect);
    }

    /** Share of clips whose verdict is NOT flagged uncertain. */
    public double certainShare() {
        return (count - uncertain) / (double) count;
    }

    /** Accuracy among verdicts NOT flagged uncertain; NaN when every verdict was uncertain. */
    public double certainAccuracy() {
        return count == uncertain ? Double.NaN : certainCorrect / (double) (count - uncertain);
    }

    /** Sum over bins of |accuracy - mean confidence| weighted by the bin's share of clips. */
    static double expectedCalibrationError(List<Prediction> predictions) {
        double[] conf = new double[ECE_BINS];
        double[] acc = new double[ECE_BINS];
        int[] n = new int[ECE_BINS];
        for (Prediction p : predictions) {
            double c = p.confidence();
            int b = Math.min(ECE_BINS - 1, (int) (c * ECE_BINS));
            conf[b] += c;
            acc[b] += p.correct() ? 1 : 0;
            n[b]++;
        }
        double ece = 0;
        for (int b = 0; b < ECE_BINS; b++) {
            if (n[b] > 0) {
                ece += n[b] / (double) predictions.size() * Math.abs(acc[b] / n[b] - conf[b] / n[b]);
            }
        }
        return ece;
    }
}
