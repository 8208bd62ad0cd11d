/**
 * Emotion models: the contract ({@link io.emovox.model.EmotionModel}), the label vocabulary,
 * the built-in model, and emotion2vec+ (checkpoint import and ONNX Runtime inference).
 */
package io.emovox.model;
