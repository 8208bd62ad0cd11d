package io.emovox.server.jobs;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.speakers.Speakers;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a client asked for: a model name (null: the server's default), the granularity, whether to
 * write the embedding, and speakers ("none"; "channels": one speaker per channel of a stereo
 * call; "rttm": the turns of a diarization, whose text is {@code rttm}; "cluster:N": N voices told
 * apart by emovox, stored in that form). Values are checked here
 * so nothing unchecked reaches a path or the analysis.
 */
public record JobOptions(String model, String granularity, boolean embedding, String speakers, String rttm) {
    public static final Set<String> GRANULARITIES = Set.of("utterance", "frame", "segments");
    public static final Set<String> SPEAKERS = Set.of("none", "channels", "rttm");
    /** Largest RTTM text accepted (about 20,000 turns). */
    public static final int MAX_RTTM_CHARS = 1 << 20;
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String RTTM_SOURCE = "the uploaded RTTM";

    public JobOptions {
        if (model != null && (model.isBlank() || model.equals("default"))) {
            model = null;
        }
        if (model != null && !MODEL_NAME.matcher(model).matches()) {
            throw invalid("Model name '" + model + "' is not valid: use letters, digits, '.', '_' or '-' (at most 64).");
        }
        if (granularity == null || granularity.isBlank()) {
            granularity = "utterance";
        }
        if (!GRANULARITIES.contains(granularity)) {
            throw invalid("Granularity '" + granularity + "' is not one of utterance, frame, segments.");
        }
        if (rttm != null && rttm.isBlank()) {
            rttm = null;
        }
        if (speakers == null || speakers.isBlank()) {
            speakers = rttm != null ? "rttm" : "none";
        }
        if (speakers.startsWith("cluster")) {
            speakers = Speakers.clustered(speakers).spec();
        } else if (!SPEAKERS.contains(speakers)) {
            throw invalid("Speakers '" + speakers + "' is not one of none, channels, rttm, cluster, cluster:N.");
        }
        if (speakers.equals("rttm") != (rttm != null)) {
            throw invalid(rttm == null
                    ? "speakers=rttm needs the diarization: send the RTTM file in a multipart part named 'rttm'."
                    : "An RTTM diarization was sent with speakers=" + speakers + "; send speakers=rttm or leave the RTTM out.");
        }
        if (rttm != null) {
            if (rttm.length() > MAX_RTTM_CHARS) {
                throw invalid("The RTTM is over " + MAX_RTTM_CHARS + " characters; split the recording and its diarization.");
            }
            Speakers.rttm(RTTM_SOURCE, rttm); // refuses text that is not RTTM now, not when the job runs
        }
    }

    public static final JobOptions DEFAULT = new JobOptions(null, "utterance", false, "none", null);

    /** The analysis speakers these options ask for. */
    public Speakers speakerSpec() {
        return switch (speakers) {
            case "channels" -> Speakers.CHANNELS;
            case "rttm" -> Speakers.rttm(RTTM_SOURCE, rttm);
            case "none" -> Speakers.NONE;
            default -> Speakers.clustered(speakers);
        };
    }

    private static EmovoxException invalid(String message) {
        return new EmovoxException(ErrorKind.INVALID_ARGUMENT, message);
    }
}
