package io.emovox.model.emotion2vec;

import io.emovox.model.emotion2vec.importer.Emotion2VecImporter;
import io.emovox.model.emotion2vec.importer.ImportedModel;
import io.emovox.model.EmotionLabel;
import io.emovox.model.ModelOutput;
import io.emovox.testing.TestSignal;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 5-class revision (tokens.txt with {@code unuse_*} rows), 3 heads, no decoder weights in the
 * checkpoint, against the PyTorch reference: the short clips in the fast tier, a 3-minute clip
 * processed whole in the slow tier.
 */
class Emotion2VecMaskedLabelsTest {
    /** Clips up to this long are checked in the fast tier. */
    private static final int SHORT = 60 * 16_000;

    @Test
    void unuseRowsAreMaskedAndShortClipsMatchTheReference(@TempDir Path tmp) throws Exception {
        check(tmp, c -> c.samples() <= SHORT);
    }

    @Test
    @Tag("slow") // three minutes processed whole
    void threeMinutesProcessedWholeMatchTheReference(@TempDir Path tmp) throws Exception {
        check(tmp, c -> c.samples() > SHORT);
    }

    private static void check(Path tmp, Predicate<ReferenceFixture.Case> which) throws Exception {
        ReferenceFixture fixture = ReferenceFixture.load("tiny5");
        assertTrue(fixture.cases.stream().anyMatch(which), "the fixture has clips of this kind");
        ImportedModel m = Emotion2VecImporter.importInto(fixture.dir, tmp);
        assertEquals(3, m.heads());
        try (Emotion2VecModel model = Emotion2VecModel.load(tmp.resolve(Emotion2VecImporter.MODEL_FILE), "tiny5",
                "test", m.dim(), m.masked(), new Emotion2VecModel.Options(2, 3 * 60 * 16_000))) {
            assertEquals(List.of(EmotionLabel.ANGRY, EmotionLabel.HAPPY, EmotionLabel.NEUTRAL, EmotionLabel.SAD,
                    EmotionLabel.UNKNOWN), model.info().supportedInOrder());
            for (ReferenceFixture.Case c : fixture.cases.stream().filter(which).toList()) {
                ModelOutput out = model.run(TestSignal.of(c.samples(), c.seed()), true);
                for (EmotionLabel l : EmotionLabel.ALL) {
                    boolean supported = model.info().supported().contains(l);
                    assertEquals(!supported, out.logits()[l.ordinal()] == Float.NEGATIVE_INFINITY, l.key());
                    assertEquals(!supported, out.frameLogits()[0][l.ordinal()] == Float.NEGATIVE_INFINITY, l.key());
                }
                assertFalse(Float.isNaN(out.logits()[0]));
                Emotion2VecExactnessTest.assertMatches(c, out);
            }
        }
    }
}
