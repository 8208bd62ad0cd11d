package io.emovox.audio;

/**
 * The one internal audio format: mono float samples in [-1, 1] at 16 kHz. Everything is
 * converted to it at the edge (decoding, resampling); no other stage sees another format.
 */
public final class AudioFormat16k {
    private AudioFormat16k() {}

    public static final int SAMPLE_RATE = 16_000;

    /** Audio shorter than this (25 ms) cannot be analysed. */
    public static final int MIN_SAMPLES = 400;

    public static double seconds(long samples) {
        return samples / (double) SAMPLE_RATE;
    }

    public static long samples(double seconds) {
        return Math.round(seconds * SAMPLE_RATE);
    }
}
