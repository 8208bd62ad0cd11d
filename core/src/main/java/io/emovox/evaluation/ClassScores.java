package io.emovox.evaluation;

/**
 * Scores of one class.
 *
 * @param support   clips whose true label is this class
 * @param predicted clips predicted as this class
 * @param precision correct / predicted (0 when never predicted)
 * @param recall    correct / support (0 when no support)
 * @param f1        harmonic mean of precision and recall
 */
public record ClassScores(int support, int predicted, double precision, double recall, double f1) {}
