package io.emovox.analysis;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Who speaks when: nobody in particular ({@link #NONE}), one speaker per channel of a multi-channel
 * recording ({@link #CHANNELS}, the usual agent/customer call layout), or the turns of a
 * diarization in pyannote's RTTM format ({@link Rttm}).
 */
public sealed interface Speakers {
    None NONE = new None();
    Channels CHANNELS = new Channels();

    /**
     * The turns of an RTTM file, read and checked now.
     *
     * @throws EmovoxException IO_ERROR if it cannot be read, INVALID_ARGUMENT if it is not RTTM
     */
    static Rttm rttm(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot read the RTTM file " + file + ": "
                    + e.getMessage() + ". Check the path given to --speakers rttm.", e);
        }
        return rttm("the RTTM file " + file, text);
    }

    /**
     * The turns of RTTM text (an upload, say), checked now.
     *
     * @param source what the text is, for error messages (e.g. "the uploaded RTTM 'call.rttm'")
     * @throws EmovoxException INVALID_ARGUMENT naming the first bad line
     */
    static Rttm rttm(String source, String text) {
        return new Rttm(source, RttmReader.parse(source, text));
    }

    /** One track, no speaker labels. */
    record None() implements Speakers {}

    /** Channel i (0-based) is speaker {@code "channel_" + (i + 1)}. */
    record Channels() implements Speakers {}

    /**
     * Speaker turns from RTTM ({@code SPEAKER file 1 start dur <NA> <NA> name <NA> <NA>}). When the
     * turns name several file ids, an input uses those of the id equal to its base name.
     */
    record Rttm(String source, List<Turn> turns) implements Speakers {
        public Rttm {
            Objects.requireNonNull(source, "source");
            turns = List.copyOf(turns);
        }

        /**
         * The turns for an input, by start time: all of them when they name one file id, else
         * those whose file id is the input's base name.
         *
         * @throws EmovoxException INVALID_ARGUMENT when several file ids are named and none fits
         */
        public List<Turn> turnsFor(String inputName) {
            return RttmReader.forInput(this, inputName);
        }
    }

    /** One RTTM turn, times in seconds. */
    record Turn(String fileId, String speaker, double start, double end) {}
}
