package io.emovox.analysis;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Who speaks when: nobody in particular ({@link #NONE}), one speaker per channel of a multi-channel
 * recording ({@link #CHANNELS}, the usual agent/customer call layout), or the turns of a
 * diarization in pyannote's RTTM format ({@link Rttm}).
 */
public sealed interface Speakers {
    None NONE = new None();
    Channels CHANNELS = new Channels();

    static Rttm rttm(Path file) {
        return new Rttm(file);
    }

    /** One track, no speaker labels. */
    record None() implements Speakers {}

    /** Channel i (0-based) is speaker {@code "channel_" + (i + 1)}. */
    record Channels() implements Speakers {}

    /** Speaker turns from an RTTM file ({@code SPEAKER file 1 start dur <NA> <NA> name <NA> <NA>}). */
    record Rttm(Path file) implements Speakers {
        public Rttm {
            Objects.requireNonNull(file, "file");
        }
    }
}
