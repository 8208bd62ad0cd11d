package io.emovox.model.builtin.training;

import io.emovox.EmovoxException;
import io.emovox.analysis.UncertaintyPolicy;
import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.evaluation.Prediction;
import io.emovox.model.ClipFingerprint;
import io.emovox.model.EmotionLabel;
import io.emovox.model.TrainingClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.emovox.model.EmotionLabel.ANGRY;
import static io.emovox.model.EmotionLabel.DISGUSTED;
import static io.emovox.model.EmotionLabel.FEARFUL;
import static io.emovox.model.EmotionLabel.HAPPY;
import static io.emovox.model.EmotionLabel.NEUTRAL;
import static io.emovox.model.EmotionLabel.OTHER;
import static io.emovox.model.EmotionLabel.SAD;
import static io.emovox.model.EmotionLabel.SURPRISED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The leave-one-corpus-out plumbing on a small subset of the real shared corpora (a few clips per
 * class of each): the corpus comes from the manifest's folder, each fold scores only the classes
 * the other corpora have, and no held-out clip is in its fold's record of training clips. The
 * accuracy of the full protocol is asserted in the slow tier ({@link CorpusFoldsAccuracyTest}).
 */
class CorpusFoldsTest {
    static final Path DATA = Path.of(System.getProperty("emovox.repo.root", ".")).toAbsolutePath()
            .resolve("../shared/data").normalize();

    @TempDir
    Path tmp;

    /** The first {@code perClass} lines of each class of a shared manifest, as a manifest in tmp/NAME/. */
    private List<ManifestEntry> subset(String corpus, int perClass) throws Exception {
        List<String> lines = Files.readAllLines(DATA.resolve(corpus).resolve("manifest.csv"));
        Map<String, Integer> taken = new TreeMap<>();
        StringBuilder csv = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (taken.merge(f[1], 1, Integer::sum) <= perClass) {
                csv.append(DATA.resolve(corpus).resolve(f[0])).append(line.substring(f[0].length())).append('\n');
            }
        }
        Path dir = Files.createDirectories(tmp.resolve(corpus));
        Files.writeString(dir.resolve("manifest.csv"), csv);
        return Manifest.read(dir.resolve("manifest.csv"));
    }

    @Test
    void eachCorpusIsScoredOnTheSharedClassesByAModelThatNeverHeardIt() throws Exception {
        List<ManifestEntry> entries = new ArrayList<>();
        for (String corpus : List.of("emodb", "casia", "urdu")) {
            entries.addAll(subset(corpus, 4));
        }
        LabelledFeatures data = LabelledFeatures.extract(entries, TrainingCopies.SHIPPED, n -> { });
        assertEquals(List.of(), data.failures());
        CorpusFolds.Outcome out = new CorpusFolds(new BuiltinTrainer(), UncertaintyPolicy.DEFAULT).evaluate(data);

        Map<String, CorpusFolds.Fold> folds = new LinkedHashMap<>();
        out.folds().forEach(f -> folds.put(f.corpus(), f));
        assertEquals(List.of("casia", "emodb", "urdu"), List.copyOf(folds.keySet()));
        assertEquals(List.of(ANGRY, FEARFUL, HAPPY, NEUTRAL, SAD), folds.get("emodb").scored());
        assertEquals(Map.of(DISGUSTED, 4), folds.get("emodb").leftOut());
        assertEquals(Map.of(OTHER, 4), data.notLearned(), "boredom is neither trained on nor scored");
        assertEquals(List.of(ANGRY, FEARFUL, HAPPY, NEUTRAL, SAD), folds.get("casia").scored());
        assertEquals(Map.of(SURPRISED, 4), folds.get("casia").leftOut());
        assertEquals(List.of(ANGRY, HAPPY, NEUTRAL, SAD), folds.get("urdu").scored());
        assertEquals(Map.of(), folds.get("urdu").leftOut());
        assertEquals(List.of("emodb", "urdu"), folds.get("casia").trainedOn());

        // The training-clip record of each fold's model: every clip of the other corpora, none of its own.
        for (CorpusFolds.Fold f : out.folds()) {
            TrainingClips trained = f.trainingClips();
            long others = entries.stream().filter(e -> !e.column(Manifest.CORPUS).equals(f.corpus()))
                    .filter(CorpusFoldsTest::learned).count();
            assertEquals(others, trained.clips(), f.corpus());
            for (ManifestEntry e : entries) {
                boolean held = e.column(Manifest.CORPUS).equals(f.corpus());
                assertEquals(!held && learned(e), trained.fileSha256().contains(ClipFingerprint.fileSha256(e.path())),
                        f.corpus() + " fold, " + e.path());
            }
        }
        assertEquals(0, out.result().training().seenCount());

        // Scored: 5 + 5 classes x 4 clips and URDU's 4 x 4; each verdict among its fold's classes.
        List<Prediction> p = out.result().predictions();
        assertEquals(4 * (5 + 5 + 4), p.size());
        for (Prediction x : p) {
            List<EmotionLabel> scored = folds.get(x.entry().column(Manifest.CORPUS)).scored();
            assertTrue(scored.contains(x.truth()), x.entry().path().toString());
            assertTrue(scored.contains(x.predicted()), x.predicted() + " for " + x.entry().path());
            float sum = 0;
            for (EmotionLabel l : EmotionLabel.ALL) {
                sum += x.probabilities()[l.ordinal()];
                assertTrue(scored.contains(l) || x.probabilities()[l.ordinal()] == 0, l + " " + x.entry().path());
            }
            assertEquals(1.0, sum, 1e-4);
        }
        assertFalse(out.folds().stream().anyMatch(f -> !(f.temperature() > 0)));
    }

    @Test
    void oneCorpusIsNotEnough() throws Exception {
        LabelledFeatures data = LabelledFeatures.extract(subset("urdu", 2), TrainingCopies.NONE, n -> { });
        EmovoxException e = assertThrows(EmovoxException.class,
                () -> new CorpusFolds(new BuiltinTrainer(), UncertaintyPolicy.DEFAULT).evaluate(data));
        assertTrue(e.getMessage().contains("at least two corpora"), e.getMessage());
    }

    /** A clip of a class the built-in model learns (boredom is neither trained on nor scored). */
    private static boolean learned(ManifestEntry e) {
        return !BuiltinTrainer.NOT_LEARNED.contains(io.emovox.evaluation.LabelMapping.map(e.label()).orElseThrow());
    }
}
