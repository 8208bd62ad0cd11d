package io.emovox.audio;

/**
 * Limits applied to every input before and while it is decoded, so that a huge or endless input
 * fails early with a clear error instead of exhausting memory or disk.
 *
 * <p>Defaults ({@link #DEFAULT}): 2 GiB of input bytes and 4 hours of audio. A whole-clip decode
 * of 4 hours holds 230 M floats (~920 MB) in memory; use {@link AudioDecoder#open} for long inputs.
 *
 * @param maxBytes           largest accepted input in bytes (file size, array length or bytes read
 *                           from a stream)
 * @param maxDurationSeconds longest accepted audio in seconds (declared by the container, and
 *                           counted while decoding)
 */
public record AudioLimits(long maxBytes, double maxDurationSeconds) {

    /** 2 GiB and 4 hours. */
    public static final AudioLimits DEFAULT = new AudioLimits(2L << 30, 4 * 3600.0);

    public AudioLimits {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, but was " + maxBytes + ".");
        }
        if (!(maxDurationSeconds > 0) || Double.isInfinite(maxDurationSeconds)) {
            throw new IllegalArgumentException(
                    "maxDurationSeconds must be a positive finite number, but was " + maxDurationSeconds + ".");
        }
    }

    public AudioLimits withMaxBytes(long bytes) {
        return new AudioLimits(bytes, maxDurationSeconds);
    }

    public AudioLimits withMaxDurationSeconds(double seconds) {
        return new AudioLimits(maxBytes, seconds);
    }

    /** The duration limit as a count of 16 kHz samples. */
    public long maxSamples16k() {
        return AudioFormat16k.samples(maxDurationSeconds);
    }
}
