package io.emovox.model.builtin.training;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.model.ClipFingerprint;
import io.emovox.model.EmotionLabel;
import io.emovox.model.TrainingClips;
import io.emovox.model.ModelOutput;
import io.emovox.model.builtin.BuiltinArtifact;
import io.emovox.model.builtin.BuiltinModel;
import io.emovox.testing.SharedCorpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuiltinTrainerTest {
    private static List<TrainingExample> examples;

    @TempDir
    Path dir;

    @BeforeAll
    static void readClips() {
        // 3 speakers x 3 emotions x 8 clips of real Mandarin speech.
        examples = SharedCorpus.casiaSubset(8, "angry", "neutral", "sad");
        assertEquals(72, examples.size());
    }

    @Test
    void trainingTwiceWritesIdenticalBytes() throws Exception {
        BuiltinArtifact a = new BuiltinTrainer().train(examples, Map.of("data", "casia subset"));
        BuiltinArtifact b = new BuiltinTrainer().train(new ArrayList<>(examples), Map.of("data", "casia subset"));
        assertArrayEquals(a.toBytes(), b.toBytes());
        assertEquals(a.version(), b.version());
        assertTrue(a.version().matches("1-[0-9a-f]{10}"), a.version());
        assertEquals(List.of(EmotionLabel.ANGRY, EmotionLabel.NEUTRAL, EmotionLabel.SAD), a.labels());
        assertEquals(72, a.training().get("clips"));
    }

    @Test
    @Tag("slow") // a second training run with perturbed copies; SpeedPerturbationTest keeps the fast tier
    void perturbedCopiesAreTrainedOnButNotCountedAsClips() {
        List<TrainingExample> withCopies = new ArrayList<>(examples);
        Random r = new Random(7);
        for (TrainingExample e : examples) {
            double[] f = e.features().clone();
            for (int j = 0; j < f.length; j++) {
                f[j] += 0.01 * r.nextGaussian() * (1 + Math.abs(f[j]));
            }
            withCopies.add(new TrainingExample(f, e.label(), e.group(), true));
        }
        BuiltinArtifact plain = new BuiltinTrainer().train(examples, Map.of());
        BuiltinArtifact a = new BuiltinTrainer().train(withCopies, Map.of());
        assertEquals(72, a.training().get("clips"));
        assertEquals(72, a.training().get("perturbed_copies"));
        assertEquals(Map.of("angry", 24, "neutral", 24, "sad", 24), a.training().get("clips_per_label"));
        // The copies changed the weights (they were trained on) ...
        assertTrue(!a.version().equals(plain.version()));
        // ... and a temperature was still fitted on held-out originals.
        assertTrue(a.temperature() > 0.2 && a.temperature() < 5, "T " + a.temperature());
    }

    @Test
    void aWrittenModelReloadsToTheSameScores() {
        BuiltinArtifact a = new BuiltinTrainer().train(examples, Map.of());
        Path file = dir.resolve("model.json");
        a.write(file);
        BuiltinModel fresh = BuiltinModel.of(a);
        BuiltinModel loaded = BuiltinModel.load(file);
        assertEquals(fresh.info(), loaded.info());
        assertEquals(a.temperature(), loaded.temperature(), 1e-6);
        for (TrainingExample e : examples) {
            ModelOutput x = fresh.score(e.features());
            ModelOutput y = loaded.score(e.features());
            assertArrayEquals(x.logits(), y.logits());
            assertArrayEquals(x.embedding(), y.embedding());
        }
        // Classes never learned are -inf, the learned ones finite.
        float[] logits = loaded.score(examples.get(0).features()).logits();
        assertEquals(Float.NEGATIVE_INFINITY, logits[EmotionLabel.HAPPY.ordinal()]);
        assertTrue(Float.isFinite(logits[EmotionLabel.ANGRY.ordinal()]));
    }

    @Test
    void theTrainingClipsAreWrittenLastAndReadBack() throws Exception {
        BuiltinArtifact plain = new BuiltinTrainer().train(examples, Map.of());
        List<ClipFingerprint> clips = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clips.add(new ClipFingerprint(String.format("%064x", 100 - i), String.format("%064x", 200 + i)));
        }
        clips.add(clips.get(0)); // the same clip twice in the manifests: one hash, six clips
        BuiltinArtifact a = plain.withTrainingClips(TrainingClips.of(clips));
        assertEquals(plain.version(), a.version(), "the version is the weights' alone");
        byte[] bytes = a.toBytes();
        byte[] old = plain.toBytes();
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        // An artifact without the record equals this one with the last field cut.
        int cut = text.indexOf(",\"training_clips\":");
        assertTrue(cut > 0 && text.indexOf("\"networks\"") < cut, text.substring(0, 80));
        assertEquals(new String(old, java.nio.charset.StandardCharsets.UTF_8), text.substring(0, cut) + "}\n");

        Path file = dir.resolve("model.json");
        a.write(file);
        TrainingClips back = BuiltinModel.load(file).trainingClips();
        assertEquals(TrainingClips.of(clips), back);
        assertEquals(6, back.clips());
        assertEquals(5, back.fileSha256().size());
        assertEquals(TrainingClips.Overlap.SAME_AUDIO, back.overlap(new ClipFingerprint("ff",
                clips.get(3).audioSha256())));
        assertEquals(TrainingClips.Overlap.NONE, back.overlap(new ClipFingerprint("ff", "ee")));
        assertEquals(TrainingClips.UNKNOWN, BuiltinModel.of(plain).trainingClips());

        Files.writeString(file, text.replace("\"hash\":\"sha256\"", "\"hash\":\"md5\""));
        assertEquals(ErrorKind.MODEL_INVALID, assertThrows(EmovoxException.class,
                () -> BuiltinModel.load(file)).kind());
    }

    @Test
    void theNetworkLearnsItsTrainingData() {
        BuiltinModel m = BuiltinModel.of(new BuiltinTrainer().fit(examples, Map.of()));
        int correct = 0;
        for (TrainingExample e : examples) {
            float[] z = m.score(e.features()).logits();
            if (io.emovox.analysis.Probabilities.argmax(z) == e.label().ordinal()) {
                correct++;
            }
        }
        assertTrue(correct >= 65, "training accuracy " + correct + "/72");
    }

    @Test
    void temperatureScalingCoolsOverconfidentLogits() {
        // Logits that pick the right class only 60% of the time yet claim ~100%: T must grow.
        Random r = new Random(3);
        List<double[]> logits = new ArrayList<>();
        int[] truth = new int[400];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = r.nextInt(3);
            int top = r.nextDouble() < 0.6 ? truth[i] : (truth[i] + 1) % 3;
            double[] z = new double[3];
            z[top] = 10;
            logits.add(z);
        }
        double t = TemperatureScaling.fit(logits, truth);
        assertTrue(t > 5, "temperature " + t);
        assertTrue(TemperatureScaling.nll(logits, truth, t) < TemperatureScaling.nll(logits, truth, 1));
    }

    @Test
    void aDamagedOrForeignFileIsAnInvalidModel() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\":\"something-else\"}");
        EmovoxException e = assertThrows(EmovoxException.class, () -> BuiltinModel.load(bad));
        assertEquals(ErrorKind.MODEL_INVALID, e.kind());
        Files.writeString(bad, "{not json");
        assertEquals(ErrorKind.MODEL_INVALID, assertThrows(EmovoxException.class, () -> BuiltinModel.load(bad)).kind());
        assertEquals(ErrorKind.MODEL_NOT_FOUND,
                assertThrows(EmovoxException.class, () -> BuiltinModel.load(dir.resolve("none.json"))).kind());
    }
}
