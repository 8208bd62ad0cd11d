package io.emovox.model.builtin.training;

import io.emovox.analysis.UncertaintyPolicy;
import io.emovox.evaluation.ClassificationMetrics;
import io.emovox.evaluation.EvaluationReport;
import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.ManifestEntry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in model on corpora it never met: leave-one-corpus-out over the three shared corpora
 * (EmoDB, CASIA, URDU), each held-out corpus scored on the classes the other two also have. The
 * floors are the levels measured on this data (docs/builtin-model.md) minus a margin, so a
 * change that loses cross-corpus accuracy fails here. They are NOT issue 13's goals (UA EmoDB
 * 0.50, CASIA 0.40, URDU 0.50; ECE at most 0.10; non-uncertain accuracy 0.60): the model card
 * reports which are missed.
 */
@Tag("slow") // the slow tier (mvn -Pslow verify): 3 folds of training on all three corpora
class CorpusFoldsAccuracyTest {
    // Measured 2026-12-03 with the channel copies (docs/builtin-model.md: EmoDB 0.482, CASIA 0.353,
    // URDU 0.478) minus 0.03.
    static final double EMODB_UA_FLOOR = 0.45;
    static final double CASIA_UA_FLOOR = 0.32;
    static final double URDU_UA_FLOOR = 0.44;
    /** Calibration no worse on a new corpus than measured: worst fold (CASIA, 0.126) plus 0.05. */
    static final double ECE_CEILING = 0.18;

    @Test
    void leaveOneCorpusOutOverTheSharedCorpora() {
        List<ManifestEntry> entries = new ArrayList<>();
        for (String corpus : List.of("emodb", "casia", "urdu")) {
            entries.addAll(Manifest.read(CorpusFoldsTest.DATA.resolve(corpus).resolve("manifest.csv")));
        }
        LabelledFeatures features = LabelledFeatures.extract(entries, TrainingCopies.SHIPPED, n -> { });
        assertEquals(List.of(), features.failures());
        CorpusFolds.Outcome out = new CorpusFolds(new BuiltinTrainer(), UncertaintyPolicy.DEFAULT).evaluate(features);
        EvaluationReport report = EvaluationReport.of("emodb+casia+urdu", out.result(), Manifest.CORPUS,
                UncertaintyPolicy.DEFAULT);
        System.out.println(report.table());
        ClassificationMetrics de = report.groups().get("emodb");
        ClassificationMetrics zh = report.groups().get("casia");
        ClassificationMetrics ur = report.groups().get("urdu");
        for (String c : List.of("emodb", "casia", "urdu")) {
            ClassificationMetrics m = report.groups().get(c);
            System.out.printf(Locale.ROOT, "LOCO %s: UA %.3f WA %.3f F1 %.3f ECE %.3f certain %.2f acc %.3f%n", c,
                    m.ua(), m.wa(), m.macroF1(), m.ece(), m.certainShare(), m.certainAccuracy());
            assertTrue(m.ece() <= ECE_CEILING, c + " LOCO ECE " + m.ece());
        }
        // Scored on the shared classes only: EmoDB without disgust and boredom, CASIA without surprise.
        assertEquals(127 + 69 + 71 + 79 + 62, de.count());
        assertEquals(750, zh.count());
        assertEquals(284, ur.count());
        assertEquals(0, out.result().training().seenCount());
        assertTrue(de.ua() >= EMODB_UA_FLOOR, "EmoDB LOCO UA " + de.ua());
        assertTrue(zh.ua() >= CASIA_UA_FLOOR, "CASIA LOCO UA " + zh.ua());
        assertTrue(ur.ua() >= URDU_UA_FLOOR, "URDU LOCO UA " + ur.ua());
    }
}
