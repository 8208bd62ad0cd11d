package io.emovox.analysis;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.model.builtin.BuiltinModel;
import io.emovox.model.emotion2vec.Emotion2VecModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The longest window: parsed once for every shell, and what it means for the scoring plan. */
class MaxWindowTest {
    private static final int SECOND = 16_000;

    @Test
    void blankIsTheDefaultOfSixtySecondsAndNumbersInRangeAreTaken() {
        assertEquals(60.0, AnalysisChoices.maxWindowSeconds(null));
        assertEquals(60.0, AnalysisChoices.maxWindowSeconds(" "));
        assertEquals(45.5, AnalysisChoices.maxWindowSeconds(" 45.5 "));
        assertEquals(5.0, AnalysisChoices.maxWindowSeconds("5"));
        assertEquals(600.0, AnalysisChoices.maxWindowSeconds("600"));
        AnalysisOptions o = AnalysisChoices.parse("frame", null, null, false, "90").options();
        assertEquals(90.0, o.maxWindowSeconds());
        assertEquals(60.0, AnalysisChoices.parse(null, null, null, false, null).options().maxWindowSeconds());
    }

    @Test
    void outOfRangeOrNotANumberIsAnInvalidArgumentSayingWhatToGive() {
        for (String bad : new String[] {"4.9", "601", "0", "-30", "NaN", "Infinity", "sixty", "60s"}) {
            EmovoxException e = assertThrows(EmovoxException.class, () -> AnalysisChoices.maxWindowSeconds(bad), bad);
            assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind(), bad);
            assertTrue(e.getMessage().contains("from 5 to 600"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
        assertThrows(EmovoxException.class, () -> AnalysisOptions.DEFAULT.withMaxWindowSeconds(2));
    }

    @Test
    void emotion2vecTakesClipsUpToSixtySecondsInOnePassAndWindowsLongerOnes() {
        int max = Emotion2VecModel.DEFAULT_MAX_WINDOW_SAMPLES;
        assertEquals(1, ClipScorer.plan(33 * SECOND, max, 50, AnalysisOptions.DEFAULT).size());
        assertEquals(1, ClipScorer.plan(60 * SECOND, max, 50, AnalysisOptions.DEFAULT).size());
        WindowPlan longer = ClipScorer.plan(60 * SECOND + 320, max, 50, AnalysisOptions.DEFAULT);
        assertEquals(2, longer.size());
        assertTrue(longer.end(0) - longer.start(0) <= 60 * SECOND);
        AnalysisOptions ninety = AnalysisOptions.DEFAULT.withMaxWindowSeconds(90);
        assertEquals(1, ClipScorer.plan(90 * SECOND, max, 50, ninety).size());
        AnalysisOptions thirty = AnalysisOptions.DEFAULT.withMaxWindowSeconds(30);
        assertEquals(2, ClipScorer.plan(33 * SECOND, max, 50, thirty).size());
    }

    @Test
    void theBuiltInModelKeepsItsOwnThirtySecondWindow() {
        assertEquals(1, ClipScorer.plan(30 * SECOND, BuiltinModel.MAX_WINDOW_SAMPLES, 0, AnalysisOptions.DEFAULT)
                .size());
        assertEquals(2, ClipScorer.plan(45 * SECOND, BuiltinModel.MAX_WINDOW_SAMPLES, 0, AnalysisOptions.DEFAULT)
                .size());
    }
}
