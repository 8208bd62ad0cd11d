package io.emovox.analysis;

import io.emovox.model.EmotionLabel;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything one analysis found; {@link ResultWriter} turns it into an output folder
 * ({@code result.json}, {@code processed_audio.wav}, {@code embedding.npy}).
 *
 * <p>The large parts of long inputs — the 16 kHz audio, the frame timeline and frame embeddings —
 * live in a private work folder on disk, so a result of an hour-long input stays small in memory.
 * Whoever receives the result closes it; closing deletes that folder.
 *
 * @param verdict        the whole input's emotion (the WebUI's {@code emotion}, {@code confidence},
 *                       {@code scores})
 * @param granularity    what was scored
 * @param timestamp      local time of the analysis, "YYYY-MM-DD HH:MM:SS"
 * @param model          which model produced it
 * @param input          what the input was
 * @param durationSeconds duration of the decoded audio
 * @param lowReliability true when the input has less than the reliability limit of speech
 * @param warnings       not-speech and reliability warnings, empty when none
 * @param segments       scored segments (segments granularity, or speaker turns); empty otherwise
 * @param speakers       per-speaker summaries; empty without speakers
 * @param frames         the frame timeline for frame granularity, else null
 * @param embeddings     embeddings when asked for, else null
 * @param processedAudio the decoded 16 kHz mono audio (raw float32, see {@link ResultWriter})
 * @param workDir        the folder deleted by {@link #close()}
 * @param text           what a transcript added (text, conflicts), or null without a transcript
 */
public record AnalysisResult(Verdict verdict, Granularity granularity, String timestamp, ModelRef model,
                             InputInfo input, double durationSeconds, boolean lowReliability,
                             List<AnalysisWarning> warnings, List<SegmentResult> segments,
                             List<SpeakerSummary> speakers, FrameTimeline frames, Embeddings embeddings,
                             ProcessedAudio processedAudio, Path workDir, TextSummary text)
        implements AutoCloseable {

    /** The one internal sample rate, reported as {@code sample_rate}. */
    public static final int SAMPLE_RATE = io.emovox.audio.AudioFormat16k.SAMPLE_RATE;

    public AnalysisResult {
        Objects.requireNonNull(verdict, "verdict");
        warnings = List.copyOf(warnings);
        segments = List.copyOf(segments);
        speakers = List.copyOf(speakers);
    }

    /** A result without a transcript. */
    public AnalysisResult(Verdict verdict, Granularity granularity, String timestamp, ModelRef model,
                          InputInfo input, double durationSeconds, boolean lowReliability,
                          List<AnalysisWarning> warnings, List<SegmentResult> segments,
                          List<SpeakerSummary> speakers, FrameTimeline frames, Embeddings embeddings,
                          ProcessedAudio processedAudio, Path workDir) {
        this(verdict, granularity, timestamp, model, input, durationSeconds, lowReliability, warnings, segments,
                speakers, frames, embeddings, processedAudio, workDir, null);
    }

    /**
     * This result with transcript text: the same work files (close only one of the two), the
     * segments replaced by {@code textSegments} (the same segments, carrying text).
     */
    public AnalysisResult withText(List<SegmentResult> textSegments, TextSummary summary) {
        if (textSegments.size() != segments.size()) {
            throw new IllegalArgumentException("withText needs one segment per segment: " + textSegments.size()
                    + " for " + segments.size() + ".");
        }
        return new AnalysisResult(verdict, granularity, timestamp, model, input, durationSeconds, lowReliability,
                warnings, textSegments, speakers, frames, embeddings, processedAudio, workDir, summary);
    }

    public EmotionLabel emotion() {
        return verdict.emotion();
    }

    public float confidence() {
        return verdict.confidence();
    }

    public boolean uncertain() {
        return verdict.uncertain();
    }

    /** Whether the emotion may be read at all, from the warnings ({@link SpeechVerdict#of}). */
    public SpeechVerdict speechVerdict() {
        return SpeechVerdict.of(warnings.stream().map(AnalysisWarning::code).toList());
    }

    /** Deletes the work folder; the frame timeline, embeddings and audio are gone afterwards. */
    @Override
    public void close() {
        if (processedAudio != null) {
            processedAudio.file().close();
        }
        if (frames != null) {
            frames.file().close();
        }
        if (embeddings != null) {
            embeddings.file().close();
        }
        WorkFolders.delete(workDir);
    }

    /** The decoded 16 kHz mono audio of the input, as float32 on disk. */
    public static final class ProcessedAudio {
        private final FloatFile file;

        ProcessedAudio(FloatFile file) {
            this.file = file;
        }

        FloatFile file() {
            return file;
        }

        public long samples() {
            return file.size();
        }

        /** Reads {@code len} samples starting at sample {@code from}. */
        public float[] read(long from, int len) {
            return file.read(from, len);
        }
    }
}
