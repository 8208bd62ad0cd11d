package io.emovox.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WindowPlanTest {
    @Test
    void shortInputsAreOneWindow() {
        WindowPlan p = WindowPlan.of(30_000, 480_000, 64_000, 320);
        assertEquals(1, p.size());
        assertEquals(0, p.start(0));
        assertEquals(30_000, p.end(0));
        assertEquals(30_000, p.ownedTo(0));
    }

    @Test
    void windowsCoverTheInputOnTheFrameGridAndOwnershipPartitionsIt() {
        int window = 160_000;
        for (long length : new long[] {160_001, 200_000, 480_000, 1_000_003, 57_600_000}) {
            WindowPlan p = WindowPlan.of(length, window, 64_000, 320);
            assertEquals(0, p.start(0));
            assertEquals(length, p.end(p.size() - 1));
            assertEquals(0, p.ownedFrom(0));
            assertEquals(length, p.ownedTo(p.size() - 1));
            for (int w = 0; w < p.size(); w++) {
                assertTrue(p.end(w) - p.start(w) <= window, "window " + w + " too long");
                assertEquals(0, p.start(w) % 320, "window " + w + " off the frame grid");
                // Owned samples lie inside the window, away from both edges where possible.
                assertTrue(p.ownedFrom(w) >= p.start(w) && p.ownedTo(w) <= p.end(w), "window " + w);
                if (w > 0) {
                    assertEquals(p.ownedTo(w - 1), p.ownedFrom(w), "gap or overlap in ownership at " + w);
                    assertTrue(p.end(w - 1) - p.start(w) >= 64_000 - 320, "overlap below 4 s at " + w);
                    // The hand-over is halfway between the two centres.
                    assertEquals((p.start(w - 1) + p.end(w - 1) + p.start(w) + p.end(w)) / 4, p.ownedFrom(w));
                }
            }
        }
    }

    @Test
    void anHourAtTheDefaultOverlapNeedsAboutLengthOverHopWindows() {
        WindowPlan p = WindowPlan.of(57_600_000, 480_000, 64_000, 320);
        assertEquals(Math.ceil((57_600_000 - 480_000) / 416_000.0) + 1, p.size());
    }
}
