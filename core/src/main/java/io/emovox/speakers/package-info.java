/**
 * Who speaks when: the speaker choice of an analysis ({@link io.emovox.speakers.Speakers}: none,
 * channels, RTTM turns, or N clustered voices), the RTTM reader, the voiceprints (cepstral
 * statistics projected by an LDA trained on speakers, shipped as {@code voiceprint-lda.json}) and
 * the clusterer that groups segments by voiceprint.
 */
package io.emovox.speakers;
