/**
 * Audio front-end: decoding any common format, band-limited resampling to 16 kHz mono,
 * voice activity detection and speech segments, input limits, WAV and NPY writers.
 */
package io.emovox.audio;
