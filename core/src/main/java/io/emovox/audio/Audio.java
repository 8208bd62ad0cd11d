package io.emovox.audio;

import java.util.Objects;

/**
 * A whole clip in the internal format (16 kHz mono float). For long inputs prefer
 * {@link AudioSource}, which streams in bounded memory.
 *
 * @param samples 16 kHz mono samples in [-1, 1]; not copied, callers must not mutate it
 * @param info    what the input was before conversion
 */
public record Audio(float[] samples, SourceInfo info) {
    public Audio {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(info, "info");
    }

    public double durationSeconds() {
        return AudioFormat16k.seconds(samples.length);
    }
}
