package io.emovox.speakers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Groups speech segments into a given number of speakers by their voiceprints: average-linkage
 * agglomerative clustering on cosine distance, refined by k-means, after removing the
 * recording's mean voiceprint (what all its speakers share: channel, microphone, room). Segments
 * without a voiceprint (too short) join the speaker of the nearest segment in time that has one.
 */
public final class SpeakerClusterer {
    /**
     * Agglomeration costs O(n^2) memory and O(n^3) time (2,000 segments: 8 s); above this many
     * voiceprints an evenly spaced sample is agglomerated and k-means places the rest, so a call
     * of any length stays within about 12 MB and a few seconds.
     */
    static final int MAX_AGGLOMERATED = 1200;

    private SpeakerClusterer() {}

    /**
     * @param voiceprints one per segment, in time order; null where the segment is too short
     * @param speakers    how many speakers to form (fewer when there are fewer voiceprints)
     * @return a speaker index per segment, numbered by first appearance (0 speaks first)
     */
    public static int[] cluster(List<double[]> voiceprints, int speakers) {
        List<Integer> withPrint = new ArrayList<>();
        for (int i = 0; i < voiceprints.size(); i++) {
            if (voiceprints.get(i) != null) {
                withPrint.add(i);
            }
        }
        int[] labels = new int[voiceprints.size()];
        if (withPrint.isEmpty()) {
            return labels; // nothing to tell apart: one speaker
        }
        List<double[]> xs = centredUnitVectors(withPrint.stream().map(voiceprints::get).toList());
        int[] groups = refine(xs, start(xs, speakers));
        for (int k = 0; k < withPrint.size(); k++) {
            labels[withPrint.get(k)] = groups[k];
        }
        for (int i = 0; i < labels.length; i++) {
            if (voiceprints.get(i) == null) {
                labels[i] = labels[nearest(withPrint, i)];
            }
        }
        return byFirstAppearance(labels);
    }

    /** Agglomerative labels for all, or for an evenly spaced sample with the rest labelled as
     *  the sampled voiceprint just before them in time (k-means then moves what is wrong). */
    private static int[] start(List<double[]> xs, int speakers) {
        int n = xs.size();
        if (n <= MAX_AGGLOMERATED) {
            return averageLinkage(xs, speakers);
        }
        List<double[]> sample = new ArrayList<>();
        int[] sampleOf = new int[n];
        for (int s = 0; s < MAX_AGGLOMERATED; s++) {
            sample.add(xs.get((int) ((long) s * n / MAX_AGGLOMERATED)));
        }
        for (int i = 0; i < n; i++) {
            sampleOf[i] = (int) ((long) i * MAX_AGGLOMERATED / n);
        }
        int[] sampled = averageLinkage(sample, speakers);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = sampled[sampleOf[i]];
        }
        return labels;
    }

    /**
     * Moves each voiceprint to the speaker whose mean direction is closest (k-means on the
     * sphere, from the agglomerative start) until nothing moves: agglomeration never revisits an
     * early merge, and a turn that went wrong early stays wrong without this.
     */
    private static int[] refine(List<double[]> xs, int[] start) {
        int[] labels = start.clone();
        int d = xs.get(0).length;
        int k = Arrays.stream(labels).max().orElse(0) + 1;
        for (int iteration = 0; iteration < 20; iteration++) {
            double[][] centre = new double[k][d];
            for (int i = 0; i < xs.size(); i++) {
                for (int c = 0; c < d; c++) {
                    centre[labels[i]][c] += xs.get(i)[c];
                }
            }
            boolean moved = false;
            for (int i = 0; i < xs.size(); i++) {
                int best = labels[i];
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int g = 0; g < k; g++) {
                    double dot = 0;
                    double norm = 0;
                    for (int c = 0; c < d; c++) {
                        dot += centre[g][c] * xs.get(i)[c];
                        norm += centre[g][c] * centre[g][c];
                    }
                    double score = norm > 0 ? dot / Math.sqrt(norm) : Double.NEGATIVE_INFINITY;
                    if (score > bestScore) {
                        bestScore = score;
                        best = g;
                    }
                }
                moved |= best != labels[i];
                labels[i] = best;
            }
            if (!moved) {
                break;
            }
        }
        return labels;
    }

    private static int nearest(List<Integer> withPrint, int i) {
        int best = withPrint.get(0);
        for (int j : withPrint) {
            if (Math.abs(j - i) < Math.abs(best - i)) {
                best = j;
            }
        }
        return best;
    }

    private static List<double[]> centredUnitVectors(List<double[]> xs) {
        int d = xs.get(0).length;
        double[] mean = new double[d];
        for (double[] x : xs) {
            for (int i = 0; i < d; i++) {
                mean[i] += x[i] / xs.size();
            }
        }
        List<double[]> out = new ArrayList<>();
        for (double[] x : xs) {
            double[] c = new double[d];
            double norm = 0;
            for (int i = 0; i < d; i++) {
                c[i] = x[i] - mean[i];
                norm += c[i] * c[i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < d; i++) {
                c[i] = norm > 0 ? c[i] / norm : 0;
            }
            out.add(c);
        }
        return out;
    }

    private static int[] averageLinkage(List<double[]> xs, int k) {
        int n = xs.size();
        double[][] dist = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dot = 0;
                for (int c = 0; c < xs.get(i).length; c++) {
                    dot += xs.get(i)[c] * xs.get(j)[c];
                }
                dist[i][j] = dist[j][i] = 1 - dot;
            }
        }
        // Lance-Williams: the distance of a merged cluster to another is the size-weighted mean
        // of its parts' distances, so each merge costs O(n) and the whole run O(n^2) memory.
        int[] size = new int[n];
        int[] parent = new int[n];
        boolean[] alive = new boolean[n];
        for (int i = 0; i < n; i++) {
            size[i] = 1;
            parent[i] = i;
            alive[i] = true;
        }
        for (int left = n; left > Math.max(1, k); left--) {
            double best = Double.POSITIVE_INFINITY;
            int bi = -1;
            int bj = -1;
            for (int i = 0; i < n; i++) {
                if (!alive[i]) {
                    continue;
                }
                for (int j = i + 1; j < n; j++) {
                    if (alive[j] && dist[i][j] < best) {
                        best = dist[i][j];
                        bi = i;
                        bj = j;
                    }
                }
            }
            for (int m = 0; m < n; m++) {
                if (alive[m] && m != bi && m != bj) {
                    double d = (size[bi] * dist[bi][m] + size[bj] * dist[bj][m]) / (size[bi] + size[bj]);
                    dist[bi][m] = dist[m][bi] = d;
                }
            }
            size[bi] += size[bj];
            alive[bj] = false;
            for (int m = 0; m < n; m++) {
                if (parent[m] == bj) {
                    parent[m] = bi;
                }
            }
        }
        return byFirstAppearance(parent);
    }

    private static int[] byFirstAppearance(int[] labels) {
        int[] rename = new int[labels.length + 1];
        Arrays.fill(rename, -1);
        int next = 0;
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (rename[labels[i]] < 0) {
                rename[labels[i]] = next++;
            }
            out[i] = rename[labels[i]];
        }
        return out;
    }
}
