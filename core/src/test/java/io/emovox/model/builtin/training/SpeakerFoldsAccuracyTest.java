package io.emovox.model.builtin.training;

import io.emovox.analysis.UncertaintyPolicy;
import io.emovox.evaluation.EvaluationReport;
import io.emovox.evaluation.EvaluationResult;
import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.evaluation.ClassificationMetrics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in model's speaker-independent accuracy: leave-one-speaker-out over all 37 shared
 * speakers (EmoDB + CASIA + URDU, trained jointly as the shipped model is; EmoDB's boredom is not
 * learned and not scored), per corpus. The floors are the levels measured on this data minus
 * 0.03 (docs/builtin-model.md), so a change that loses accuracy fails here; issue 13's goals
 * (EmoDB 0.72, CASIA 0.50, URDU 0.55) are reported in the model card.
 */
@Tag("slow") // the slow tier (mvn -Pslow verify): 37 folds of training, about 100 CPU-minutes
class SpeakerFoldsAccuracyTest {
    // Measured 2026-12-03, release 1-2bef2a2bdf's training (EmoDB 0.726, CASIA 0.403, URDU 0.429) minus 0.03.
    static final double EMODB_UA_FLOOR = 0.69;
    static final double CASIA_UA_FLOOR = 0.37;
    static final double URDU_UA_FLOOR = 0.39;

    @Test
    void leaveOneSpeakerOutOverAllCorpora() {
        List<ManifestEntry> entries = new ArrayList<>();
        for (String corpus : List.of("emodb", "casia", "urdu")) {
            entries.addAll(Manifest.read(CorpusFoldsTest.DATA.resolve(corpus).resolve("manifest.csv")));
        }
        LabelledFeatures features = LabelledFeatures.extract(entries, TrainingCopies.SHIPPED, n -> { });
        assertEquals(List.of(), features.failures());
        EvaluationResult r = new SpeakerFolds(new BuiltinTrainer(), UncertaintyPolicy.DEFAULT).evaluate(features);
        EvaluationReport report = EvaluationReport.of("emodb+casia+urdu", r, Manifest.CORPUS,
                UncertaintyPolicy.DEFAULT);
        System.out.println(report.table());
        ClassificationMetrics de = report.groups().get("emodb");
        ClassificationMetrics zh = report.groups().get("casia");
        ClassificationMetrics ur = report.groups().get("urdu");
        System.out.printf(Locale.ROOT, "LOSO UA EmoDB %.3f CASIA %.3f URDU %.3f, ECE %.3f%n",
                de.ua(), zh.ua(), ur.ua(), report.overall().ece());
        assertEquals(535 - 81, de.count(), "EmoDB without its 81 boredom clips");
        assertEquals(900, zh.count());
        assertEquals(284, ur.count());
        assertTrue(de.ua() >= EMODB_UA_FLOOR, "EmoDB LOSO UA " + de.ua());
        assertTrue(zh.ua() >= CASIA_UA_FLOOR, "CASIA LOSO UA " + zh.ua());
        assertTrue(ur.ua() >= URDU_UA_FLOOR, "URDU LOSO UA " + ur.ua());
        // Calibrated on held-out folds: confidence should track accuracy within 8 points.
        assertTrue(report.overall().ece() < 0.08, "ECE " + report.overall().ece());
    }
}
