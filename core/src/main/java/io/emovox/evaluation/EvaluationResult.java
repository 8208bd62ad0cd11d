package io.emovox.evaluation;

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
 */
public record EvaluationResult(String model, double temperature, List<Prediction> predictions,
                               List<Failure> failures, Map<String, Integer> unmapped) {
    public EvaluationResult {
        predictions = List.copyOf(predictions);
        failures = List.copyOf(failures);
        unmapped = Map.copyOf(unmapped);
    }
}
