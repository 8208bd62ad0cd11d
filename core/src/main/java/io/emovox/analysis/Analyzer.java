package io.emovox.analysis;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.files.IoErrors;
import io.emovox.audio.AudioDecoder;
import io.emovox.audio.AudioFormat16k;
import io.emovox.audio.AudioSource;
import io.emovox.audio.Channels;
import io.emovox.audio.SourceInfo;
import io.emovox.audio.vad.SileroVad;
import io.emovox.audio.vad.SpeechSegment;
import io.emovox.audio.vad.VadSegmenter;
import io.emovox.audio.vad.VadSummary;
import io.emovox.model.EmotionLabel;
import io.emovox.model.EmotionModel;
import io.emovox.model.ModelInfo;
import io.emovox.speakers.SpeakerClusterer;
import io.emovox.speakers.Speakers;
import io.emovox.speakers.Voiceprints;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * <p>Ownership: the analyzer borrows the model (its creator closes it). It owns the VAD it loads
 * itself; a VAD passed in stays the caller's. Thread-safe: calls may run in parallel.
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
    private static final int BLOCK = 16_000;

    private final EmotionModel model;
    private final AudioDecoder decoder;
    private final SileroVad vad;
    private final boolean ownsVad;

    /** An analyzer with default input limits and its own voice activity detector. */
    public Analyzer(EmotionModel model) {
        this(model, new AudioDecoder(), SileroVad.load(), true);
    }

    /** An analyzer using the given decoder and VAD; the VAD stays the caller's to close. */
    public Analyzer(EmotionModel model, AudioDecoder decoder, SileroVad vad) {
        this(model, decoder, vad, false);
    }

    private Analyzer(EmotionModel model, AudioDecoder decoder, SileroVad vad, boolean ownsVad) {
        this.model = Objects.requireNonNull(model, "model");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.vad = Objects.requireNonNull(vad, "vad");
        this.ownsVad = ownsVad;
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
     * Analyses a stream (stdin, an upload), read to its end but not closed. The bytes are spooled to
     * the work folder first (bounded by the decoder's size limit), so any container works.
     */
    public AnalysisResult analyze(InputStream in, String name, AnalysisOptions options, ProgressListener progress) {
        Path work = WorkFolders.create();
        try {
            Path copy = work.resolve("input-" + sanitize(name));
            long max = decoder.limits().maxBytes();
            // LimitedInputStream does not close the caller's stream.
            Files.copy(new LimitedInputStream(in, max + 1), copy, StandardCopyOption.REPLACE_EXISTING);
            if (Files.size(copy) > max) {
                throw new EmovoxException(ErrorKind.TOO_LARGE, name + " is over the size limit of " + max
                        + " bytes. Cut it into parts or raise the size limit.");
            }
            AnalysisResult r = run(copy, name, options, progress, work);
            Files.deleteIfExists(copy);
            return r;
        } catch (IOException e) {
            WorkFolders.delete(work);
            if (IoErrors.isDiskFull(e)) {
                throw IoErrors.writeFailed("A copy of " + name, work.getParent(), e, IoErrors.TEMP_ELSEWHERE);
            }
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot read " + name + ": " + e.getMessage(), e);
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
        Path work = WorkFolders.create();
        try {
            return run(input, name, options, progress, work);
        } catch (RuntimeException e) {
            WorkFolders.delete(work);
            throw e;
        }
    }

    private AnalysisResult run(Path input, String name, AnalysisOptions options, ProgressListener progress,
                               Path work) {
        Objects.requireNonNull(options, "options");
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        String timestamp = LocalDateTime.now().format(TIMESTAMP);
        ModelInfo info = model.info();

        // Pass 1: decode once (per channel with channel speakers), keeping audio on disk, VAD and
        // signal statistics fed as blocks arrive.
        List<FloatFile> opened = new ArrayList<>();
        try {
            return run(input, name, options, listener, work, timestamp, info, opened);
        } catch (RuntimeException e) {
            opened.forEach(FloatFile::close);
            throw e;
        }
    }

    private AnalysisResult run(Path input, String name, AnalysisOptions options, ProgressListener listener,
                               Path work, String timestamp, ModelInfo info, List<FloatFile> opened) {
        Track mix = decode(input, name, Channels.MIX, work.resolve("audio.f32"), options, listener, opened);
        List<Track> tracks = new ArrayList<>();
        Speakers speakers = options.speakers();
        if (speakers instanceof Speakers.Channels) {
            int channels = mix.info.channels();
            if (channels < 2) {
                throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, name + " has " + channels
                        + " channel; --speakers channels needs a recording with one speaker per channel"
                        + " (stereo or more). Analyse it without speakers, or give a diarization with --speakers rttm.");
            }
            for (int c = 0; c < channels; c++) {
                Track t = decode(input, name, Channels.only(c), work.resolve("channel" + c + ".f32"), options,
                        listener, opened);
                t.speaker = "channel_" + (c + 1);
                tracks.add(t);
            }
        }

        List<AnalysisWarning> warnings = new ArrayList<>(SpeechCheck.warnings(
                SpeechCheck.features(mix.stats, mix.vadSummary)));
        RangeScorer scorer = new RangeScorer(model, options);
        double temperature = model.temperature();
        UncertaintyPolicy policy = options.uncertainty();

        // Which stretches are scored as segments, with their speakers.
        List<Stretch> stretches = new ArrayList<>();
        if (speakers instanceof Speakers.Channels) {
            for (Track t : tracks) {
                for (SpeechSegment s : t.segments) {
                    stretches.add(new Stretch(t, s.startSeconds(), s.endSeconds(), t.speaker));
                }
            }
        } else if (speakers instanceof Speakers.Rttm rttm) {
            for (Speakers.Turn turn : rttm.turnsFor(name)) {
                double end = Math.min(turn.end(), mix.durationSeconds());
                for (double[] piece : split(turn.start(), end, options.vad().maxSegmentSeconds())) {
                    stretches.add(new Stretch(mix, piece[0], piece[1], turn.speaker()));
                }
            }
        } else if (speakers instanceof Speakers.Clustered clustered) {
            stretches.addAll(clusteredStretches(mix, clustered.count()));
        } else if (options.granularity() == Granularity.SEGMENTS) {
            for (SpeechSegment s : mix.segments) {
                stretches.add(new Stretch(mix, s.startSeconds(), s.endSeconds(), null));
            }
        }
        stretches.removeIf(s -> AudioFormat16k.samples(s.end) - AudioFormat16k.samples(s.start) < AudioFormat16k.MIN_SAMPLES);
        stretches.sort(Comparator.comparingDouble((Stretch s) -> s.start).thenComparing(s -> String.valueOf(s.speaker)));
        boolean bySegments = speakers != Speakers.NONE || options.granularity() == Granularity.SEGMENTS;
        if (bySegments && stretches.isEmpty()
                && warnings.stream().noneMatch(w -> w.code().equals(AnalysisWarning.NO_SPEECH))) {
            warnings.add(new AnalysisWarning(AnalysisWarning.NO_SPEECH, SpeechCheck.NO_SPEECH_MESSAGE));
        }

        // Pass 2: scoring.
        FloatFile embeddingFile = options.embedding() ? create(work.resolve("embedding.f32"), opened) : null;
        List<SegmentResult> segments = new ArrayList<>();
        Verdict verdict;
        FrameTimeline frames = null;
        float[] wholeLogits = null;
        float[] wholeEmbedding = null;
        double speech = mix.vadSummary.speechSeconds();
        if (options.granularity() == Granularity.FRAME) {
            FloatFile frameLogits = create(work.resolve("frames.f32"), opened);
            FloatFile frameEmb = embeddingFile;
            if (scorer.nativeFrames()) {
                RangeScorer.Scored s = scorer.withNativeFrames(mix.audio, 0, mix.audio.size(), frameLogits, frameEmb);
                wholeLogits = s.logits();
                frames = new FrameTimeline(info.frameRateHz(), AudioFormat16k.seconds(scorer.frameField() / 2),
                        AudioFormat16k.seconds(scorer.frameField()), smoothingFrames(options, info.frameRateHz()),
                        temperature, frameLogits);
            } else {
                int clip = (int) AudioFormat16k.samples(options.clipWindowSeconds());
                int hop = (int) AudioFormat16k.samples(options.clipHopSeconds());
                scorer.slidingClips(mix.audio, 0, mix.audio.size(), clip, hop, frameLogits, frameEmb);
                wholeLogits = scorer.utterance(mix.audio, 0, mix.audio.size()).logits();
                double rate = AudioFormat16k.SAMPLE_RATE / (double) hop;
                double window = Math.min(AudioFormat16k.seconds(clip), mix.durationSeconds());
                frames = new FrameTimeline(rate, window / 2, window, smoothingFrames(options, rate),
                        temperature, frameLogits);
            }
            listener.progress("scoring", bySegments ? 0.5 : 1.0);
        }
        if (!stretches.isEmpty()) {
            double[] sum = new double[EmotionLabel.COUNT];
            double[] embSum = null;
            double total = 0;
            Map<String, SpeakerAccumulator> bySpeaker = new LinkedHashMap<>();
            for (int i = 0; i < stretches.size(); i++) {
                Stretch st = stretches.get(i);
                long from = AudioFormat16k.samples(st.start);
                long to = Math.min(st.track.audio.size(), AudioFormat16k.samples(st.end));
                RangeScorer.Scored s = scorer.utterance(st.track.audio, from, to);
                double dur = st.end - st.start;
                segments.add(new SegmentResult(st.start, st.end, st.speaker,
                        Verdict.fromLogits(s.logits(), temperature, policy), dur < options.lowReliabilitySeconds()));
                for (int c = 0; c < sum.length; c++) {
                    sum[c] += dur * s.logits()[c];
                }
                if (s.embedding() != null) {
                    if (embSum == null) {
                        embSum = new double[s.embedding().length];
                    }
                    for (int d = 0; d < embSum.length; d++) {
                        embSum[d] += dur * s.embedding()[d];
                    }
                    if (embeddingFile != null && options.granularity() == Granularity.SEGMENTS) {
                        embeddingFile.append(s.embedding());
                    }
                }
                total += dur;
                if (st.speaker != null) {
                    bySpeaker.computeIfAbsent(st.speaker, k -> new SpeakerAccumulator()).add(s.logits(), dur);
                }
                listener.progress("scoring", (i + 1) / (double) stretches.size());
            }
            tracks.forEach(t -> t.audio.close());
            List<SpeakerSummary> summaries = new ArrayList<>();
            for (Map.Entry<String, SpeakerAccumulator> e : bySpeaker.entrySet()) {
                SpeakerAccumulator a = e.getValue();
                summaries.add(new SpeakerSummary(e.getKey(), a.seconds, a.count,
                        Verdict.fromLogits(a.mean(), temperature, policy), a.seconds < options.lowReliabilitySeconds()));
            }
            float[] logits = mean(sum, total);
            verdict = Verdict.fromLogits(logits, temperature, policy);
            if (embSum != null && options.granularity() == Granularity.UTTERANCE && embeddingFile != null) {
                embeddingFile.append(toFloats(embSum, total));
            }
            speech = total;
            return finish(verdict, options, timestamp, info, mix, speech, warnings, segments, summaries, frames,
                    embeddingFile, work);
        }
        if (wholeLogits == null) {
            RangeScorer.Scored s = scorer.utterance(mix.audio, 0, mix.audio.size());
            wholeLogits = s.logits();
            wholeEmbedding = s.embedding();
        }
        if (embeddingFile != null && options.granularity() != Granularity.FRAME) {
            if (wholeEmbedding == null) {
                wholeEmbedding = scorer.utterance(mix.audio, 0, mix.audio.size()).embedding();
            }
            embeddingFile.append(wholeEmbedding);
        }
        listener.progress("scoring", 1.0);
        tracks.forEach(t -> t.audio.close());
        verdict = Verdict.fromLogits(wholeLogits, temperature, policy);
        return finish(verdict, options, timestamp, info, mix, speech, warnings, segments, List.of(), frames,
                embeddingFile, work);
    }

    private AnalysisResult finish(Verdict verdict, AnalysisOptions options, String timestamp, ModelInfo info,
                                  Track mix, double speechSeconds, List<AnalysisWarning> warnings,
                                  List<SegmentResult> segments, List<SpeakerSummary> speakers, FrameTimeline frames,
                                  FloatFile embeddingFile, Path work) {
        boolean lowReliability = speechSeconds < options.lowReliabilitySeconds();
        if (lowReliability) {
            warnings.add(new AnalysisWarning(AnalysisWarning.SHORT_SPEECH, String.format(Locale.ROOT,
                    "Only %.2f s of speech was found; results on less than %.1f s of speech are unreliable.",
                    speechSeconds, options.lowReliabilitySeconds())));
        }
        SourceInfo si = mix.info;
        InputInfo input = new InputInfo(mix.name, si.container(), si.codec(), si.sampleRate(), si.channels());
        Embeddings embeddings = embeddingFile == null ? null : new Embeddings(embeddingFile, info.embeddingDim());
        return new AnalysisResult(verdict, options.granularity(), timestamp, ModelRef.of(info), input,
                mix.durationSeconds(), lowReliability, warnings, segments, speakers, frames, embeddings,
                new AnalysisResult.ProcessedAudio(mix.audio), work);
    }

    /** Decodes one channel selection to disk while feeding the VAD and the signal statistics. */
    private Track decode(Path input, String name, Channels channels, Path audioFile, AnalysisOptions options,
                         ProgressListener progress, List<FloatFile> opened) {
        Track t = new Track();
        t.name = name;
        t.audio = create(audioFile, opened);
        t.stats = new SignalStats();
        float[] block = new float[BLOCK];
        try (AudioSource source = decoder.open(input, channels);
             VadSegmenter segmenter = vad.segmenter(options.vad(), t.segments::add)) {
            t.info = source.info();
            double declared = t.info.durationSeconds();
            int n;
            while ((n = source.read(block, 0, block.length)) >= 0) {
                t.audio.append(block, 0, n);
                t.stats.accept(block, 0, n);
                segmenter.accept(block, 0, n);
                if (declared > 0) {
                    progress.progress("decoding", Math.min(1.0, AudioFormat16k.seconds(t.audio.size()) / declared));
                }
            }
            t.vadSummary = segmenter.finish();
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, name + " could not be read (" + e.getMessage() + ").", e);
        }
        long samples = t.audio.size();
        if (samples < AudioFormat16k.MIN_SAMPLES) {
            throw new EmovoxException(ErrorKind.TOO_SHORT, String.format(Locale.ROOT,
                    "%s holds only %.1f ms of audio; at least %d ms is needed to analyse it. Pass a longer recording.",
                    name, samples / 16.0, AudioFormat16k.MIN_SAMPLES * 1000 / AudioFormat16k.SAMPLE_RATE));
        }
        if (t.stats.peak() <= 1f / 32768 && channels.isMix()) {
            throw new EmovoxException(ErrorKind.SILENCE_ONLY, String.format(Locale.ROOT,
                    "%s is digital silence: all %.2f s of it are zero. Check the recording (muted microphone,"
                            + " wrong channel?) and pass audio with sound.", name, AudioFormat16k.seconds(samples)));
        }
        progress.progress("decoding", 1.0);
        return t;
    }

    /** Cuts [start, end) into equal pieces no longer than {@code max} seconds. */
    static List<double[]> split(double start, double end, double max) {
        List<double[]> out = new ArrayList<>();
        if (end <= start) {
            return out;
        }
        int pieces = (int) Math.ceil((end - start) / max - 1e-9);
        double len = (end - start) / pieces;
        for (int i = 0; i < pieces; i++) {
            out.add(new double[] {start + i * len, i == pieces - 1 ? end : start + (i + 1) * len});
        }
        return out;
    }

    private static int smoothingFrames(AnalysisOptions options, double rateHz) {
        return Math.max(1, (int) Math.round(options.smoothingSeconds() * rateHz));
    }

    private static float[] mean(double[] sum, double total) {
        return toFloats(sum, total);
    }

    private static float[] toFloats(double[] sum, double total) {
        float[] out = new float[sum.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (sum[i] / total);
        }
        return out;
    }

    private static FloatFile create(Path file, List<FloatFile> opened) {
        FloatFile f = FloatFile.create(file);
        opened.add(f);
        return f;
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

    /** One decoded channel selection. */
    private static final class Track {
        String name;
        SourceInfo info;
        FloatFile audio;
        SignalStats stats;
        VadSummary vadSummary;
        final List<SpeechSegment> segments = new ArrayList<>();
        String speaker;

        double durationSeconds() {
            return AudioFormat16k.seconds(audio.size());
        }
    }

    private record Stretch(Track track, double start, double end, String speaker) {}

    /**
     * The mix's VAD segments, each with the speaker its voiceprint clusters into. A voiceprint
     * needs no more than the first 30 s of a segment (segments may be set far longer).
     */
    private static List<Stretch> clusteredStretches(Track mix, int count) {
        Voiceprints voices = Voiceprints.builtin();
        List<double[]> prints = new ArrayList<>();
        for (SpeechSegment s : mix.segments) {
            long from = AudioFormat16k.samples(s.startSeconds());
            long to = Math.min(mix.audio.size(), AudioFormat16k.samples(s.endSeconds()));
            int len = (int) Math.min(to - from, AudioFormat16k.samples(30));
            prints.add(len < AudioFormat16k.MIN_SAMPLES ? null : voices.of(mix.audio.read(from, len)));
        }
        int[] who = SpeakerClusterer.cluster(prints, count);
        List<Stretch> out = new ArrayList<>();
        for (int i = 0; i < mix.segments.size(); i++) {
            SpeechSegment s = mix.segments.get(i);
            out.add(new Stretch(mix, s.startSeconds(), s.endSeconds(), "speaker_" + (who[i] + 1)));
        }
        return out;
    }

    private static final class SpeakerAccumulator {
        final double[] sum = new double[EmotionLabel.COUNT];
        double seconds;
        int count;

        void add(float[] logits, double dur) {
            for (int c = 0; c < sum.length; c++) {
                sum[c] += dur * logits[c];
            }
            seconds += dur;
            count++;
        }

        float[] mean() {
            return toFloats(sum, seconds);
        }
    }
}
