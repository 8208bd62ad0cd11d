/**
 * Analysis on top of a model: the main job ({@link io.emovox.analysis.Analyzer}: utterance,
 * frame and segment results, windowing of long inputs, speakers, not-speech warnings), its result
 * ({@link io.emovox.analysis.AnalysisResult}) and output folder
 * ({@link io.emovox.analysis.ResultWriter}: result.json, processed_audio.wav, embedding.npy),
 * calibration and the uncertain verdict.
 */
package io.emovox.analysis;
