package io.emovox.server.review;

import java.util.List;
import java.util.Map;

/**
 * What one review item is about, as the model left it: a job's whole result ({@code segment}
 * null) or one segment of its result.json.
 *
 * @param segment      index in result.json's {@code segments}, or null for the whole result
 * @param start        seconds from the start of the input
 * @param end          seconds
 * @param speaker      the segment's speaker, or null
 * @param reasons      why it needs a person ({@link ReviewReason} keys)
 * @param emotion      the model's label
 * @param confidence   its probability
 * @param scores       the model's nine scores by label key
 * @param text         the transcript text spoken in it, or null
 * @param textConflict result.json's {@code text_conflict} object as JSON, or null
 */
public record ReviewTarget(Integer segment, double start, double end, String speaker, List<String> reasons,
                           String emotion, double confidence, Map<String, Double> scores, String text,
                           String textConflict) {
    public ReviewTarget {
        reasons = List.copyOf(reasons);
        scores = Map.copyOf(scores);
    }
}
