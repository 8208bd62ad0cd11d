package io.emovox.analysis;

import io.emovox.audio.AudioDecoder;
import io.emovox.audio.vad.SileroVad;
import io.emovox.model.EmotionModel;
import io.emovox.model.ModelInfo;
import io.emovox.model.ModelOutput;
import io.emovox.model.emotion2vec.Emotion2VecModel;
import io.emovox.model.emotion2vec.ReferenceFixture;
import io.emovox.model.emotion2vec.importer.Emotion2VecImporter;
import io.emovox.model.emotion2vec.importer.ImportedModel;
import io.emovox.testing.TestSignal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clips of 33, 45 and 60 s through the path {@code emovox analyze} takes (a file decoded, the
 * default options, the analyzer), with the model's default limits, against the PyTorch reference
 * processing each clip whole (tools/emotion2vec-reference, fixture tiny4long): frame features
 * within 1e-4 and scores within 1e-5, at frame and utterance granularity. A longer clip is windowed.
 */
class WholeClipParityTest {
    static final double FEATURE_TOL = 1e-4;
    static final double SCORE_TOL = 1e-5;

    @TempDir
    static Path tmp;
    static ReferenceFixture fixture;
    static Counting model;
    static SileroVad vad;
    static final AudioDecoder DECODER = new AudioDecoder();

    @BeforeAll
    static void load() throws IOException {
        fixture = ReferenceFixture.load("tiny4long");
        Files.createDirectories(tmp.resolve("model"));
        ImportedModel m = Emotion2VecImporter.importInto(fixture.dir(), tmp.resolve("model"));
        Path onnx = tmp.resolve("model").resolve(Emotion2VecImporter.MODEL_FILE);
        model = new Counting(Emotion2VecModel.load(onnx, "tiny4long", "test", m.dim(), m.masked(),
                new Emotion2VecModel.Options(2, Emotion2VecModel.DEFAULT_MAX_WINDOW_SAMPLES)));
        vad = SileroVad.load();
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
        if (vad != null) {
            vad.close();
        }
    }

    @Test
    void clipsUpToSixtySecondsMatchTheReferenceProcessedWhole() throws IOException {
        assertEquals(List.of(528_000, 720_000, 960_000), fixture.cases().stream().map(ReferenceFixture.Case::samples)
                .toList());
        for (ReferenceFixture.Case c : fixture.cases()) {
            Path wav = floatWav(c);
            AnalysisOptions frame = AnalysisOptions.DEFAULT.withGranularity(Granularity.FRAME).withEmbedding(true);
            model.calls.clear();
            double featErr = 0;
            double frameScoreErr = 0;
            try (Analyzer analyzer = new Analyzer(model, DECODER, vad);
                 AnalysisResult r = analyzer.analyze(wav, frame, ProgressListener.NONE)) {
                assertEquals(List.of(c.samples()), model.calls, c.name() + ": one pass over the whole clip");
                assertEquals(c.frames(), r.frames().count(), c.name() + " frames");
                int d = r.embeddings().dim();
                for (int t = 0; t < c.frames(); t++) {
                    float[] row = r.embeddings().row(t);
                    for (int j = 0; j < d; j++) {
                        featErr = Math.max(featErr, Math.abs(row[j] - c.feats()[t * d + j]));
                    }
                    float[] ref = java.util.Arrays.copyOfRange(c.frameLogits(), t * 9, t * 9 + 9);
                    frameScoreErr = Math.max(frameScoreErr, maxErr(Probabilities.softmax(r.frames().logits(t), 1.0),
                            Probabilities.softmax(ref, 1.0)));
                }
                assertTrue(featErr <= FEATURE_TOL, c.name() + ": frame features max abs error " + featErr);
                assertTrue(frameScoreErr <= SCORE_TOL, c.name() + ": frame scores max abs error " + frameScoreErr);
                double scoreErr = maxErr(r.verdict().scores(), c.scores());
                assertTrue(scoreErr <= SCORE_TOL, c.name() + ": scores max abs error " + scoreErr);
            }
            AnalysisOptions utterance = AnalysisOptions.DEFAULT.withEmbedding(true);
            try (Analyzer analyzer = new Analyzer(model, DECODER, vad);
                 AnalysisResult r = analyzer.analyze(wav, utterance, ProgressListener.NONE)) {
                double scoreErr = maxErr(r.verdict().scores(), c.scores());
                assertTrue(scoreErr <= SCORE_TOL, c.name() + " utterance: scores max abs error " + scoreErr);
                double embErr = maxErr(r.embeddings().row(0), c.embedding());
                assertTrue(embErr <= FEATURE_TOL, c.name() + " utterance: embedding max abs error " + embErr);
                System.out.printf("%s (%.0f s): T=%d feature err %.2e, frame score err %.2e, score err %.2e%n",
                        c.name(), c.samples() / 16_000.0, c.frames(), featErr, frameScoreErr, scoreErr);
            }
        }
    }

    @Test
    void aClipOverSixtySecondsIsWindowedUnlessTheLimitIsRaised() throws IOException {
        int n = 61 * 16_000 + 5_000;
        Path wav = tmp.resolve("long.wav");
        writeFloatWav(wav, TestSignal.of(n, 3));
        model.calls.clear();
        try (Analyzer analyzer = new Analyzer(model, DECODER, vad);
             AnalysisResult r = analyzer.analyze(wav, AnalysisOptions.DEFAULT, ProgressListener.NONE)) {
            assertTrue(r.durationSeconds() > 61);
        }
        assertEquals(2, model.calls.size(), "windows: " + model.calls);
        assertTrue(model.calls.stream().allMatch(len -> len <= 60 * 16_000), "windows: " + model.calls);
        assertNotEquals(n, (int) model.calls.get(0));
        model.calls.clear();
        try (Analyzer analyzer = new Analyzer(model, DECODER, vad);
             AnalysisResult r = analyzer.analyze(wav, AnalysisOptions.DEFAULT.withMaxWindowSeconds(90),
                     ProgressListener.NONE)) {
            assertEquals(List.of(n), model.calls, "one pass with --max-window-seconds 90");
        }
    }

    private static Path floatWav(ReferenceFixture.Case c) {
        Path wav = tmp.resolve(c.name() + ".wav");
        if (!Files.exists(wav)) {
            writeFloatWav(wav, TestSignal.of(c.samples(), c.seed()));
        }
        return wav;
    }

    /** 32-bit float mono WAV at 16 kHz: the decoder gives back the very samples the reference saw. */
    static void writeFloatWav(Path file, float[] x) {
        ByteBuffer b = ByteBuffer.allocate(58 + x.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(50 + x.length * 4)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII)).put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(18).putShort((short) 3).putShort((short) 1).putInt(16_000).putInt(64_000)
                .putShort((short) 4).putShort((short) 32).putShort((short) 0)
                .put("fact".getBytes(StandardCharsets.US_ASCII)).putInt(4).putInt(x.length)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(x.length * 4);
        for (float v : x) {
            b.putFloat(v);
        }
        try {
            Files.write(file, b.array());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static double maxErr(float[] a, float[] b) {
        assertEquals(b.length, a.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** The real model, recording the length of each clip it is given. */
    static final class Counting implements EmotionModel {
        final Emotion2VecModel inner;
        final List<Integer> calls = new CopyOnWriteArrayList<>();

        Counting(Emotion2VecModel inner) {
            this.inner = inner;
        }

        @Override
        public ModelInfo info() {
            return inner.info();
        }

        @Override
        public ModelOutput run(float[] samples, boolean frames) {
            calls.add(samples.length);
            return inner.run(samples, frames);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
