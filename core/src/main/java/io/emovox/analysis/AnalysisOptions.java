package io.emovox.analysis;

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
 * @param windowSeconds        longest window given to the model in one call; 0 = the model's own
 *                             maximum ({@code ModelInfo.maxWindowSamples})
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
                              VadOptions vad, double windowSeconds, double overlapSeconds,
                              double clipWindowSeconds, double clipHopSeconds,
                              double smoothingSeconds, double lowReliabilitySeconds,
                              UncertaintyPolicy uncertainty) {

    public static final AnalysisOptions DEFAULT = new AnalysisOptions(Granularity.UTTERANCE, false,
            Speakers.NONE, VadOptions.DEFAULT, 0, 4.0, 1.0, 0.25, 0.5, 1.0,
            UncertaintyPolicy.DEFAULT);

    public AnalysisOptions {
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(speakers, "speakers");
        Objects.requireNonNull(vad, "vad");
        Objects.requireNonNull(uncertainty, "uncertainty");
        if (!(windowSeconds == 0 || windowSeconds >= 1)) {
            throw new IllegalArgumentException("windowSeconds must be 0 (the model's maximum) or at least 1 s, got "
                    + windowSeconds + ".");
        }
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

    public AnalysisOptions withGranularity(Granularity value) {
        return new AnalysisOptions(value, embedding, speakers, vad, windowSeconds, overlapSeconds,
                clipWindowSeconds, clipHopSeconds, smoothingSeconds, lowReliabilitySeconds, uncertainty);
    }

    public AnalysisOptions withEmbedding(boolean value) {
        return new AnalysisOptions(granularity, value, speakers, vad, windowSeconds, overlapSeconds,
                clipWindowSeconds, clipHopSeconds, smoothingSeconds, lowReliabilitySeconds, uncertainty);
    }

    public AnalysisOptions withSpeakers(Speakers value) {
        return new AnalysisOptions(granularity, embedding, value, vad, windowSeconds, overlapSeconds,
                clipWindowSeconds, clipHopSeconds, smoothingSeconds, lowReliabilitySeconds, uncertainty);
    }

    public AnalysisOptions withVad(VadOptions value) {
        return new AnalysisOptions(granularity, embedding, speakers, value, windowSeconds, overlapSeconds,
                clipWindowSeconds, clipHopSeconds, smoothingSeconds, lowReliabilitySeconds, uncertainty);
    }

    public AnalysisOptions withWindow(double seconds, double overlap) {
        return new AnalysisOptions(granularity, embedding, speakers, vad, seconds, overlap,
                clipWindowSeconds, clipHopSeconds, smoothingSeconds, lowReliabilitySeconds, uncertainty);
    }

    public AnalysisOptions withClipWindow(double seconds, double hop) {
        return new AnalysisOptions(granularity, embedding, speakers, vad, windowSeconds, overlapSeconds,
                seconds, hop, smoothingSeconds, lowReliabilitySeconds, uncertainty);
    }

    public AnalysisOptions withSmoothingSeconds(double value) {
        return new AnalysisOptions(granularity, embedding, speakers, vad, windowSeconds, overlapSeconds,
                clipWindowSeconds, clipHopSeconds, value, lowReliabilitySeconds, uncertainty);
    }

    public AnalysisOptions withLowReliabilitySeconds(double value) {
        return new AnalysisOptions(granularity, embedding, speakers, vad, windowSeconds, overlapSeconds,
                clipWindowSeconds, clipHopSeconds, smoothingSeconds, value, uncertainty);
    }

    public AnalysisOptions withUncertainty(UncertaintyPolicy value) {
        return new AnalysisOptions(granularity, embedding, speakers, vad, windowSeconds, overlapSeconds,
                clipWindowSeconds, clipHopSeconds, smoothingSeconds, lowReliabilitySeconds, value);
    }

    /** A stable text form of everything that changes results; the CLI hashes it to resume batches. */
    public String fingerprint() {
        return String.join("|", granularity.key(), Boolean.toString(embedding), speakers.toString(),
                vad.toString(), Double.toString(windowSeconds), Double.toString(overlapSeconds),
                Double.toString(clipWindowSeconds), Double.toString(clipHopSeconds),
                Double.toString(smoothingSeconds), Double.toString(lowReliabilitySeconds),
                uncertainty.toString());
    }
}
