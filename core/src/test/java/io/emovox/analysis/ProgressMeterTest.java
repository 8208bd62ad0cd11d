package io.emovox.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one progress rule of every shell, on a controlled clock. */
class ProgressMeterTest {
    private static final double[] WEIGHTS = {0.2, 0.7, 0.1};

    private static final class Clock {
        long now;

        void ms(long ms) {
            now += ms * 1_000_000L;
        }
    }

    @Test
    void stagesMapToOneMonotoneFractionWithBoundedRateAndAnEta() {
        Clock clock = new Clock();
        List<ProgressMeter.Update> out = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        ProgressMeter m = new ProgressMeter(WEIGHTS, ProgressMeter.Rate.LIVE, u -> { out.add(u); at.add(clock.now); },
                () -> clock.now);
        // 10,000 raw decoding reports within 2 s: a block every 0.2 ms.
        for (int i = 1; i <= 10_000; i++) {
            clock.ms(0);
            clock.now += 200_000;
            m.progress("decoding", i / 10_000.0);
        }
        assertEquals(0.2, m.latest().fraction(), 1e-9, "decoding is the first fifth");
        // Scoring: 40 windows, 100 ms each; then a late decoding report, then writing.
        for (int w = 1; w <= 40; w++) {
            clock.ms(100);
            m.progress("scoring", w / 40.0);
        }
        m.progress("decoding", 0.5);
        for (int i = 1; i <= 100; i++) {
            clock.ms(1);
            m.progress("writing", i / 100.0);
        }
        assertEquals(0.2, out.stream().filter(u -> u.stage().equals("scoring"))
                .mapToDouble(ProgressMeter.Update::fraction).min().orElseThrow(), 0.02, "scoring starts at a fifth");
        for (int i = 1; i < out.size(); i++) {
            ProgressMeter.Update a = out.get(i - 1);
            ProgressMeter.Update b = out.get(i);
            assertTrue(b.fraction() >= a.fraction(), "monotone: " + out);
            if (a.stage().equals(b.stage())) {
                assertTrue(at.get(i) - at.get(i - 1) >= 250_000_000L, "at most 4 a second within a stage");
                assertTrue(b.fraction() - a.fraction() >= 0.005 - 1e-12, "steps of at least 0.5%");
            }
        }
        // 2 s of decoding at 4 a second: at most 9 updates, not 10,000.
        long decoding = out.stream().filter(u -> u.stage().equals("decoding")).count();
        assertTrue(decoding >= 5 && decoding <= 9, "decoding updates: " + decoding);
        // 4 s of scoring at 4 a second: one update per 3 windows (250 ms / 100 ms).
        long scoring = out.stream().filter(u -> u.stage().equals("scoring")).map(ProgressMeter.Update::stageFraction)
                .distinct().count();
        assertTrue(scoring >= 10 && scoring <= 17, "distinct scoring values: " + scoring);
        assertTrue(out.stream().anyMatch(u -> u.stage().equals("writing")), "writing is a stage: " + out);
        // ETA: none at the very start, then the elapsed time extrapolated.
        assertFalse(out.get(0).hasEta());
        ProgressMeter.Update mid = out.stream().filter(u -> u.stage().equals("scoring") && u.stageFraction() >= 0.5)
                .findFirst().orElseThrow();
        assertTrue(mid.hasEta());
        assertEquals(m.latest().fraction(), 1.0, 1e-9);
    }

    @Test
    void linesModeIsCoarse() {
        Clock clock = new Clock();
        List<ProgressMeter.Update> out = new ArrayList<>();
        ProgressMeter m = new ProgressMeter(WEIGHTS, ProgressMeter.Rate.LINES, out::add, () -> clock.now);
        for (int i = 1; i <= 1000; i++) {
            clock.ms(20);
            m.progress("scoring", i / 1000.0);
        }
        // 20 s, 70% of the whole: nothing in the first 5 s, then at most one line per 10%.
        assertTrue(out.size() <= 7 && out.size() >= 5, out.toString());
        assertTrue(out.get(0).fraction() >= 0.17, "quiet at first: " + out.get(0));
        List<ProgressMeter.Update> quick = new ArrayList<>();
        ProgressMeter q = new ProgressMeter(WEIGHTS, ProgressMeter.Rate.LINES, quick::add, () -> clock.now);
        for (String stage : ProgressMeter.STAGES) {
            clock.ms(300);
            q.progress(stage, 1);
        }
        assertTrue(quick.isEmpty(), "a run under 5 s prints no lines: " + quick);
    }

    @Test
    void unknownStagesAreBugs() {
        ProgressMeter m = new ProgressMeter(Granularity.FRAME, ProgressMeter.Rate.LIVE, u -> { });
        assertThrows(IllegalArgumentException.class, () -> m.progress("vad", 0.5));
    }

    @Test
    void etaReadsAsPeopleWriteIt() {
        assertEquals("12 s", ProgressMeter.formatEta(12.4));
        assertEquals("1:05", ProgressMeter.formatEta(65));
        assertEquals("1:00:00", ProgressMeter.formatEta(3600));
    }
}
