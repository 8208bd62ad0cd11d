/**
 * Training the built-in model: features of labelled manifest clips ({@link
 * io.emovox.model.builtin.training.LabelledFeatures}, with the altered copies of {@link
 * io.emovox.model.builtin.training.TrainingCopies}), the network trainer, temperature scaling,
 * and the leave-one-speaker-out and leave-one-corpus-out folds that measure a model trained
 * without the speaker or corpus it scores. Nothing here runs while analysing; {@code emovox train} and
 * {@code emovox evaluate --folds} are its shells.
 */
package io.emovox.model.builtin.training;
