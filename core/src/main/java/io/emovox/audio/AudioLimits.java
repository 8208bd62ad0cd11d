package io.emovox.audio;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.util.Locale;

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

    /**
     * The error for an input over the duration limit: the one sentence for a declared duration
     * (at open or probe) and for audio found longer while decoding.
     *
     * @param name            the input as the user knows it
     * @param declaredSeconds its duration when known, else 0 (found longer while decoding)
     */
    public EmovoxException tooLong(String name, double declaredSeconds) {
        String found = declaredSeconds > 0
                ? String.format(Locale.ROOT, "is %.1f s long", declaredSeconds)
                : String.format(Locale.ROOT, "is longer than %.1f s", maxDurationSeconds);
        return new EmovoxException(ErrorKind.TOO_LONG, String.format(Locale.ROOT,
                "%s %s, over the limit of %.1f s. Cut it into shorter parts or raise the duration limit.",
                name, found, maxDurationSeconds));
    }

    /** The duration limit as a count of 16 kHz samples. */
    public long maxSamples16k() {
        return AudioFormat16k.samples(maxDurationSeconds);
    }
}
