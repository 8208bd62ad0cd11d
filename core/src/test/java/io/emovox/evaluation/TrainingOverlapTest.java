package io.emovox.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.analysis.UncertaintyPolicy;
import io.emovox.model.ClipFingerprint;
import io.emovox.model.TrainingClips;
import io.emovox.model.TrainingClips.Overlap;
import io.emovox.model.builtin.BuiltinArtifact;
import io.emovox.model.builtin.BuiltinModel;
import io.emovox.model.builtin.training.BuiltinTrainer;
import io.emovox.model.builtin.training.LabelledFeatures;
import io.emovox.model.builtin.training.TrainingCopies;
import io.emovox.testing.TestAudio;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A built-in model trained on real CASIA clips (two speakers) records their content hashes, and
 * evaluate keeps them apart from new clips: the same files, lossless re-encodes (FLAC, a WAV with
 * other tags), but not a lossy MP3 copy nor the third speaker's clips.
 */
class TrainingOverlapTest {
    private static final Path CASIA = TestAudio.sharedData().resolve("casia");

    @TempDir
    static Path tmp;
    static LabelledFeatures data;
    static BuiltinArtifact artifact;

    @BeforeAll
    static void train() throws Exception {
        StringBuilder csv = new StringBuilder("path,label,speaker\n");
        for (String sp : new String[] {"liuchanhg", "wangzhe"}) {
            for (String label : new String[] {"angry", "neutral", "sad"}) {
                for (int i = 201; i <= 206; i++) {
                    csv.append(CASIA.resolve(sp + "/" + label + "/" + i + ".wav")).append(',').append(label)
                            .append(',').append(sp).append('\n');
                }
            }
        }
        Path manifest = tmp.resolve("train.csv");
        Files.writeString(manifest, csv);
        data = LabelledFeatures.extract(Manifest.read(manifest), TrainingCopies.NONE, n -> { });
        assertEquals(36, data.examples().size(), data.failures().toString());
        artifact = new BuiltinTrainer().train(data.trainingSet(), Map.of()).withTrainingClips(data.clips());
    }

    @Test
    void trainingRecordsTheHashesOfEveryClip() {
        TrainingClips c = data.clips();
        assertTrue(c.known());
        assertEquals(36, c.clips());
        assertEquals(36, c.fileSha256().size());
        assertEquals(36, c.audioSha256().size());
        Path clip = CASIA.resolve("liuchanhg/angry/201.wav");
        ClipFingerprint f = ClipFingerprint.of(clip, new io.emovox.audio.AudioDecoder().decode(clip).samples());
        assertEquals(Overlap.SAME_FILE, c.overlap(f));
        assertTrue(c.fileSha256().contains(ClipFingerprint.fileSha256(clip)));
    }

    @Test
    void evaluateReportsTrainingClipsApartFromNewOnes() throws Exception {
        Path a = CASIA.resolve("liuchanhg/angry/201.wav");
        Path flac = tmp.resolve("liu-angry-201.flac");
        Path retagged = tmp.resolve("wang-sad-202.wav");
        Path mp3 = tmp.resolve("liu-neutral-203.mp3");
        TestAudio.ffmpeg("-i", a.toString(), "-c:a", "flac", flac.toString());
        TestAudio.ffmpeg("-i", CASIA.resolve("wangzhe/sad/202.wav").toString(), "-metadata", "title=copy",
                "-c:a", "pcm_s16le", retagged.toString());
        TestAudio.ffmpeg("-i", CASIA.resolve("liuchanhg/neutral/203.wav").toString(), "-c:a", "libmp3lame",
                "-b:a", "128k", mp3.toString());
        assertNotEquals(ClipFingerprint.fileSha256(CASIA.resolve("wangzhe/sad/202.wav")),
                ClipFingerprint.fileSha256(retagged));
        Path manifest = tmp.resolve("eval.csv");
        Files.writeString(manifest, "path,label,speaker\n"
                + a + ",angry,liuchanhg\n"
                + CASIA.resolve("wangzhe/neutral/204.wav") + ",neutral,wangzhe\n"
                + CASIA.resolve("wangzhe/sad/205.wav") + ",sad,wangzhe\n"
                + flac + ",angry,liuchanhg\n"
                + retagged + ",sad,wangzhe\n"
                + mp3 + ",neutral,liuchanhg\n"
                + CASIA.resolve("zhaoquanyin/angry/201.wav") + ",angry,zhaoquanyin\n"
                + CASIA.resolve("zhaoquanyin/neutral/201.wav") + ",neutral,zhaoquanyin\n"
                + CASIA.resolve("zhaoquanyin/sad/201.wav") + ",sad,zhaoquanyin\n");
        EvaluationResult r;
        try (BuiltinModel model = BuiltinModel.of(artifact)) {
            r = new Evaluator(UncertaintyPolicy.DEFAULT).evaluate(model, Manifest.read(manifest), n -> { });
        }
        assertEquals(List.of(Overlap.SAME_FILE, Overlap.SAME_FILE, Overlap.SAME_FILE, Overlap.SAME_AUDIO,
                Overlap.SAME_AUDIO, Overlap.NONE, Overlap.NONE, Overlap.NONE, Overlap.NONE), r.training().overlaps());
        assertEquals(TrainingCheck.Status.KNOWN, r.training().status());

        EvaluationReport report = EvaluationReport.of(manifest.toString(), r, "speaker", UncertaintyPolicy.DEFAULT);
        assertEquals(4, report.overall().count(), "the headline covers only the clips never trained on");
        assertEquals(5, report.trainingSet().count());
        assertEquals(List.of("liuchanhg", "zhaoquanyin"), List.copyOf(report.groups().keySet()));
        assertEquals(List.of("liuchanhg", "wangzhe"), List.copyOf(report.trainingGroups().keySet()));
        String table = report.table();
        assertTrue(table.contains("WARNING: 5 of 9 scored clips were in the training data"), table);
        assertTrue(table.contains("3 identical files, 2 re-encoded copies with identical audio"), table);
        assertTrue(table.contains("NEW CLIPS (4 the model was not trained on)"), table);
        assertTrue(table.contains("TRAINING-SET FIGURES (5 clips the model was trained on; not a test)"), table);
        assertTrue(table.indexOf("NEW CLIPS") < table.indexOf("TRAINING-SET"), table);

        JsonNode j = report.toJson();
        assertEquals(4, j.get("count").asInt());
        assertEquals(1, j.get("warnings").size());
        assertEquals("known", j.get("training_data").get("status").asText());
        assertEquals(36, j.get("training_data").get("model_training_clips").asInt());
        assertEquals(5, j.get("training_data").get("training_clips_scored").asInt());
        assertEquals(3, j.get("training_data").get("same_file").asInt());
        assertEquals(2, j.get("training_data").get("same_audio").asInt());
        assertEquals(5, j.get("training_set").get("count").asInt());
        assertTrue(j.get("training_set").get("note").asText().contains("not a test"));
        assertEquals(2, j.get("training_set").get("groups").size());
    }

    /** The report of {@code model} on a manifest of two clips, an angry and a sad one. */
    private static EvaluationReport twoClips(BuiltinArtifact model, String angry, String sad) throws Exception {
        Path manifest = Files.createTempFile(tmp, "two", ".csv");
        Files.writeString(manifest, "path,label\n" + CASIA.resolve(angry) + ",angry\n" + CASIA.resolve(sad) + ",sad\n");
        EvaluationResult r;
        try (BuiltinModel m = BuiltinModel.of(model)) {
            r = new Evaluator(UncertaintyPolicy.DEFAULT).evaluate(m, Manifest.read(manifest), n -> { });
        }
        return EvaluationReport.of(manifest.toString(), r, null, UncertaintyPolicy.DEFAULT);
    }

    @Test
    void onlyTrainingClipsGiveNoTestFigureAtAll() throws Exception {
        EvaluationReport report = twoClips(artifact, "liuchanhg/angry/202.wav", "wangzhe/sad/203.wav");
        assertNull(report.overall());
        assertEquals(2, report.headline().count());
        assertTrue(report.table().contains("WARNING: All 2 scored clips were in the training data"), report.table());
        assertTrue(report.table().contains("there is no test figure"), report.table());
        JsonNode j = report.toJson();
        assertEquals(0, j.get("count").asInt());
        assertTrue(j.get("ua").isNull() && j.get("wa").isNull(), j.toString());
        assertEquals(2, j.get("training_set").get("count").asInt());
    }

    @Test
    void unknownTrainingClipsAreSaidNotWarnedAbout() throws Exception {
        EvaluationReport report = twoClips(artifact.withTrainingClips(TrainingClips.UNKNOWN),
                "liuchanhg/angry/202.wav", "zhaoquanyin/sad/203.wav");
        assertEquals(2, report.overall().count());
        assertNull(report.trainingSet());
        assertFalse(report.table().contains("WARNING"), report.table());
        assertTrue(report.table().contains("training data: training clips unknown"), report.table());
        JsonNode j = report.toJson();
        assertEquals("unknown", j.get("training_data").get("status").asText());
        assertEquals(0, j.get("warnings").size());
        assertFalse(j.has("training_set"));
    }
}
