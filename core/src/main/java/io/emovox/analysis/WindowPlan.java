package io.emovox.analysis;

/**
 * How a stretch of {@code length} samples is cut into model windows of at most {@code window}
 * samples overlapping by about {@code overlap}. Window starts are multiples of {@code align}
 * (320 samples = one emotion2vec frame) so every window's frames fall on one global frame grid.
 * The last window ends exactly at the end of the stretch.
 *
 * <p>Each sample (and frame) is owned by the window whose centre is nearest: ownership changes
 * halfway between consecutive centres. Owned lengths are the weights of the utterance
 * aggregation ({@link #weight}), and frames are stitched from their owning window, where they are
 * most central. Made by {@link ClipScorer}, the one place that decides the window and overlap.
 */
public final class WindowPlan {
    private final long[] starts;
    private final long[] ends;
    private final long[] ownedFrom;
    private final long[] ownedTo;

    private WindowPlan(long[] starts, long[] ends) {
        this.starts = starts;
        this.ends = ends;
        int n = starts.length;
        ownedFrom = new long[n];
        ownedTo = new long[n];
        for (int w = 0; w < n; w++) {
            ownedFrom[w] = w == 0 ? 0 : (centreTwice(w - 1) + centreTwice(w)) / 4;
            ownedTo[w] = w == n - 1 ? ends[n - 1] : (centreTwice(w) + centreTwice(w + 1)) / 4;
        }
    }

    private long centreTwice(int w) {
        return starts[w] + ends[w];
    }

    static WindowPlan of(long length, int window, int overlap, int align) {
        if (length <= 0 || window <= 0 || align <= 0) {
            throw new IllegalArgumentException("A window plan needs positive length, window and alignment, got "
                    + length + ", " + window + ", " + align + ".");
        }
        if (length <= window) {
            return new WindowPlan(new long[] {0}, new long[] {length});
        }
        int hop = Math.max(align, ((window - Math.min(overlap, window / 2)) / align) * align);
        long lastStart = ((length - window + align - 1) / align) * align;
        int n = (int) ((lastStart + hop - 1) / hop) + 1;
        long[] s = new long[n];
        long[] e = new long[n];
        for (int w = 0; w < n - 1; w++) {
            s[w] = (long) w * hop;
            e[w] = s[w] + window;
        }
        s[n - 1] = lastStart;
        e[n - 1] = length;
        return new WindowPlan(s, e);
    }

    /** Number of windows. */
    public int size() {
        return starts.length;
    }

    /** First sample of window w, from the start of the stretch. */
    public long start(int w) {
        return starts[w];
    }

    /** End (exclusive) of window w. */
    public long end(int w) {
        return ends[w];
    }

    /** Weight of window w in the utterance: the samples it owns (1 for a single window). */
    public double weight(int w) {
        return starts.length == 1 ? 1 : ownedTo[w] - ownedFrom[w];
    }

    /** First sample owned by window w. */
    long ownedFrom(int w) {
        return ownedFrom[w];
    }

    /** End (exclusive) of the samples owned by window w. */
    long ownedTo(int w) {
        return ownedTo[w];
    }
}
