/**
 * Analysis on top of a model: utterance, segment and frame results, timelines, calibration and
 * the uncertain verdict, not-speech warnings, speakers.
 */
package io.emovox.analysis;
