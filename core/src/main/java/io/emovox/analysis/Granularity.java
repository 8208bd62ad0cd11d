package io.emovox.analysis;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.util.Locale;

/** What one analysis scores: the whole input, a frame timeline, or each speech segment. */
public enum Granularity {
    /** One result for the whole input (long inputs: windows, aggregated; see {@link Analyzer}). */
    UTTERANCE,
    /** The whole-input result plus a frame timeline (50 Hz for emotion2vec) and a smoothed one. */
    FRAME,
    /** Each voice-activity segment scored as an utterance; the recommended way through long calls. */
    SEGMENTS;

    /** The lowercase key used in result.json and on the command line. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The granularity a user named (a flag, a form field, a stored job); null or blank is
     * {@link #UTTERANCE}, case is ignored.
     *
     * @throws EmovoxException INVALID_ARGUMENT naming the accepted values for anything else
     */
    public static Granularity parse(String key) {
        if (key == null || key.isBlank()) {
            return UTTERANCE;
        }
        for (Granularity g : values()) {
            if (g.key().equalsIgnoreCase(key.strip())) {
                return g;
            }
        }
        throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Unknown granularity '" + key
                + "'; expected utterance, frame or segments.");
    }
}
