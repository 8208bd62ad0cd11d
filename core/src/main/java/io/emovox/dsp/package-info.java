/**
 * Signal-processing building blocks on 16 kHz audio, written once and shared by the built-in
 * model's features, the voiceprints and the not-speech checks: the FFT, mel filters and cepstra,
 * analysis windows.
 */
package io.emovox.dsp;
