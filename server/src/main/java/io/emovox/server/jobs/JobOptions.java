package io.emovox.server.jobs;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a client asked for: a model name (null: the server's default), the granularity, whether to
 * write the embedding, and speakers ("none", or "channels": one speaker per channel of a stereo
 * call). Values are checked here so nothing unchecked reaches a path.
 */
public record JobOptions(String model, String granularity, boolean embedding, String speakers) {
    public static final Set<String> GRANULARITIES = Set.of("utterance", "frame", "segments");
    public static final Set<String> SPEAKERS = Set.of("none", "channels");
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public JobOptions {
        if (model != null && (model.isBlank() || model.equals("default"))) {
            model = null;
        }
        if (model != null && !MODEL_NAME.matcher(model).matches()) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Model name '" + model
                    + "' is not valid: use letters, digits, '.', '_' or '-' (at most 64).");
        }
        if (granularity == null || granularity.isBlank()) {
            granularity = "utterance";
        }
        if (!GRANULARITIES.contains(granularity)) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Granularity '" + granularity
                    + "' is not one of utterance, frame, segments.");
        }
        if (speakers == null || speakers.isBlank()) {
            speakers = "none";
        }
        if (!SPEAKERS.contains(speakers)) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Speakers '" + speakers
                    + "' is not one of none, channels.");
        }
    }

    public static final JobOptions DEFAULT = new JobOptions(null, "utterance", false, "none");
}
