package io.emovox.analysis;

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

    public static Granularity fromKey(String key) {
        for (Granularity g : values()) {
            if (g.key().equalsIgnoreCase(key)) {
                return g;
            }
        }
        throw new IllegalArgumentException("Unknown granularity '" + key
                + "'; expected utterance, frame or segments.");
    }
}
