package io.emovox.server.jobs;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.analysis.AnalysisChoices;
import io.emovox.analysis.Granularity;
import io.emovox.speakers.Speakers;

import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What a client asked for, as stored with the job: a model name (null: the server's default), the
 * granularity, whether to write the embedding, speakers ({@link Speakers#spec()}: none,
 * channels, rttm with the diarization's text in {@code rttm}, or cluster:N), and the file name of
 * the transcript sent with it (null: none; its bytes are the job folder's {@link #TRANSCRIPT_FILE}),
 * and the longest window in seconds ({@code maxWindowSeconds}, null: the default).
 * The values are parsed by the core's one parser ({@link AnalysisChoices}) here, so nothing unchecked reaches a path or
 * the analysis, and stored in their canonical form.
 */
public record JobOptions(String model, String granularity, boolean embedding, String speakers, String rttm,
                         String transcript, Double maxWindowSeconds) {
    /** Largest RTTM text accepted (about 20,000 turns). */
    public static final int MAX_RTTM_CHARS = 1 << 20;
    /** Largest transcript accepted: Whisper's JSON of a long recording, words included. */
    public static final int MAX_TRANSCRIPT_BYTES = 4 << 20;
    /** The transcript's bytes in the job's folder, beside {@code input}. */
    public static final String TRANSCRIPT_FILE = "transcript";
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String RTTM_SOURCE = "the uploaded RTTM";

    @JsonCreator
    public JobOptions {
        if (model != null && (model.isBlank() || model.equals("default"))) {
            model = null;
        }
        if (model != null && !MODEL_NAME.matcher(model).matches()) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Model name '" + model
                    + "' is not valid: use letters, digits, '.', '_' or '-' (at most 64).");
        }
        if (rttm != null && rttm.isBlank()) {
            rttm = null;
        }
        if (rttm != null && rttm.length() > MAX_RTTM_CHARS) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "The RTTM is over " + MAX_RTTM_CHARS
                    + " characters; split the recording and its diarization.");
        }
        // Parsed now (RTTM text included), not when the job runs; stored in canonical form.
        AnalysisChoices c = AnalysisChoices.parse(granularity, speakers, turns(rttm), embedding,
                window(maxWindowSeconds));
        granularity = c.granularity().key();
        speakers = c.speakers().spec();
        maxWindowSeconds = c.maxWindowSeconds();
    }

    public static final JobOptions DEFAULT = new JobOptions(null, "utterance", false, "none", null, null);

    /** Options with the default window (a form without max_window_seconds, a job stored before it existed). */
    public JobOptions(String model, String granularity, boolean embedding, String speakers, String rttm,
                      String transcript) {
        this(model, granularity, embedding, speakers, rttm, transcript, null);
    }

    /** Options without a transcript, with the default window. */
    public JobOptions(String model, String granularity, boolean embedding, String speakers, String rttm) {
        this(model, granularity, embedding, speakers, rttm, null, null);
    }

    /** Options from a client's text fields; {@code maxWindow} is parsed by the core's one parser. */
    public static JobOptions parse(String model, String granularity, boolean embedding, String speakers, String rttm,
                                   String transcript, String maxWindow) {
        return new JobOptions(model, granularity, embedding, speakers, rttm, transcript,
                AnalysisChoices.maxWindowSeconds(maxWindow));
    }

    /** The analysis these options ask for. */
    public AnalysisChoices choices() {
        return AnalysisChoices.parse(granularity, speakers, turns(rttm), embedding, window(maxWindowSeconds));
    }

    private static String window(Double seconds) {
        return seconds == null ? null : seconds.toString();
    }

    /** The granularity of a stored value, or null when it names none (a result from another version). */
    static String granularityOrNull(String stored) {
        try {
            return Granularity.parse(stored).key();
        } catch (EmovoxException e) {
            return null;
        }
    }

    private static Supplier<Speakers.Rttm> turns(String rttm) {
        return rttm == null ? null : () -> Speakers.rttm(RTTM_SOURCE, rttm);
    }
}
