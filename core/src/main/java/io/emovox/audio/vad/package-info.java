/**
 * Voice activity detection with the Silero VAD model (MIT, shipped as a resource beside its
 * licence): per-window speech probabilities, speech segments with thresholds, minimum
 * speech/silence durations, padding and a maximum segment length, streaming over inputs of any
 * length in bounded memory.
 *
 * <p>Basic usage:
 * <pre>{@code
 * try (SileroVad vad = SileroVad.load()) {
 *     List<SpeechSegment> segments = vad.detect(audio.samples(), VadOptions.DEFAULT);
 * }
 * }</pre>
 */
package io.emovox.audio.vad;
