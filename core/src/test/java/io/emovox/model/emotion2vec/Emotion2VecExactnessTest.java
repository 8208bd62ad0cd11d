package io.emovox.model.emotion2vec;

import io.emovox.model.emotion2vec.importer.Emotion2VecImporter;
import io.emovox.model.emotion2vec.importer.ImportedModel;
import io.emovox.analysis.Probabilities;
import io.emovox.model.EmotionLabel;
import io.emovox.model.ModelOutput;
import io.emovox.testing.TestSignal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java port against the PyTorch reference (committed fixtures, no Python needed): a
 * random-weight checkpoint with 12 heads (non-power-of-two ALiBi slopes, one negative
 * alibi_scale) imported from model.pt and run through ONNX Runtime.
 */
public class Emotion2VecExactnessTest {
    static final double FEATURE_TOL = 1e-4;
    static final double SCORE_TOL = 1e-5;

    @TempDir
    static Path tmp;
    static ReferenceFixture fixture;
    static Emotion2VecModel model;

    @BeforeAll
    static void importFixture() throws Exception {
        fixture = ReferenceFixture.load("tiny9");
        ImportedModel m = Emotion2VecImporter.importInto(fixture.dir, tmp);
        assertEquals(48, m.dim());
        assertEquals(12, m.heads());
        assertEquals(2, m.prenetBlocks());
        assertEquals(2, m.mainBlocks());
        model = Emotion2VecModel.load(tmp.resolve(Emotion2VecImporter.MODEL_FILE), "tiny9", "test", m.dim(),
                m.masked(), new Emotion2VecModel.Options(2, 600_000));
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void eachLengthMatchesTheReference() {
        for (ReferenceFixture.Case c : fixture.cases) {
            ModelOutput out = model.run(TestSignal.of(c.samples(), c.seed()), true);
            assertMatches(c, out);
        }
    }

    @Test
    void aBatchOfDifferentLengthsMatchesTheReference() {
        List<float[]> clips = new ArrayList<>();
        for (ReferenceFixture.Case c : fixture.cases) {
            clips.add(TestSignal.of(c.samples(), c.seed()));
        }
        List<ModelOutput> outs = model.runBatch(clips, true);
        for (int i = 0; i < outs.size(); i++) {
            assertMatches(fixture.cases.get(i), outs.get(i));
        }
    }

    @Test
    void concurrentCallersShareOneSession() throws Exception {
        List<ReferenceFixture.Case> cases = fixture.cases.subList(0, 3);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<ModelOutput>> futures = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (ReferenceFixture.Case c : cases) {
                    futures.add(pool.submit(() -> model.run(TestSignal.of(c.samples(), c.seed()), true)));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertMatches(cases.get(i % cases.size()), futures.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    public static void assertMatches(ReferenceFixture.Case c, ModelOutput out) {
        assertEquals(c.frames(), out.frameEmbeddings().length, c.name() + " frame count");
        int d = out.embedding().length;
        double featErr = 0;
        for (int t = 0; t < c.frames(); t++) {
            for (int j = 0; j < d; j++) {
                featErr = Math.max(featErr, Math.abs(out.frameEmbeddings()[t][j] - c.feats()[t * d + j]));
            }
        }
        assertTrue(featErr <= FEATURE_TOL, c.name() + ": frame features max abs error " + featErr);
        double embErr = maxErr(out.embedding(), c.embedding());
        assertTrue(embErr <= FEATURE_TOL, c.name() + ": embedding max abs error " + embErr);
        float[] scores = Probabilities.softmax(out.logits(), 1.0);
        double scoreErr = maxErr(scores, c.scores());
        assertTrue(scoreErr <= SCORE_TOL, c.name() + ": scores max abs error " + scoreErr);
        int classes = EmotionLabel.COUNT;
        double frameScoreErr = 0;
        for (int t = 0; t < c.frames(); t++) {
            float[] ref = new float[classes];
            System.arraycopy(c.frameLogits(), t * classes, ref, 0, classes);
            frameScoreErr = Math.max(frameScoreErr,
                    maxErr(Probabilities.softmax(out.frameLogits()[t], 1.0), Probabilities.softmax(ref, 1.0)));
        }
        assertTrue(frameScoreErr <= SCORE_TOL, c.name() + ": frame scores max abs error " + frameScoreErr);
        System.out.printf("%s: T=%d feature err %.2e, score err %.2e, frame score err %.2e%n", c.name(),
                c.frames(), featErr, scoreErr, frameScoreErr);
    }

    static double maxErr(float[] a, float[] b) {
        assertEquals(b.length, a.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            if (Float.isInfinite(a[i]) || Float.isInfinite(b[i])) {
                assertEquals(b[i], a[i], "infinite entries must agree at " + i);
                continue;
            }
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
