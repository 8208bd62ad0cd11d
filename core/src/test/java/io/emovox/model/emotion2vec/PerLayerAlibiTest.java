package io.emovox.model.emotion2vec;

import io.emovox.model.emotion2vec.importer.Emotion2VecImporter;
import io.emovox.model.emotion2vec.importer.ImportedModel;
import io.emovox.testing.TestSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A checkpoint trained with data2vec 2.0's {@code learned_alibi_scale_per_layer}: alibi_scale is
 * (prenet + depth, 1, H, 1, 1), one row per block with a negative entry, imported and run against
 * the PyTorch reference (fixture tiny9layers, {@code e2v_reference.py --per-layer-alibi}).
 */
class PerLayerAlibiTest {
    @TempDir
    Path tmp;

    @Test
    void perLayerScalesImportAndMatchTheReference() throws Exception {
        ReferenceFixture fixture = ReferenceFixture.load("tiny9layers");
        ImportedModel m = Emotion2VecImporter.importInto(fixture.dir(), tmp);
        assertEquals(12, m.heads());
        assertEquals(2, m.prenetBlocks());
        assertEquals(2, m.mainBlocks());
        try (Emotion2VecModel model = Emotion2VecModel.load(tmp.resolve(Emotion2VecImporter.MODEL_FILE),
                "tiny9layers", "test", m.dim(), m.masked(), new Emotion2VecModel.Options(2, 600_000))) {
            for (ReferenceFixture.Case c : fixture.cases()) {
                Emotion2VecExactnessTest.assertMatches(c, model.run(TestSignal.of(c.samples(), c.seed()), true));
            }
        }
    }
}
