package io.emovox.audio.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The segment rules on hand-made probability sequences (one value per 32 ms window). */
class SegmentTrackerTest {
    private static final double EPS = 1e-9;

    /** Feeds runs given as (count, probability) pairs; returns the segments. */
    private static List<SpeechSegment> run(VadOptions options, double... runs) {
        List<SpeechSegment> out = new ArrayList<>();
        SegmentTracker t = new SegmentTracker(options, out::add);
        long windows = 0;
        for (int i = 0; i < runs.length; i += 2) {
            for (int k = 0; k < (int) runs[i]; k++) {
                t.accept((float) runs[i + 1]);
                windows++;
            }
        }
        t.finish(windows * 512);
        return out;
    }

    private static void assertSegment(double start, double end, SpeechSegment s) {
        assertEquals(start, s.startSeconds(), EPS, "start of " + s);
        assertEquals(end, s.endSeconds(), EPS, "end of " + s);
    }

    @Test
    void speechBetweenSilencesIsOneSegmentWidenedByThePadding() {
        List<SpeechSegment> s = run(VadOptions.DEFAULT, 20, 0.0, 30, 0.9, 20, 0.0);
        assertEquals(1, s.size());
        // Raw speech 20*32 ms = 0.64 s to 50*32 ms = 1.60 s, then 30 ms of padding each side.
        assertSegment(0.61, 1.63, s.get(0));
    }

    @Test
    void speechShorterThanMinSpeechIsDropped() {
        assertEquals(List.of(), run(VadOptions.DEFAULT, 10, 0.0, 7, 0.9, 10, 0.0)); // 224 ms
        assertEquals(1, run(VadOptions.DEFAULT, 10, 0.0, 8, 0.9, 10, 0.0).size()); // 256 ms
        assertEquals(1, run(VadOptions.DEFAULT.withMinSpeechMs(200), 10, 0.0, 7, 0.9, 10, 0.0).size());
    }

    @Test
    void shortPausesStayInsideASegmentAndLongerOnesSplitIt() {
        // 3 silent windows = 96 ms < 100 ms: one segment.
        assertEquals(1, run(VadOptions.DEFAULT, 10, 0.0, 20, 0.9, 3, 0.0, 20, 0.9, 10, 0.0).size());
        // 4 silent windows = 128 ms: two segments (speech in windows 10-29 and 34-53).
        List<SpeechSegment> two = run(VadOptions.DEFAULT, 10, 0.0, 20, 0.9, 4, 0.0, 20, 0.9, 10, 0.0);
        assertEquals(2, two.size());
        assertSegment(0.29, 0.99, two.get(0));
        assertSegment(1.058, 1.758, two.get(1));
        // A longer minimum silence merges them again.
        assertEquals(1, run(VadOptions.DEFAULT.withMinSilenceMs(200),
                10, 0.0, 20, 0.9, 4, 0.0, 20, 0.9, 10, 0.0).size());
    }

    @Test
    void windowsBetweenTheTwoThresholdsNeitherStartNorEndSpeech() {
        // 0.4 lies between negThreshold 0.35 and threshold 0.5.
        assertEquals(List.of(), run(VadOptions.DEFAULT, 50, 0.4));
        List<SpeechSegment> s = run(VadOptions.DEFAULT, 10, 0.0, 10, 0.9, 30, 0.4, 10, 0.9, 10, 0.0);
        assertEquals(1, s.size());
        assertSegment(0.29, 1.95, s.get(0));
    }

    @Test
    void closePaddingIsSharedAndPaddingStopsAtTheEdges() {
        VadOptions wide = VadOptions.DEFAULT.withSpeechPadMs(100);
        List<SpeechSegment> s = run(wide, 2, 0.0, 20, 0.9, 4, 0.0, 20, 0.9);
        assertEquals(2, s.size());
        // Clipped at 0 and at the end (1.472 s); the 128 ms gap is shared 64/64 ms.
        assertSegment(0.0, 0.768, s.get(0));
        assertSegment(0.768, 1.472, s.get(1));
    }

    @Test
    void overLongSpeechIsSplitAtTheLongestPauseInItsSecondHalf() {
        VadOptions max2s = VadOptions.DEFAULT.withSpeechPadMs(0).withMaxSegmentSeconds(2.0);
        // A 2-window pause at window 40 and a 1-window one at 50; the longer one wins.
        List<SpeechSegment> s = run(max2s, 40, 0.9, 2, 0.1, 8, 0.9, 1, 0.1, 49, 0.9);
        assertEquals(2, s.size());
        assertSegment(0.0, 40 * 0.032, s.get(0));
        assertSegment(42 * 0.032, 100 * 0.032, s.get(1));
    }

    @Test
    void overLongSpeechWithoutPauseIsSplitAtItsLowestProbability() {
        VadOptions max2s = VadOptions.DEFAULT.withSpeechPadMs(0).withMaxSegmentSeconds(2.0);
        List<SpeechSegment> s = run(max2s, 50, 0.9, 1, 0.6, 49, 0.9);
        assertEquals(2, s.size());
        assertSegment(0.0, 1.6, s.get(0));
        assertSegment(1.6, 3.2, s.get(1));
        // Flat speech is cut as late as possible: after 62 windows (1.984 s), within 2 s.
        List<SpeechSegment> flat = run(max2s, 100, 0.9);
        assertSegment(0.0, 1.984, flat.get(0));
        assertSegment(1.984, 3.2, flat.get(1));
    }

    @Test
    void segmentsAreEmittedAsSoonAsTheirPaddingIsSettled() {
        List<Long> emittedAt = new ArrayList<>();
        long[] fed = {0};
        SegmentTracker t = new SegmentTracker(VadOptions.DEFAULT, s -> emittedAt.add(fed[0]));
        for (int i = 0; i < 1000; i++) {
            t.accept(i >= 10 && i < 30 ? 0.9f : 0.0f);
            fed[0]++;
        }
        // Speech fills windows 10-29; the 4th silent window (index 33) ends the segment, and as
        // no other can start within 60 ms of its end, it is handed out right then.
        assertEquals(List.of(33L), emittedAt);
        VadSummary summary = t.finish(1000 * 512);
        assertEquals(1, summary.segments());
        assertEquals(20 * 0.032 + 0.06, summary.speechSeconds(), EPS);
        assertEquals(32.0, summary.totalSeconds(), EPS);
        assertEquals(0.9 * 20 / 1000, summary.meanProbability(), 1e-6);
        assertThrows(IllegalStateException.class, () -> t.accept(0.5f));
    }

    @Test
    void randomProbabilitiesAlwaysGiveOrderedSegmentsWithinTheLimits() {
        Random random = new Random(42);
        VadOptions o = VadOptions.DEFAULT.withMaxSegmentSeconds(3).withSpeechPadMs(60);
        for (int trial = 0; trial < 200; trial++) {
            List<SpeechSegment> out = new ArrayList<>();
            SegmentTracker t = new SegmentTracker(o, out::add);
            int windows = 50 + random.nextInt(2000);
            boolean speech = false;
            for (int i = 0; i < windows; i++) {
                if (random.nextDouble() < 0.05) {
                    speech = !speech;
                }
                t.accept((float) (speech ? 0.3 + 0.7 * random.nextDouble() : 0.5 * random.nextDouble()));
            }
            long total = windows * 512L - random.nextInt(512);
            t.finish(total);
            double previousEnd = 0;
            for (SpeechSegment s : out) {
                assertTrue(s.startSeconds() >= previousEnd - EPS, "overlap at " + s);
                assertTrue(s.duration() <= 3.0 + EPS, "too long: " + s);
                assertTrue(s.endSeconds() <= total / 16000.0 + EPS, "past the end: " + s);
                previousEnd = s.endSeconds();
            }
        }
    }
}
