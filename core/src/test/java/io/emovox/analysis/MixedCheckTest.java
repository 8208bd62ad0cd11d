package io.emovox.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emovox.model.EmotionLabel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one rule behind the mixed warning (measured on real recordings in MixedExperiment; docs/analysis.md). */
class MixedCheckTest {
    private static MixedCheck.Piece piece(EmotionLabel e, double seconds) {
        return new MixedCheck.Piece(e, seconds);
    }

    @Test
    void mostOfTheSpeechScoredAsAnotherEmotionIsMixed() {
        List<MixedCheck.Piece> parts = List.of(piece(EmotionLabel.ANGRY, 30), piece(EmotionLabel.SAD, 25),
                piece(EmotionLabel.NEUTRAL, 20), piece(EmotionLabel.SAD, 15), piece(EmotionLabel.HAPPY, 10));
        Optional<AnalysisWarning> w = MixedCheck.warning(EmotionLabel.ANGRY, parts);
        assertTrue(w.isPresent());
        assertEquals(AnalysisWarning.MIXED, w.get().code());
        assertTrue(w.get().message().contains("(angry): 70% of the speech is scored as another emotion"
                + " (sad 40%, neutral 20%, happy 10%)"), w.get().message());
        assertTrue(w.get().message().contains("read the segments or the timeline"), w.get().message());
    }

    @Test
    void halfOrMoreForTheOverallEmotionIsNotMixed() {
        assertEquals(Optional.empty(), MixedCheck.warning(EmotionLabel.ANGRY,
                List.of(piece(EmotionLabel.ANGRY, 50), piece(EmotionLabel.SAD, 30), piece(EmotionLabel.HAPPY, 20))));
        assertEquals(Optional.empty(), MixedCheck.warning(EmotionLabel.ANGRY, List.of()));
        // Duration counts, not the number of pieces: many short disagreeing pieces are a small share.
        assertEquals(Optional.empty(), MixedCheck.warning(EmotionLabel.ANGRY, List.of(piece(EmotionLabel.ANGRY, 60),
                piece(EmotionLabel.SAD, 1), piece(EmotionLabel.SAD, 1), piece(EmotionLabel.HAPPY, 1))));
        assertTrue(MixedCheck.warning(EmotionLabel.ANGRY,
                List.of(piece(EmotionLabel.ANGRY, 49), piece(EmotionLabel.SAD, 51))).isPresent());
    }

    @Test
    void timelinePausesDoNotCount() {
        List<DominantRun> runs = List.of(
                new DominantRun(0, 10, EmotionLabel.ANGRY, 0.8f, false, true),
                new DominantRun(10, 40, EmotionLabel.NEUTRAL, 0.5f, false, false),
                new DominantRun(40, 45, EmotionLabel.SAD, 0.6f, true, true));
        assertEquals(List.of(piece(EmotionLabel.ANGRY, 10), piece(EmotionLabel.SAD, 5)), MixedCheck.speechPieces(runs));
        assertEquals(Optional.empty(), MixedCheck.warning(EmotionLabel.ANGRY, MixedCheck.speechPieces(runs)));
    }
}
