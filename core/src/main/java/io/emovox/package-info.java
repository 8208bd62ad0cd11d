/**
 * emovox core: contracts and records shared by every stage. Sub-packages hold the stages:
 * {@code audio} (decode, resample to {@link io.emovox.audio.AudioFormat16k}, VAD, segments),
 * {@code model} (emotion models: the built-in one and emotion2vec+), {@code analysis}
 * (utterance, frames, timeline, calibration). This module depends on no CLI, web or Spark library.
 */
package io.emovox;
