package io.emovox.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emovox.audio.AudioDecoder;
import io.emovox.audio.vad.SileroVad;
import io.emovox.model.ModelOutput;
import io.emovox.model.emotion2vec.importer.Emotion2VecImporter;
import io.emovox.model.emotion2vec.Emotion2VecModel;
import io.emovox.model.emotion2vec.importer.ImportedModel;
import io.emovox.testing.TestAudio;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis pipeline on a real emotion2vec ONNX graph: the tiny random-weight checkpoint of the
 * model tests (plumbing only: its emotions mean nothing). Checks that the 50 Hz frame grid the
 * analysis assumes is the one the encoder produces, in one window and across windows.
 */
class Emotion2VecAnalysisTest {
    private static final int WINDOW = 6 * 16_000;

    @TempDir
    static Path tmp;
    static Emotion2VecModel model;
    static SileroVad vad;
    static final AudioDecoder DECODER = new AudioDecoder();

    @BeforeAll
    static void load() throws java.io.IOException {
        java.nio.file.Files.createDirectories(tmp.resolve("model"));
        Path fixture = TestAudio.repoRoot().resolve("core/src/test/resources/emotion2vec/tiny9");
        ImportedModel m = Emotion2VecImporter.importInto(fixture, tmp.resolve("model"));
        model = Emotion2VecModel.load(tmp.resolve("model").resolve(Emotion2VecImporter.MODEL_FILE), "tiny9", "test",
                m.dim(), m.masked(), new Emotion2VecModel.Options(2, WINDOW));
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
    void oneWindowGivesTheEncodersOwnFramesAndScores() {
        Path clip = TestAudio.emodb("03a01Wa.wav");
        float[] audio = DECODER.decode(clip).samples();
        ModelOutput direct = model.run(audio, true);
        AnalysisOptions options = AnalysisOptions.DEFAULT.withGranularity(Granularity.FRAME).withEmbedding(true);
        try (Analyzer analyzer = new Analyzer(model, DECODER, vad);
             AnalysisResult r = analyzer.analyze(clip, options, ProgressListener.NONE)) {
            assertArrayEquals(Probabilities.softmax(direct.logits(), model.temperature()), r.verdict().scores(), 1e-6f);
            assertEquals(direct.frameLogits().length, r.frames().count());
            for (int i = 0; i < r.frames().count(); i++) {
                assertArrayEquals(direct.frameLogits()[i], r.frames().logits(i), 1e-6f, "frame " + i);
            }
            assertArrayEquals(direct.frameEmbeddings()[7], r.embeddings().row(7), 1e-6f);
            assertEquals(model.info().embeddingDim(), r.embeddings().dim());
        }
    }

    @Test
    void longInputsAreStitchedOnTheSameFrameGrid() {
        List<float[]> parts = new ArrayList<>();
        for (Path clip : TestAudio.manifestSample("emodb", 8)) {
            parts.add(DECODER.decode(clip).samples());
        }
        Path file = tmp.resolve("sixteen-seconds.wav");
        TestAudio.writeWav(file, 16_000, TestAudio.concat(parts));
        float[] audio = DECODER.decode(file).samples();
        AnalysisOptions options = AnalysisOptions.DEFAULT.withGranularity(Granularity.FRAME).withWindow(60, 2);
        try (Analyzer analyzer = new Analyzer(model, DECODER, vad);
             AnalysisResult r = analyzer.analyze(file, options, ProgressListener.NONE)) {
            assertEquals((audio.length - 400) / 320 + 1, r.frames().count());
            // The first window's central frames are that window's own frames.
            float[] first = java.util.Arrays.copyOf(audio, WINDOW);
            ModelOutput w0 = model.run(first, true);
            for (int i = 0; i < 100; i++) {
                assertArrayEquals(w0.frameLogits()[i], r.frames().logits(i), 1e-5f, "frame " + i);
            }
            assertTrue(r.durationSeconds() > 15);
        }
    }
}
