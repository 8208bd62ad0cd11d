package io.emovox.model.builtin.training;

import io.emovox.analysis.UncertaintyPolicy;
import io.emovox.evaluation.EvaluationReport;
import io.emovox.evaluation.EvaluationResult;
import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.evaluation.ClassificationMetrics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in model's speaker-independent accuracy: leave-one-speaker-out over all 13 shared
 * speakers (EmoDB + CASIA, trained jointly as the shipped model is), scored per corpus. The floors
 * are the levels measured on this data (docs/builtin-model.md), so a change that loses accuracy
 * fails here. Issue 3's goals are higher (UA 0.70 EmoDB, 0.60 CASIA); the gap is reported there.
 */
@Tag("slow") // the slow tier (mvn -Pslow verify): 13 folds of training
class SpeakerFoldsAccuracyTest {
    static final double EMODB_UA_FLOOR = 0.69;
    static final double CASIA_UA_FLOOR = 0.42;

    @Test
    void leaveOneSpeakerOutOverBothCorpora() {
        Path data = Path.of(System.getProperty("emovox.repo.root",
                ".")).toAbsolutePath().resolve("../shared/data").normalize();
        List<ManifestEntry> entries = new ArrayList<>(Manifest.read(data.resolve("emodb/manifest.csv")));
        entries.addAll(Manifest.read(data.resolve("casia/manifest.csv")));
        LabelledFeatures features = LabelledFeatures.extract(entries, SpeedPerturbation.TRAINING_SPEEDS, n -> { });
        assertEquals(List.of(), features.failures());
        EvaluationResult r = new SpeakerFolds(new BuiltinTrainer(), UncertaintyPolicy.DEFAULT).evaluate(features);
        EvaluationReport report = EvaluationReport.of("emodb+casia", r, "lang", UncertaintyPolicy.DEFAULT);
        System.out.println(report.table());
        ClassificationMetrics de = report.groups().get("de");
        ClassificationMetrics zh = report.groups().get("zh");
        System.out.printf(Locale.ROOT,
                "LOSO EmoDB WA %.3f UA %.3f F1 %.3f ECE %.3f | CASIA WA %.3f UA %.3f F1 %.3f ECE %.3f%n",
                de.wa(), de.ua(), de.macroF1(), de.ece(), zh.wa(), zh.ua(), zh.macroF1(), zh.ece());
        assertEquals(535, de.count());
        assertEquals(900, zh.count());
        assertTrue(de.ua() >= EMODB_UA_FLOOR, "EmoDB LOSO UA " + de.ua());
        assertTrue(zh.ua() >= CASIA_UA_FLOOR, "CASIA LOSO UA " + zh.ua());
        // Calibrated on held-out folds: confidence should track accuracy within 8 points.
        assertTrue(report.overall().ece() < 0.08, "ECE " + report.overall().ece());
    }
}
