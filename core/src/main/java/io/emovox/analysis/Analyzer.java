package io.emovox.analysis;

import io.emovox.audio.AudioDecoder;
import io.emovox.audio.vad.SileroVad;
import io.emovox.files.FileTrees;
import io.emovox.model.EmotionModel;
import io.emovox.model.ModelInfo;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * The main job: decode an input, find its speech, score it with an emotion model and collect
 * everything in an {@link AnalysisResult}. Hour-long inputs are processed in bounded memory:
 * the decoded audio, frame timeline and frame embeddings go to a work folder on disk and the model
 * sees one window at a time.
 *
 * <p>What is scored (see {@link Granularity}):
 * <ul>
 *   <li>utterance: the whole input. Inputs up to the model's window (emotion2vec+: see its
 *       {@code maxWindowSamples}) take one model call, so the numbers are the model's own.
 *       Longer inputs are cut into overlapping windows and the result is the mean of the window
 *       logits weighted by the samples each window owns (the nearest-centre rule of
 *       {@link WindowPlan}); the embedding likewise.
 *   <li>frame: the utterance plus a frame timeline: native 50 Hz frames stitched from the window
 *       where each frame is most central, or, for models without frames, sliding clips (1 s every
 *       0.25 s by default) each scored as an utterance.
 *   <li>segments: each voice-activity segment (split at pauses, at most
 *       {@code vad.maxSegmentSeconds} long) scored as an utterance; the whole-input verdict is
 *       the mean of segment logits weighted by segment duration.
 * </ul>
 * With speakers (one per channel, or RTTM turns), every speaker turn is scored as a segment, each
 * segment carries its speaker, each speaker gets a summary, and the whole-input verdict comes from
 * all segments. When no speech is found, the whole input is scored and a warning says so.
 *
 * <p>Stages, each a class with a record as its output: decode ({@link DecodeStage} →
 * {@link Decoded}: 16 kHz audio on disk, voice activity, signal warnings), plan ({@link PlanStage}
 * → {@link ScoringPlan}: the stretches scored as utterances of their own, with speakers), score
 * ({@link ScoreStage} → {@link Scores}: every model call, through {@link ClipScorer}), aggregate
 * ({@link AggregateStage} → {@link Aggregate}: verdicts, speaker summaries, embedding rows), and
 * the {@link AnalysisResult} that {@link #result} assembles.
 *
 * <p>Ownership: the analyzer borrows the model (its creator closes it). It owns the VAD it loads
 * itself; a VAD passed in stays the caller's. Thread-safe: calls may run in parallel. Work
 * folders go under {@code java.io.tmpdir} unless a work root is given.
 *
 * <p>Basic usage:
 * <pre>{@code
 * try (EmotionModel model = ModelStore.atHome().open(null);
 *      Analyzer analyzer = new Analyzer(model);
 *      AnalysisResult result = analyzer.analyze(Path.of("call.m4a"), AnalysisOptions.DEFAULT,
 *              ProgressListener.NONE)) {
 *     ResultWriter.write(result, Path.of("outputs/call"));
 * }
 * }</pre>
 */
public final class Analyzer implements AutoCloseable {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final EmotionModel model;
    private final AudioDecoder decoder;
    private final SileroVad vad;
    private final boolean ownsVad;
    private final Path workRoot;
    private final DecodeStage decode;

    /** An analyzer with default input limits and its own voice activity detector. */
    public Analyzer(EmotionModel model) {
        this(model, new AudioDecoder(), SileroVad.load(), true, WorkFolders.defaultRoot());
    }

    /** An analyzer using the given decoder and VAD; the VAD stays the caller's to close. */
    public Analyzer(EmotionModel model, AudioDecoder decoder, SileroVad vad) {
        this(model, decoder, vad, false, WorkFolders.defaultRoot());
    }

    /**
     * As {@link #Analyzer(EmotionModel, AudioDecoder, SileroVad)}, keeping the work folders of its
     * analyses (decoded audio, timelines: as large as the input's 16 kHz samples) under
     * {@code workRoot} instead of the temporary folder.
     */
    public Analyzer(EmotionModel model, AudioDecoder decoder, SileroVad vad, Path workRoot) {
        this(model, decoder, vad, false, workRoot);
    }

    private Analyzer(EmotionModel model, AudioDecoder decoder, SileroVad vad, boolean ownsVad, Path workRoot) {
        this.model = Objects.requireNonNull(model, "model");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.vad = Objects.requireNonNull(vad, "vad");
        this.ownsVad = ownsVad;
        this.workRoot = Objects.requireNonNull(workRoot, "workRoot");
        this.decode = new DecodeStage(decoder, vad);
    }

    public ModelInfo modelInfo() {
        return model.info();
    }

    /** Analyses a file. The caller closes the result. */
    public AnalysisResult analyze(Path input, AnalysisOptions options, ProgressListener progress) {
        return analyze(input, input.toString(), options, progress);
    }

    /** Analyses bytes held in memory (an upload); {@code name} names it in the result and in messages. */
    public AnalysisResult analyze(byte[] data, String name, AnalysisOptions options, ProgressListener progress) {
        return analyze(new ByteArrayInputStream(data), name, options, progress);
    }

    /**
     * Analyses a stream (stdin, an upload), read to its end but not closed. The bytes are copied to
     * the work folder first (within the decoder's size limit), so any container works and the input
     * can be read once per channel.
     */
    public AnalysisResult analyze(InputStream in, String name, AnalysisOptions options, ProgressListener progress) {
        Path work = WorkFolders.create(workRoot);
        try {
            Path copy = work.resolve("input-" + sanitize(name));
            decoder.copy(in, name, copy);
            AnalysisResult r = run(copy, name, options, progress, work);
            FileTrees.deleteQuietly(copy);
            return r;
        } catch (RuntimeException e) {
            WorkFolders.delete(work);
            throw e;
        }
    }

    /**
     * Analyses a file that the result and messages call {@code name} (an upload kept under a random
     * file name, say): read in place, not copied.
     */
    public AnalysisResult analyze(Path input, String name, AnalysisOptions options, ProgressListener progress) {
        Path work = WorkFolders.create(workRoot);
        try {
            return run(input, name, options, progress, work);
        } catch (RuntimeException e) {
            WorkFolders.delete(work);
            throw e;
        }
    }

    /** The stages, in order; on failure every work file is closed (the caller deletes the folder). */
    private AnalysisResult run(Path input, String name, AnalysisOptions options, ProgressListener progress,
                               Path work) {
        Objects.requireNonNull(options, "options");
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        String timestamp = LocalDateTime.now().format(TIMESTAMP);
        WorkFiles files = new WorkFiles(work);
        try {
            Decoded decoded = decode.run(input, name, options, files, listener);
            ScoringPlan plan = PlanStage.run(decoded, options, name);
            Scores scores = new ScoreStage(model).run(decoded, plan, options, files, listener);
            decoded.channels().forEach(t -> t.audio().close());
            Aggregate aggregate = AggregateStage.run(decoded, plan, scores, options, model.temperature());
            return result(decoded, scores, aggregate, options, timestamp, files);
        } catch (RuntimeException e) {
            files.closeAll();
            throw e;
        }
    }

    /** Stage 5, result: the verdicts with what the input was, the timeline, embeddings and audio. */
    private AnalysisResult result(Decoded decoded, Scores scores, Aggregate aggregate, AnalysisOptions options,
                                  String timestamp, WorkFiles files) {
        ModelInfo info = model.info();
        Embeddings embeddings = null;
        if (options.embedding()) {
            FloatFile rows = scores.frameEmbeddings();
            if (rows == null) {
                rows = files.create("embedding.f32");
                aggregate.embeddingRows().forEach(rows::append);
            }
            embeddings = new Embeddings(rows, info.embeddingDim());
        }
        Track mix = decoded.mix();
        InputInfo input = new InputInfo(mix.name(), mix.info().container(), mix.info().codec(),
                mix.info().sampleRate(), mix.info().channels());
        return new AnalysisResult(aggregate.verdict(), options.granularity(), timestamp, ModelRef.of(info), input,
                mix.durationSeconds(), aggregate.lowReliability(), aggregate.warnings(), aggregate.segments(),
                aggregate.speakers(), scores.frames(), embeddings, new AnalysisResult.ProcessedAudio(mix.audio()),
                files.dir());
    }

    private static String sanitize(String name) {
        String base = Path.of(name).getFileName() == null ? "stdin" : Path.of(name).getFileName().toString();
        return base.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public void close() {
        if (ownsVad) {
            vad.close();
        }
    }
}
