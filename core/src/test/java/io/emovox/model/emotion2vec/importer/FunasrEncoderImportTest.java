package io.emovox.model.emotion2vec.importer;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.model.ModelOutput;
import io.emovox.model.emotion2vec.Emotion2VecExactnessTest;
import io.emovox.model.emotion2vec.Emotion2VecModel;
import io.emovox.model.emotion2vec.FunasrEncoderModel;
import io.emovox.model.emotion2vec.ReferenceFixture;
import io.emovox.testing.TestSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A FunASR-layout encoder export ({@code input} → {@code output}) beside a model.pt without encoder
 * weights: the head comes from model.pt, the encoder from the export, and the result still matches
 * the PyTorch reference. (The export here is written by emovox in FunASR's layout from the fixture.)
 */
class FunasrEncoderImportTest {

    @Test
    void encoderExportPlusHeadMatchesTheReference(@TempDir Path tmp) throws Exception {
        Path src = DamagedCheckpoints.withPickle(tmp.resolve("src"),
                b -> DamagedCheckpoints.replace("modality_encoders.AUDIO.", "modality_encoders.AUDIX.").apply(b));
        try (TorchCheckpoint full = TorchCheckpoint.open(DamagedCheckpoints.fixture().resolve("model.pt"))) {
            Emotion2VecGraph.writeFunasrLayout(full, Emotion2VecArchitecture.of(full.tensors(), full.file()),
                    src.resolve(Emotion2VecImporter.FUNASR_EXPORT));
        }
        Path out = Files.createDirectories(tmp.resolve("out"));
        ImportedModel m = Emotion2VecImporter.importInto(src, out);
        assertEquals(ImportedModel.FUNASR_ENCODER, m.format());
        assertEquals(48, m.dim());
        ReferenceFixture fixture = ReferenceFixture.load("tiny9");
        try (FunasrEncoderModel model = FunasrEncoderModel.load(out, "funasr", "test", m.dim(), m.masked(),
                new Emotion2VecModel.Options(2, 480_000))) {
            for (String name : new String[] {"len400", "len16000", "len116800"}) {
                ReferenceFixture.Case c = fixture.get(name);
                ModelOutput o = model.run(TestSignal.of(c.samples(), c.seed()), true);
                Emotion2VecExactnessTest.assertMatches(c, o);
            }
        }
    }

    @Test
    void anExportWithTheWrongInterfaceIsRefused(@TempDir Path tmp) throws Exception {
        Path src = DamagedCheckpoints.withPickle(tmp.resolve("src"),
                b -> DamagedCheckpoints.replace("modality_encoders.AUDIO.", "modality_encoders.AUDIX.").apply(b));
        Path other = Files.createDirectories(tmp.resolve("graph"));
        Emotion2VecImporter.importInto(DamagedCheckpoints.fixture(), other); // emovox's own graph: 2 inputs
        Files.copy(other.resolve(Emotion2VecImporter.MODEL_FILE), src.resolve(Emotion2VecImporter.FUNASR_EXPORT));
        Files.copy(other.resolve(Emotion2VecImporter.MODEL_FILE + ".data"),
                src.resolve(Emotion2VecImporter.MODEL_FILE + ".data"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        EmovoxException e = assertThrows(EmovoxException.class, () -> Emotion2VecImporter.importInto(src, out));
        assertEquals(ErrorKind.MODEL_INVALID, e.kind());
        assertTrue(e.getMessage().contains("one input 'input'"), e.getMessage());
    }
}
