package io.emovox.evaluation;

import io.emovox.analysis.UncertaintyPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.emovox.model.EmotionLabel.ANGRY;
import static io.emovox.model.EmotionLabel.HAPPY;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The report says what each fold held out, whatever column the figures are grouped by. */
class TrainingNoteTest {
    private static String note(TrainingCheck check, String groupBy) {
        List<Prediction> ps = List.of(ClassificationMetricsTest.p(ANGRY, ANGRY, 0.9f, false),
                ClassificationMetricsTest.p(HAPPY, ANGRY, 0.6f, false));
        EvaluationResult r = new EvaluationResult("builtin (folds)", 1.0, ps, List.of(), Map.of(), check);
        return EvaluationReport.of("m.csv", r, groupBy, UncertaintyPolicy.DEFAULT).trainingNote();
    }

    @Test
    void speakerFoldsGroupedByCorpusSayTheSpeakerWasHeldOut() {
        assertEquals("leave-one-out: each clip was scored by a model trained without its speaker",
                note(TrainingCheck.heldOut(2, "speaker"), "corpus"));
        assertEquals("leave-one-out: each clip was scored by a model trained without its corpus",
                note(TrainingCheck.heldOut(2, "corpus"), "speaker"));
    }
}
