package io.emovox.analysis;

import io.emovox.audio.AudioDecoder;
import io.emovox.evaluation.EvaluationResult;
import io.emovox.evaluation.Evaluator;
import io.emovox.evaluation.Manifest;
import io.emovox.model.ModelOutput;
import io.emovox.model.builtin.BuiltinModel;
import io.emovox.model.builtin.training.LabelledFeatures;
import io.emovox.model.builtin.training.TrainingCopies;
import io.emovox.testing.TestAudio;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One clip, one set of numbers: a 40 s recording (real EmoDB speech of one speaker, longer than
 * the built-in model's 30 s window) scored by {@code analyze} (streamed from disk), by
 * {@code evaluate} (decoded whole) and by the built-in model's folds (cached window features)
 * gives the same logits, because all three go through {@link ClipScorer}. evaluate used to average
 * consecutive 30 s windows without weights; that reading differs on this clip, which is what the
 * last assertion shows.
 */
class OneScoringPathTest {
    @TempDir
    static Path tmp;

    static BuiltinModel model;
    static Path clip;
    static float[] samples;

    @BeforeAll
    static void fortySeconds() throws IOException {
        model = BuiltinModel.load();
        AudioDecoder decoder = new AudioDecoder();
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        try (var files = Files.list(TestAudio.sharedData().resolve("emodb/wav"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("03")).sorted().toList()) {
                float[] s = decoder.decode(f).samples();
                parts.add(s);
                total += s.length;
                if (total >= 40 * 16_000) {
                    break;
                }
            }
        }
        clip = tmp.resolve("speaker03-40s.wav");
        TestAudio.writeWav(clip, 16_000, Arrays.copyOf(TestAudio.concat(parts), 40 * 16_000));
        samples = decoder.decode(clip).samples(); // as 16-bit PCM holds them
        Files.writeString(tmp.resolve("manifest.csv"), "path,label,speaker\n" + clip.getFileName() + ",angry,03\n");
    }

    @Test
    void analyzeAndEvaluateGiveTheSameScoresForAClipLongerThanTheWindow() {
        assertTrue(samples.length > model.info().maxWindowSamples(), "the clip needs more than one window");
        float[] analyzed;
        try (Analyzer analyzer = new Analyzer(model);
             AnalysisResult r = analyzer.analyze(clip, AnalysisOptions.DEFAULT, ProgressListener.NONE)) {
            analyzed = r.verdict().scores();
        }
        EvaluationResult evaluated = new Evaluator(UncertaintyPolicy.DEFAULT)
                .evaluate(model, Manifest.read(tmp.resolve("manifest.csv")), n -> { });
        assertEquals(1, evaluated.predictions().size(), evaluated.failures().toString());
        assertArrayEquals(analyzed, evaluated.predictions().get(0).probabilities(), 0f);
    }

    @Test
    void theFoldsScoreCachedWindowFeaturesTheSameWay() {
        LabelledFeatures features = LabelledFeatures.extract(Manifest.read(tmp.resolve("manifest.csv")),
                TrainingCopies.NONE, n -> { });
        assertEquals(2, features.longClips().get(0).features().length, "40 s in 30 s windows: two windows");
        float[] folds = features.logits(0, f -> model.score(f).logits());
        float[] scored = new ClipScorer(model, AnalysisOptions.DEFAULT).score(samples).logits();
        assertArrayEquals(scored, folds, 0f);
    }

    @Test
    void consecutiveUnweightedWindowsReadTheClipDifferently() {
        float[] scored = new ClipScorer(model, AnalysisOptions.DEFAULT).score(samples).logits();
        int window = model.info().maxWindowSamples();
        ModelOutput first = model.run(Arrays.copyOfRange(samples, 0, window), false);
        ModelOutput rest = model.run(Arrays.copyOfRange(samples, window, samples.length), false);
        float[] old = new float[scored.length];
        for (int k = 0; k < old.length; k++) {
            old[k] = (first.logits()[k] + rest.logits()[k]) / 2;
        }
        assertFalse(Arrays.equals(scored, old), "the overlap and the weights change the numbers");
    }
}
