package io.emovox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emovox.speakers.Voiceprints;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code emovox train voiceprints} on real EmoDB clips: the command that makes the shipped
 * voiceprint projection, and (slow tier) the check that the shipped file is exactly what it makes
 * from the shared corpora.
 */
class TrainVoiceprintsCommandTest {
    private static final Path DATA = Path.of(System.getProperty("emovox.repo.root", ".")).toAbsolutePath()
            .resolve("../shared/data").normalize();

    @TempDir
    Path tmp;

    @Test
    void twoSpeakersGiveOneDirectionAndTooManyDirectionsAreRefused() throws Exception {
        StringBuilder csv = new StringBuilder("path,label,speaker\n");
        for (String clip : new String[] {"03a01Wa", "03a01Fa", "03a01Nc", "03a02Ta", "08a01Wa", "08a01Na",
                "08a02Ab", "08a01Lc"}) {
            csv.append(DATA.resolve("emodb/wav/" + clip + ".wav")).append(",x,").append(clip, 0, 2).append('\n');
        }
        Path manifest = Files.writeString(tmp.resolve("two.csv"), csv);
        Path out = tmp.resolve("lda.json");
        EvaluateCommandTest.Run r = EvaluateCommandTest.emovox("train", "voiceprints", "--manifest",
                manifest.toString(), "--out", out.toString());
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        assertTrue(r.out().contains("8 clips, 2 speakers"), r.out());
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals(1, json.get("projection").size(), "two speakers: one direction");
        assertEquals(38, json.get("projection").get(0).size(), "mean and spread of 19 cepstra");

        EvaluateCommandTest.Run tooMany = EvaluateCommandTest.emovox("train", "voiceprints", "--manifest",
                manifest.toString(), "--out", tmp.resolve("no.json").toString(), "--dimensions", "3");
        assertEquals(ExitCodes.USAGE, tooMany.exit(), tooMany.err());
        assertTrue(tooMany.err().contains("2 speakers and 3 directions"), tooMany.err());
        assertFalse(Files.exists(tmp.resolve("no.json")));
    }

    @Test
    void trainWithoutManifestsSaysWhatItNeeds() {
        EvaluateCommandTest.Run r = EvaluateCommandTest.emovox("train", "--out", tmp.resolve("m.json").toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("--manifest"), r.err());
    }

    @Test
    @Tag("slow") // all 1,435 shared clips
    void theShippedProjectionIsWhatTheCommandMakesFromTheSharedCorpora() throws Exception {
        Path out = tmp.resolve("voiceprint-lda.json");
        EvaluateCommandTest.Run r = EvaluateCommandTest.emovox("train", "voiceprints", "--manifest",
                DATA.resolve("emodb/manifest.csv").toString(), DATA.resolve("casia/manifest.csv").toString(),
                "--licence", TrainVoiceprintsCommand.SHARED_DATA_LICENCE, "--out", out.toString());
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        byte[] shipped;
        try (InputStream in = Voiceprints.class.getResourceAsStream(Voiceprints.RESOURCE)) {
            shipped = in.readAllBytes();
        }
        assertArrayEquals(shipped, Files.readAllBytes(out),
                "regenerate the resource with the command in docs/cli.md (emovox train voiceprints)");
    }
}
