package io.emovox.analysis;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.speakers.Speakers;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The analysis options a user chooses by name — granularity, speakers, embedding, the longest
 * window — parsed and
 * checked in one place for every shell: the CLI's flags ({@code analyze}), the server's form
 * fields and stored jobs ({@code JobOptions}) and the Spark job's arguments. Text in,
 * {@link AnalysisOptions} out; anything unknown is an INVALID_ARGUMENT naming what is accepted.
 *
 * <pre>{@code
 * AnalysisOptions o = AnalysisChoices.parse("segments", "cluster:3", null, true, "90").options();
 * }</pre>
 *
 * @param granularity what is scored
 * @param speakers    who speaks when
 * @param embedding   whether embeddings are written
 * @param maxWindowSeconds longest stretch scored in one pass ({@link AnalysisOptions#maxWindowSeconds})
 */
public record AnalysisChoices(Granularity granularity, Speakers speakers, boolean embedding,
                              double maxWindowSeconds) {
    /** One result for the whole input, no speakers, no embedding, the default window. */
    public static final AnalysisChoices DEFAULT = new AnalysisChoices(Granularity.UTTERANCE, Speakers.NONE, false,
            AnalysisOptions.DEFAULT.maxWindowSeconds());

    public AnalysisChoices {
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(speakers, "speakers");
        AnalysisOptions.checkMaxWindow(maxWindowSeconds);
    }

    /** These choices with the default window. */
    public AnalysisChoices(Granularity granularity, Speakers speakers, boolean embedding) {
        this(granularity, speakers, embedding, AnalysisOptions.DEFAULT.maxWindowSeconds());
    }

    /**
     * Parses what a user wrote ({@link Granularity#parse}, {@link Speakers#parse}).
     *
     * @param granularity utterance, frame or segments; null or blank: utterance
     * @param speakers    none, channels, rttm, cluster or cluster:N; null or blank: none (rttm when
     *                    turns are given)
     * @param turns       where RTTM turns come from, or null when none were given
     * @param embedding   whether to write embeddings
     * @param maxWindow   the longest window in seconds ({@link #maxWindowSeconds(String)}); null or
     *                    blank: the default
     */
    public static AnalysisChoices parse(String granularity, String speakers, Supplier<Speakers.Rttm> turns,
                                        boolean embedding, String maxWindow) {
        return new AnalysisChoices(Granularity.parse(granularity), Speakers.parse(speakers, turns), embedding,
                maxWindowSeconds(maxWindow));
    }

    /**
     * The longest window a user wrote, in seconds (5 to 600); null or blank: the default (60).
     *
     * @throws EmovoxException INVALID_ARGUMENT for anything that is not a number in range
     */
    public static double maxWindowSeconds(String text) {
        if (text == null || text.isBlank()) {
            return AnalysisOptions.DEFAULT.maxWindowSeconds();
        }
        double seconds;
        try {
            seconds = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "The longest window '" + text
                    + "' is not a number of seconds; give a value from " + (int) AnalysisOptions.MIN_WINDOW_SECONDS
                    + " to " + (int) AnalysisOptions.MAX_WINDOW_SECONDS + " (default 60).");
        }
        AnalysisOptions.checkMaxWindow(seconds);
        return seconds;
    }

    /** These choices over the defaults of everything else ({@link AnalysisOptions#DEFAULT}). */
    public AnalysisOptions options() {
        return applyTo(AnalysisOptions.DEFAULT);
    }

    /** {@code base} with these choices. */
    public AnalysisOptions applyTo(AnalysisOptions base) {
        return base.withGranularity(granularity).withSpeakers(speakers).withEmbedding(embedding)
                .withMaxWindowSeconds(maxWindowSeconds);
    }
}
