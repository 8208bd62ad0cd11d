package io.emovox.analysis;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The part of a result that listings show: everything but the frame timeline's rows. What the
 * terminal table, the CSV and JSON-lines rows ({@link ResultRow}) and Spark's rows are made of,
 * built from a fresh {@link AnalysisResult} or read back from an output folder's result.json
 * (an input a batch skipped because it was done), so both print the same way.
 *
 * @param verdict         the whole input's emotion
 * @param speech          whether that emotion may be read ({@link SpeechVerdict#of} on the warnings)
 * @param granularity     what was scored
 * @param durationSeconds decoded audio
 * @param lowReliability  under the reliability limit of speech
 * @param model           which model produced it
 * @param warnings        as in result.json
 * @param segments        as in result.json
 * @param speakers        as in result.json
 * @param frameCount      rows of the frame timeline, 0 without one
 * @param frameRateHz     its rate, 0 without one
 * @param embeddingRows   rows of embedding.npy, 0 without one
 * @param embeddingDim    its D, 0 without one
 * @param text            what a transcript added, or null without one
 */
public record ResultSummary(Verdict verdict, SpeechVerdict speech, Granularity granularity, double durationSeconds,
                            boolean lowReliability, ModelRef model, List<AnalysisWarning> warnings,
                            List<SegmentResult> segments, List<SpeakerSummary> speakers, int frameCount,
                            double frameRateHz, int embeddingRows, int embeddingDim, TextSummary text) {
    public ResultSummary {
        Objects.requireNonNull(verdict, "verdict");
        warnings = List.copyOf(warnings);
        segments = List.copyOf(segments);
        speakers = List.copyOf(speakers);
    }

    /** The summary of a fresh result (it stays the caller's to close), numbers as computed. */
    public static ResultSummary of(AnalysisResult r) {
        FrameTimeline f = r.frames();
        Embeddings e = r.embeddings();
        return new ResultSummary(r.verdict(), r.speechVerdict(), r.granularity(), r.durationSeconds(),
                r.lowReliability(), r.model(), r.warnings(), r.segments(), r.speakers(),
                f == null ? 0 : f.count(), f == null ? 0 : f.rateHz(),
                e == null ? 0 : e.rows(), e == null ? 0 : e.dim(), r.text());
    }

    /**
     * This summary with its times rounded as result.json rounds them: what {@link #read} gives for
     * the folder it was written to, so a fresh input and a skipped one print alike.
     */
    public ResultSummary asWritten() {
        List<SegmentResult> seg = segments.stream().map(s -> new SegmentResult(
                ResultWriter.round(s.startSeconds(), 3).doubleValue(), ResultWriter.round(s.endSeconds(),
                        3).doubleValue(),
                s.speaker(), s.verdict(), s.lowReliability(), s.text(), s.textConflict())).toList();
        List<SpeakerSummary> spk = speakers.stream().map(s -> new SpeakerSummary(s.speaker(),
                ResultWriter.round(s.speechSeconds(), 3).doubleValue(), s.segments(), s.verdict(),
                s.lowReliability())).toList();
        return new ResultSummary(verdict, speech, granularity, ResultWriter.round(durationSeconds, 4).doubleValue(),
                lowReliability, model, warnings, seg, spk, frameCount, frameRateHz, embeddingRows, embeddingDim, text);
    }

    /**
     * The summary of an output folder's result.json, read without its (possibly huge) frame rows.
     *
     * @throws io.emovox.EmovoxException IO_ERROR when it cannot be read or is not an emovox result
     */
    public static ResultSummary read(Path folder) {
        return ResultReader.summary(folder.resolve(ResultWriter.RESULT_JSON));
    }

    /** The warning codes, in order. */
    public List<String> warningCodes() {
        return warnings.stream().map(AnalysisWarning::code).toList();
    }

    public boolean hasFrames() {
        return frameCount > 0;
    }

    public boolean hasEmbedding() {
        return embeddingDim > 0;
    }
}
