package io.emovox.speakers;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The grouping itself, on synthetic voiceprints (real voices: VoiceprintsTest, AnalyzerTest). */
class SpeakerClustererTest {
    /** Voiceprints of {@code speakers} well-separated voices taking turns in a fixed pattern. */
    private static List<double[]> turns(int n, int speakers, int[] truth, long seed) {
        Random r = new Random(seed);
        double[][] centre = new double[speakers][12];
        for (double[] c : centre) {
            for (int i = 0; i < c.length; i++) {
                c[i] = 3 * r.nextGaussian();
            }
        }
        List<double[]> xs = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            truth[t] = (t / 3 + t % 2) % speakers;
            double[] v = centre[truth[t]].clone();
            for (int i = 0; i < v.length; i++) {
                v[i] += r.nextGaussian();
            }
            xs.add(v);
        }
        return xs;
    }

    @Test
    void separatedVoicesAreFoundAndNumberedByFirstAppearance() {
        int[] truth = new int[60];
        List<double[]> xs = turns(60, 3, truth, 1);
        int[] got = SpeakerClusterer.cluster(xs, 3);
        assertEquals(0, got[0], "who speaks first is speaker 0");
        // Same partition as the truth, renamed in order of first appearance.
        int[] rename = {-1, -1, -1};
        int next = 0;
        for (int i = 0; i < truth.length; i++) {
            if (rename[truth[i]] < 0) {
                rename[truth[i]] = next++;
            }
        }
        int[] expected = Arrays.stream(truth).map(t -> rename[t]).toArray();
        assertArrayEquals(expected, got);
    }

    @Test
    void longCallsAreClusteredFromASampleAndStillRight() {
        int n = SpeakerClusterer.MAX_AGGLOMERATED * 3 + 7;
        int[] truth = new int[n];
        int[] got = SpeakerClusterer.cluster(turns(n, 2, truth, 2), 2);
        int agree = 0;
        for (int i = 0; i < n; i++) {
            agree += got[i] == truth[i] ? 1 : 0;
        }
        assertEquals(n, Math.max(agree, n - agree), "every turn of a long call with two clear voices");
    }

    @Test
    void segmentsWithoutVoiceprintFollowTheirNearestNeighbourInTime() {
        int[] truth = new int[12];
        List<double[]> xs = turns(12, 2, truth, 3);
        int[] full = SpeakerClusterer.cluster(xs, 2);
        xs.set(5, null);
        xs.set(11, null);
        int[] got = SpeakerClusterer.cluster(xs, 2);
        assertEquals(got[4], got[5], "ties go to the earlier neighbour");
        assertEquals(got[10], got[11]);
        for (int i : new int[] {0, 1, 2, 3, 4, 6, 7, 8, 9, 10}) {
            assertEquals(full[i], got[i], "segment " + i);
        }
        List<double[]> none = new ArrayList<>();
        none.add(null);
        none.add(null);
        assertArrayEquals(new int[] {0, 0}, SpeakerClusterer.cluster(none, 2), "no voiceprint at all: one speaker");
    }
}
