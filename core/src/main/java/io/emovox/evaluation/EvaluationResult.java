package io.emovox.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an evaluation run produced.
 *
 * @param model       "name version" of the model scored
 * @param temperature calibration temperature used (for folds: the mean over folds)
 * @param predictions one per scored clip, in manifest order
 * @param failures    clips that could not be scored (undecodable audio, unmapped label...)
 * @param unmapped    labels that had no mapping to the model vocabulary, with their counts
 * @param training    which predictions are of clips the model was trained on
 */
public record EvaluationResult(String model, double temperature, List<Prediction> predictions,
                               List<Failure> failures, Map<String, Integer> unmapped, TrainingCheck training) {
    public EvaluationResult {
        predictions = List.copyOf(predictions);
        failures = List.copyOf(failures);
        unmapped = Map.copyOf(unmapped);
        if (training.overlaps().size() != predictions.size()) {
            throw new IllegalArgumentException("The training check covers " + training.overlaps().size()
                    + " clips, the predictions " + predictions.size() + ".");
        }
    }

    /** The predictions of clips the model was not trained on (all of them unless the check found some). */
    public List<Prediction> unseen() {
        return select(false);
    }

    /** The predictions of clips the model was trained on: training-set figures, never a test. */
    public List<Prediction> seen() {
        return select(true);
    }

    private List<Prediction> select(boolean seen) {
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < predictions.size(); i++) {
            if (training.seen(i) == seen) {
                out.add(predictions.get(i));
            }
        }
        return out;
    }
}
