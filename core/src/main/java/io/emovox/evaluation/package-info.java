/**
 * Measuring a model on a labelled manifest the way the field does: WA, UA, macro-F1, per-class
 * precision/recall, confusion, calibration error, uncertain verdicts, per-speaker scores,
 * leave-one-speaker-out folds of the built-in model, the JSON report and the confusion plot.
 */
package io.emovox.evaluation;
