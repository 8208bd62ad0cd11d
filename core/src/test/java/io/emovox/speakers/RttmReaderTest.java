package io.emovox.speakers;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RttmReaderTest {
    private static final String TWO_CALLS = """
            ;; comment
            SPKR-INFO callA 1 <NA> <NA> <NA> unknown alice <NA> <NA>
            SPEAKER callB 1 3.0 1.5 <NA> <NA> carol <NA> <NA>
            SPEAKER callA 1 2.5 1.0 <NA> <NA> bob <NA> <NA>
            SPEAKER callA 1 0.0 2.5 <NA> <NA> alice <NA> <NA>
            """;

    @Test
    void turnsOfTheInputAreTakenByBaseNameInTimeOrder() {
        Speakers.Rttm rttm = Speakers.rttm("the test RTTM", TWO_CALLS);
        assertEquals(List.of(new Speakers.Turn("callA", "alice", 0.0, 2.5), new Speakers.Turn("callA", "bob", 2.5,
                3.5)),
                rttm.turnsFor("/calls/callA.wav"));
        assertEquals(List.of("carol"), rttm.turnsFor("callB.mp3").stream().map(Speakers.Turn::speaker).toList());
        EmovoxException e = assertThrows(EmovoxException.class, () -> rttm.turnsFor("callC.wav"));
        assertTrue(e.getMessage().contains("none is named 'callC'"), e.getMessage());
        // One file id: its turns apply whatever the input is called.
        assertEquals(1, Speakers.rttm("x", "SPEAKER other 1 0 1 <NA> <NA> a <NA> <NA>").turnsFor("mine.wav").size());
    }

    @Test
    void badLinesAreRefusedWithTheirLineNumber() {
        for (String bad : List.of("NaN", "Infinity", "-1", "1e400", "one")) {
            String text = "SPEAKER a 1 0.0 1.0 <NA> <NA> x <NA> <NA>\nSPEAKER a 1 0.5 " + bad
                    + " <NA> <NA> y <NA> <NA>\n";
            EmovoxException e = assertThrows(EmovoxException.class, () -> Speakers.rttm("the test RTTM", text), bad);
            assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
            assertTrue(e.getMessage().startsWith("Line 2 of the test RTTM"), e.getMessage());
        }
        EmovoxException few = assertThrows(EmovoxException.class, () -> Speakers.rttm("r", "SPEAKER a 1 0.0 1.0"));
        assertTrue(few.getMessage().contains("needs at least 8"), few.getMessage());
        EmovoxException none = assertThrows(EmovoxException.class, () -> Speakers.rttm("the test RTTM", ";; empty\n"));
        assertTrue(none.getMessage().startsWith("The test RTTM holds no SPEAKER lines"), none.getMessage());
    }
}
