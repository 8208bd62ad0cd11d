package io.emovox.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one rule for whether a result's emotion may be read. */
class SpeechVerdictTest {

    @Test
    void notSpeechWarningsChangeTheVerdict() {
        for (String code : List.of(AnalysisWarning.SILENCE, AnalysisWarning.NOISE, AnalysisWarning.MUSIC,
                AnalysisWarning.VOICE_OVER_MUSIC, AnalysisWarning.NO_SPEECH)) {
            SpeechVerdict v = SpeechVerdict.of(List.of(code));
            assertFalse(v.speech(), code);
            assertEquals("not_speech", v.key());
            assertEquals(code, v.reason());
        }
    }

    @Test
    void littleAndShortSpeechOnlyAnnotate() {
        SpeechVerdict v = SpeechVerdict.of(List.of(AnalysisWarning.LITTLE_SPEECH, AnalysisWarning.SHORT_SPEECH));
        assertTrue(v.speech());
        assertEquals("speech", v.key());
        assertNull(v.reason());
        assertTrue(SpeechVerdict.of(List.of()).speech());
    }

    @Test
    void theMostTellingReasonIsNamedWhenSeveralApply() {
        assertEquals(AnalysisWarning.MUSIC, SpeechVerdict.of(List.of(AnalysisWarning.NO_SPEECH, AnalysisWarning.MUSIC,
                AnalysisWarning.SHORT_SPEECH)).reason());
        assertEquals(AnalysisWarning.SILENCE, SpeechVerdict.of(List.of(AnalysisWarning.SHORT_SPEECH,
                AnalysisWarning.SILENCE)).reason());
    }

    @Test
    void theLineSaysNotSpeechBeforeTheUnreliableEmotion() {
        assertEquals("😢 sad 60.5%", SpeechVerdict.IS_SPEECH.describe("😢 sad 60.5%"));
        assertEquals("🎵 not speech (music) — emotion unreliable: 😢 sad 60.5%",
                SpeechVerdict.of(List.of(AnalysisWarning.MUSIC)).describe("😢 sad 60.5%"));
        assertEquals("🎵 not speech (voice over music) — emotion unreliable: 🤢 disgusted 43.4%",
                SpeechVerdict.of(List.of(AnalysisWarning.VOICE_OVER_MUSIC)).describe("🤢 disgusted 43.4%"));
        assertThrows(IllegalArgumentException.class, () -> new SpeechVerdict(false, null));
        assertThrows(IllegalArgumentException.class, () -> new SpeechVerdict(true, "music"));
    }
}
