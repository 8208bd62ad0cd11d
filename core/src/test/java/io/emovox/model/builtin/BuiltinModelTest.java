package io.emovox.model.builtin;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.analysis.Probabilities;
import io.emovox.audio.AudioDecoder;
import io.emovox.model.EmotionLabel;
import io.emovox.model.ModelInfo;
import io.emovox.model.ModelOutput;
import io.emovox.testing.SharedCorpus;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped artifact, loaded from the classpath as the model store does. */
class BuiltinModelTest {

    @Test
    void theShippedModelDescribesItself() {
        try (BuiltinModel m = BuiltinModel.load()) {
            ModelInfo info = m.info();
            assertEquals("builtin", info.name());
            assertEquals("builtin", info.family());
            assertTrue(info.version().matches("1-[0-9a-f]{10}"), info.version());
            // "other" is not learned (BuiltinTrainer.NOT_LEARNED): EmoDB's boredom alone taught it.
            assertEquals(EnumSet.complementOf(EnumSet.of(EmotionLabel.UNKNOWN, EmotionLabel.OTHER)),
                    EnumSet.copyOf(info.supported()));
            assertEquals(0.0, info.frameRateHz());
            assertEquals(400, info.minSamples());
            assertEquals(30 * 16_000, info.maxWindowSamples());
            assertTrue(m.temperature() > 0.5 && m.temperature() < 5, "temperature " + m.temperature());
        }
    }

    @Test
    void scoresRealSpeech() {
        float[] angry = new AudioDecoder().decode(SharedCorpus.data().resolve("emodb/wav/03a01Wa.wav")).samples();
        try (BuiltinModel m = BuiltinModel.load()) {
            ModelOutput out = m.run(angry, true);
            assertEquals(EmotionLabel.COUNT, out.logits().length);
            assertEquals(Float.NEGATIVE_INFINITY, out.logits()[EmotionLabel.UNKNOWN.ordinal()]);
            assertEquals(m.info().embeddingDim(), out.embedding().length);
            assertNull(out.frameLogits(), "utterance-level model has no frames");
            float[] p = Probabilities.softmax(out.logits(), m.temperature());
            double sum = 0;
            for (float x : p) {
                sum += x;
            }
            assertEquals(1.0, sum, 1e-5);
            assertEquals(0f, p[EmotionLabel.UNKNOWN.ordinal()]);
            // This clip was in the training data: the shipped model must get it right.
            assertEquals(EmotionLabel.ANGRY, EmotionLabel.ALL.get(Probabilities.argmax(p)));
        }
    }

    @Test
    void refusesTooShortAndTooLongInput() {
        try (BuiltinModel m = BuiltinModel.load()) {
            EmovoxException e = assertThrows(EmovoxException.class, () -> m.run(new float[399], false));
            assertEquals(ErrorKind.TOO_SHORT, e.kind());
            assertThrows(IllegalArgumentException.class, () -> m.run(new float[30 * 16_000 + 1], false));
        }
    }
}
