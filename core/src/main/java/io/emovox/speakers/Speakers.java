package io.emovox.speakers;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Who speaks when: nobody in particular ({@link #NONE}), one speaker per channel of a multi-channel
 * recording ({@link #CHANNELS}, the usual agent/customer call layout), the turns of a
 * diarization in pyannote's RTTM format ({@link Rttm}), or a given number of voices told apart
 * by emovox itself ({@link Clustered}, approximate).
 */
public sealed interface Speakers {
    None NONE = new None();
    Channels CHANNELS = new Channels();

    /**
     * The choice as a user writes it, and as {@link #parse} reads it back: {@code none},
     * {@code channels}, {@code rttm} (the turns travel apart) or {@code cluster:N}.
     */
    String spec();

    /**
     * The speaker choice a user named: {@code none}, {@code channels}, {@code cluster},
     * {@code cluster:N} or {@code rttm}; blank means {@code rttm} when turns were given, else
     * {@code none}. The one parser behind the CLI's {@code --speakers}, the server's
     * {@code speakers} field and stored jobs.
     *
     * @param spec  the choice, case ignored; may be null
     * @param turns where the RTTM turns come from (read and checked only when {@code rttm} is
     *              chosen), or null when the user gave none
     * @throws EmovoxException INVALID_ARGUMENT for an unknown choice, {@code rttm} without turns,
     *         or turns with another choice
     */
    static Speakers parse(String spec, Supplier<Rttm> turns) {
        String s = spec == null ? "" : spec.strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            s = turns != null ? "rttm" : "none";
        }
        if (s.equals("rttm")) {
            if (turns == null) {
                throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Speakers 'rttm' needs the diarization:"
                        + " give the RTTM file with it (--speakers rttm FILE, or a multipart part named 'rttm').");
            }
            return turns.get();
        }
        Speakers chosen = switch (s) {
            case "none" -> NONE;
            case "channels" -> CHANNELS;
            default -> {
                if (!s.startsWith("cluster")) {
                    throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Speakers '" + spec + "' is not one of"
                            + " none, channels, rttm (with its RTTM file), cluster, cluster:N.");
                }
                yield clustered(s);
            }
        };
        if (turns != null) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "An RTTM diarization was given with speakers '"
                    + spec + "'; choose rttm, or leave the RTTM out.");
        }
        return chosen;
    }

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

    /**
     * Parses {@code cluster} (two speakers) or {@code cluster:N}.
     *
     * @throws EmovoxException INVALID_ARGUMENT for anything else, or N outside 2..8
     */
    static Clustered clustered(String spec) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        if (s.equals("cluster")) {
            return new Clustered(2);
        }
        if (s.startsWith("cluster:") && s.substring(8).matches("[0-9]{1,3}")) {
            int n = Integer.parseInt(s.substring(8));
            if (n >= 2 && n <= Clustered.MAX_SPEAKERS) {
                return new Clustered(n);
            }
        }
        throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "'" + spec + "' is not a speaker clustering:"
                + " write cluster (two speakers) or cluster:N with N from 2 to " + Clustered.MAX_SPEAKERS + ".");
    }

    /** One track, no speaker labels. */
    record None() implements Speakers {
        @Override
        public String spec() {
            return "none";
        }
    }

    /** Channel i (0-based) is speaker {@code "channel_" + (i + 1)}. */
    record Channels() implements Speakers {
        @Override
        public String spec() {
            return "channels";
        }
    }

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

        @Override
        public String spec() {
            return "rttm";
        }
    }

    /**
     * {@code count} speakers on one track, told apart by voiceprints of the VAD segments and named
     * {@code speaker_1} (who speaks first) to {@code speaker_N}. Approximate: see docs/analysis.md.
     */
    record Clustered(int count) implements Speakers {
        public static final int MAX_SPEAKERS = 8;

        public Clustered {
            if (count < 2 || count > MAX_SPEAKERS) {
                throw new IllegalArgumentException("speaker count must be 2.." + MAX_SPEAKERS + ", got " + count);
            }
        }

        /** The spec that {@link Speakers#clustered(String)} parses back to this. */
        @Override
        public String spec() {
            return "cluster:" + count;
        }
    }

    /** One RTTM turn, times in seconds. */
    record Turn(String fileId, String speaker, double start, double end) {}
}
