package io.emovox.analysis;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.audio.vad.VadOptions;
import io.emovox.speakers.Speakers;
import java.util.Objects;

/**
 * How to analyse one input. Immutable; start from {@link #DEFAULT} and override what you need with
 * the {@code with…} methods (shells override only what the user set).
 *
 * @param granularity          utterance, frame or segments
 * @param embedding            whether to return embeddings ((1, D) utterance, (N, D) frames,
 *                             (S, D) segments)
 * @param speakers             none, one per channel, or the turns of an RTTM diarization
 * @param vad                  how speech segments are found (segments granularity, speakers,
 *                             not-speech check); its {@code maxSegmentSeconds} bounds a segment
 * @param maxWindowSeconds     longest window given to the model in one call (5 to 600 s, default
 *                             60): a stretch up to this long is scored in one pass, longer ones are
 *                             windowed; a model with a shorter maximum
 *                             ({@code ModelInfo.maxWindowSamples}, the built-in model's 30 s) keeps it
 * @param overlapSeconds       overlap between consecutive windows of long audio (clamped to half
 *                             a window)
 * @param clipWindowSeconds    for models without native frames: the sliding window scored per
 *                             timeline point (frame granularity)
 * @param clipHopSeconds       for models without native frames: hop of that sliding window
 * @param smoothingSeconds     width of the centred moving average of the smoothed frame timeline
 * @param lowReliabilitySeconds speech shorter than this is scored but flagged low reliability
 * @param uncertainty          when a verdict is "uncertain"
 */
public record AnalysisOptions(Granularity granularity, boolean embedding, Speakers speakers,
                              VadOptions vad, double maxWindowSeconds, double overlapSeconds,
                              double clipWindowSeconds, double clipHopSeconds,
                              double smoothingSeconds, double lowReliabilitySeconds,
                              UncertaintyPolicy uncertainty) {

    public static final AnalysisOptions DEFAULT = new AnalysisOptions(Granularity.UTTERANCE, false,
            Speakers.NONE, VadOptions.DEFAULT, 60, 4.0, 1.0, 0.25, 0.5, 1.0,
            UncertaintyPolicy.DEFAULT);

    /** Shortest allowed {@link #maxWindowSeconds}. */
    public static final double MIN_WINDOW_SECONDS = 5;
    /** Longest allowed {@link #maxWindowSeconds}: attention memory grows with its square (docs/benchmarks.md). */
    public static final double MAX_WINDOW_SECONDS = 600;

    public AnalysisOptions {
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(speakers, "speakers");
        Objects.requireNonNull(vad, "vad");
        Objects.requireNonNull(uncertainty, "uncertainty");
        checkMaxWindow(maxWindowSeconds);
        if (!(overlapSeconds >= 0)) {
            throw new IllegalArgumentException("overlapSeconds must not be negative, got " + overlapSeconds + ".");
        }
        if (!(clipWindowSeconds >= 0.1 && clipHopSeconds > 0 && clipHopSeconds <= clipWindowSeconds)) {
            throw new IllegalArgumentException("The sliding window must be at least 0.1 s with a hop in (0, window], "
                    + "got "
                    + clipWindowSeconds + " s and hop " + clipHopSeconds + " s.");
        }
        if (!(smoothingSeconds >= 0) || !(lowReliabilitySeconds >= 0)) {
            throw new IllegalArgumentException("smoothingSeconds and lowReliabilitySeconds must not be negative, got "
                    + smoothingSeconds + " and " + lowReliabilitySeconds + ".");
        }
    }

    /**
     * The one range check of the longest window, for every shell.
     *
     * @throws EmovoxException INVALID_ARGUMENT saying the accepted range
     */
    static void checkMaxWindow(double seconds) {
        if (!(seconds >= MIN_WINDOW_SECONDS && seconds <= MAX_WINDOW_SECONDS)) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "The longest window must be from "
                    + (int) MIN_WINDOW_SECONDS + " to " + (int) MAX_WINDOW_SECONDS + " seconds, got " + seconds
                    + "; give a value in that range (default 60: clips up to a minute are scored whole, as upstream "
                    + "does; longer windows need more memory).");
        }
    }

    public AnalysisOptions withGranularity(Granularity value) {
        return new AnalysisOptions(value, embedding, speakers, vad, maxWindowSeconds, overlapSeconds,
                clipWindowSeconds, clipHopSeconds, smoothingSeconds, lowReliabilitySeconds, uncertainty);
    }

    public AnalysisOptions withEmbedding(boolean value) {
        return new AnalysisOptions(granularity, value, speakers, vad, maxWindowSeconds, overlapSeconds,
                clipWindowSeconds, clipHopSeconds, smoothingSeconds, lowReliabilitySeconds, uncertainty);
    }

    public AnalysisOptions withSpeakers(Speakers value) {
        return new AnalysisOptions(granularity, embedding, value, vad, maxWindowSeconds, overlapSeconds,
                clipWindowSeconds, clipHopSeconds, smoothingSeconds, lowReliabilitySeconds, uncertainty);
    }

    public AnalysisOptions withVad(VadOptions value) {
        return new AnalysisOptions(granularity, embedding, speakers, value, maxWindowSeconds, overlapSeconds,
                clipWindowSeconds, clipHopSeconds, smoothingSeconds, lowReliabilitySeconds, uncertainty);
    }

    public AnalysisOptions withWindow(double seconds, double overlap) {
        return new AnalysisOptions(granularity, embedding, speakers, vad, seconds, overlap,
                clipWindowSeconds, clipHopSeconds, smoothingSeconds, lowReliabilitySeconds, uncertainty);
    }

    public AnalysisOptions withMaxWindowSeconds(double seconds) {
        return withWindow(seconds, overlapSeconds);
    }

    public AnalysisOptions withClipWindow(double seconds, double hop) {
        return new AnalysisOptions(granularity, embedding, speakers, vad, maxWindowSeconds, overlapSeconds,
                seconds, hop, smoothingSeconds, lowReliabilitySeconds, uncertainty);
    }

    public AnalysisOptions withSmoothingSeconds(double value) {
        return new AnalysisOptions(granularity, embedding, speakers, vad, maxWindowSeconds, overlapSeconds,
                clipWindowSeconds, clipHopSeconds, value, lowReliabilitySeconds, uncertainty);
    }

    public AnalysisOptions withLowReliabilitySeconds(double value) {
        return new AnalysisOptions(granularity, embedding, speakers, vad, maxWindowSeconds, overlapSeconds,
                clipWindowSeconds, clipHopSeconds, smoothingSeconds, value, uncertainty);
    }

    public AnalysisOptions withUncertainty(UncertaintyPolicy value) {
        return new AnalysisOptions(granularity, embedding, speakers, vad, maxWindowSeconds, overlapSeconds,
                clipWindowSeconds, clipHopSeconds, smoothingSeconds, lowReliabilitySeconds, value);
    }

    /** A stable text form of everything that changes results; the CLI hashes it to resume batches. */
    public String fingerprint() {
        return String.join("|", granularity.key(), Boolean.toString(embedding), speakers.toString(),
                vad.toString(), Double.toString(maxWindowSeconds), Double.toString(overlapSeconds),
                Double.toString(clipWindowSeconds), Double.toString(clipHopSeconds),
                Double.toString(smoothingSeconds), Double.toString(lowReliabilitySeconds),
                uncertainty.toString());
    }
}
