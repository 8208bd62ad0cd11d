package io.emovox.model.emotion2vec.importer;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Damaged or mismatched checkpoints are refused with MODEL_INVALID naming what is wrong. */
class CheckpointRefusalTest {
    @TempDir
    Path tmp;

    private EmovoxException refuse(Path src) {
        Path out = tmp.resolve("out");
        EmovoxException e = assertThrows(EmovoxException.class, () -> {
            Files.createDirectories(out);
            Emotion2VecImporter.importInto(src, out);
        });
        assertEquals(ErrorKind.MODEL_INVALID, e.kind(), e.getMessage());
        return e;
    }

    private static void assertMentions(EmovoxException e, String text) {
        assertTrue(e.getMessage().contains(text), "message should name '" + text + "': " + e.getMessage());
    }

    @Test
    void missingTensorIsNamed() throws Exception {
        Path src = DamagedCheckpoints.withPickle(tmp.resolve("src"),
                DamagedCheckpoints.replace("blocks.1.mlp.fc2.bias", "blocks.1.mlp.fc2.bia_"));
        assertMentions(refuse(src), "blocks.1.mlp.fc2.bias is missing");
    }

    @Test
    void perLayerAlibiScalesMustHaveOneRowPerBlock() throws Exception {
        // tiny9layers has 4 blocks and 4 alibi_scale rows; hiding block 1 (prenet and main) leaves 2
        Path from = DamagedCheckpoints.fixture().resolveSibling("tiny9layers");
        Path src = DamagedCheckpoints.withPickle(from, tmp.resolve("src"),
                DamagedCheckpoints.replace("blocks.1.norm1.weight", "blocks.1.norm1.weighX"));
        EmovoxException e = refuse(src);
        assertMentions(e, "alibi_scale has shape");
        assertMentions(e, "one per block (2)");
    }

    @Test
    void wrongShapeIsNamed() throws Exception {
        // swap two same-length names whose tensors differ in shape: fc1.bias (192) and fc2.bias (48)
        Path src = DamagedCheckpoints.withPickle(tmp.resolve("src"), b -> {
            byte[] x = DamagedCheckpoints.replace("blocks.0.mlp.fc1.bias", "blocks.0.mlp.fcX.bias").apply(b);
            x = DamagedCheckpoints.replace("blocks.0.mlp.fc2.bias", "blocks.0.mlp.fc1.bias").apply(x);
            return DamagedCheckpoints.replace("blocks.0.mlp.fcX.bias", "blocks.0.mlp.fc2.bias").apply(x);
        });
        EmovoxException e = refuse(src);
        assertMentions(e, "mlp.fc1.bias has shape (48,), expected (192,)");
    }

    @Test
    void truncatedZipIsRefused() throws Exception {
        EmovoxException e = refuse(DamagedCheckpoints.truncated(tmp.resolve("src"), 0.6));
        assertMentions(e, "truncated");
    }

    @Test
    void unknownPickleLayoutIsRefused() throws Exception {
        Path src = DamagedCheckpoints.withPickle(tmp.resolve("src"), b -> new byte[] {(byte) 0x80, 2, (byte) 0xfe});
        assertMentions(refuse(src), "opcode 0xfe");
    }

    @Test
    void checkpointWithoutHeadIsExplained() throws Exception {
        Path src = DamagedCheckpoints.withPickle(tmp.resolve("src"), DamagedCheckpoints.replace("proj.weight",
                "proj.weighx"));
        assertMentions(refuse(src), "no emotion head");
    }

    @Test
    void tokensThatDoNotFitTheHeadAreRefused() throws Exception {
        Path src = DamagedCheckpoints.copy(tmp.resolve("src"));
        Files.writeString(src.resolve("tokens.txt"), "angry\nhappy\nneutral\nsad\n");
        assertMentions(refuse(src), "lists 4 labels but the head has 9 rows");
        Files.writeString(src.resolve("tokens.txt"), "开心/happy\n厌恶/disgusted\n恐惧/fearful\n生气/angry\n中立/neutral\n"
                + "其他/other\n难过/sad\n吃惊/surprised\n<unk>\n");
        assertMentions(refuse(src), "row 0 is '开心/happy'");
    }

    @Test
    void notAZipIsRefused() throws Exception {
        Path src = DamagedCheckpoints.copy(tmp.resolve("src"));
        Files.writeString(src.resolve("model.pt"), "this is not a checkpoint");
        assertMentions(refuse(src), "not a complete torch zip archive");
    }

    @Test
    void halfPrecisionConvertsExactly() {
        assertEquals(1.0f, TorchCheckpoint.halfToFloat((short) 0x3c00));
        assertEquals(-2.0f, TorchCheckpoint.halfToFloat((short) 0xc000));
        assertEquals(65504f, TorchCheckpoint.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, TorchCheckpoint.halfToFloat((short) 0x0001));
        assertEquals(Float.NEGATIVE_INFINITY, TorchCheckpoint.halfToFloat((short) 0xfc00));
    }

    @Test
    void alibiSlopesFollowTheUpstreamRule() {
        // 8 heads: 2^-1 .. 2^-8; 12 heads: those 8 then every other slope of the 16-head series
        float[] s8 = AlibiSlopes.of(8);
        assertEquals(0.5f, s8[0]);
        assertEquals(1f / 256, s8[7]);
        float[] s12 = AlibiSlopes.of(12);
        assertEquals(0.5f, s12[0]);
        assertEquals((float) Math.pow(2, -0.5), s12[8]);
        assertEquals((float) Math.pow(2, -1.5), s12[9]);
        assertEquals((float) Math.pow(2, -3.5), s12[11]);
    }
}
