package io.emovox.model.builtin;

/**
 * Per-frame low-level descriptors of one clip (25 ms frames, 10 ms hop), before they are
 * summarised into the utterance feature vector.
 *
 * @param energyDb    frame level in dB re full scale
 * @param f0          F0 in Hz, 0 where the frame is not voiced
 * @param periodicity NCCF peak in [0, 1]
 * @param active      frame holds signal (within 40 dB of the loudest frame and above -75 dBFS)
 * @param voiced      active and periodic with a plausible F0
 * @param mfcc        13 cepstra per frame (c0..c12)
 * @param logMel      natural-log energies of 20 mel bands per frame
 * @param centroidHz  spectral centroid
 * @param slope       spectral slope of the dB spectrum, 0-5 kHz, in dB per kHz
 * @param alphaRatio  dB ratio of 50-1000 Hz to 1-5 kHz energy
 * @param hammarberg  dB difference of the 0-2 kHz peak and the 2-5 kHz peak
 * @param rolloffHz   frequency below which 85% of the energy lies
 * @param flux        change of the level-normalised magnitude spectrum from the previous frame
 */
public record FrameTracks(double[] energyDb, double[] f0, double[] periodicity, boolean[] active,
                   boolean[] voiced, double[][] mfcc, double[][] logMel, double[] centroidHz, double[] slope,
                   double[] alphaRatio, double[] hammarberg, double[] rolloffHz, double[] flux) {
    public int frames() {
        return energyDb.length;
    }
}
