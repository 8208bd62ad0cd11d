package io.emovox.analysis;

import io.emovox.speakers.Speakers;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The analysis options a user chooses by name — granularity, speakers, embedding — parsed and
 * checked in one place for every shell: the CLI's flags ({@code analyze}), the server's form
 * fields and stored jobs ({@code JobOptions}) and the Spark job's arguments. Text in,
 * {@link AnalysisOptions} out; anything unknown is an INVALID_ARGUMENT naming what is accepted.
 *
 * <pre>{@code
 * AnalysisOptions o = AnalysisChoices.parse("segments", "cluster:3", null, true).options();
 * }</pre>
 *
 * @param granularity what is scored
 * @param speakers    who speaks when
 * @param embedding   whether embeddings are written
 */
public record AnalysisChoices(Granularity granularity, Speakers speakers, boolean embedding) {
    /** One result for the whole input, no speakers, no embedding. */
    public static final AnalysisChoices DEFAULT = new AnalysisChoices(Granularity.UTTERANCE, Speakers.NONE, false);

    public AnalysisChoices {
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(speakers, "speakers");
    }

    /**
     * Parses what a user wrote ({@link Granularity#parse}, {@link Speakers#parse}).
     *
     * @param granularity utterance, frame or segments; null or blank: utterance
     * @param speakers    none, channels, rttm, cluster or cluster:N; null or blank: none (rttm when
     *                    turns are given)
     * @param turns       where RTTM turns come from, or null when none were given
     * @param embedding   whether to write embeddings
     */
    public static AnalysisChoices parse(String granularity, String speakers, Supplier<Speakers.Rttm> turns,
                                        boolean embedding) {
        return new AnalysisChoices(Granularity.parse(granularity), Speakers.parse(speakers, turns), embedding);
    }

    /** These choices over the defaults of everything else ({@link AnalysisOptions#DEFAULT}). */
    public AnalysisOptions options() {
        return applyTo(AnalysisOptions.DEFAULT);
    }

    /** {@code base} with these choices. */
    public AnalysisOptions applyTo(AnalysisOptions base) {
        return base.withGranularity(granularity).withSpeakers(speakers).withEmbedding(embedding);
    }
}
