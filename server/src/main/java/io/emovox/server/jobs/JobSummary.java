package io.emovox.server.jobs;

import io.emovox.analysis.SpeechVerdict;
import java.util.List;

/**
 * The headline of a finished analysis, kept in the database for the job list and search.
 *
 * @param speech   whether the emotion may be read (the core's rule on the warnings)
 * @param warnings the result's warning codes
 */
public record JobSummary(String emotion, double confidence, String model, double durationSeconds,
                         SpeechVerdict speech, List<String> warnings) {
    public JobSummary {
        warnings = List.copyOf(warnings);
    }
}
