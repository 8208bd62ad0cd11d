package io.emovox.audio.vad;

import io.emovox.audio.AudioFormat16k;
import java.util.function.Consumer;

/**
 * Turns a stream of per-window speech probabilities into padded speech segments, the rules of
 * {@link VadOptions}. Pure Java, no model: fed one probability per 512-sample window, it emits
 * each segment as soon as its padding is settled (that is, once the next segment cannot come
 * closer than twice the padding). Memory is bounded by {@code maxSegmentSeconds}: only the
 * probabilities of the open segment are kept, to choose where to split it.
 *
 * <p>Not thread-safe; one tracker per stream.
 */
final class SegmentTracker {
    private static final int W = SileroRunner.WINDOW;

    private final double threshold;
    private final double negThreshold;
    private final long minSpeech;
    private final long minSilence;
    private final long pad;
    private final long maxRaw;
    private final Consumer<SpeechSegment> sink;

    /** Probabilities of the open segment's windows, from {@link #speechStart} on. */
    private final float[] open;
    private int openCount;

    private long windows;
    private long samplesSeen;
    private boolean triggered;
    private long speechStart;
    /** Start of the current run of silent windows inside the open segment, or -1. */
    private long silenceStart = -1;

    /** A finished segment whose start is padded but whose end waits for the next segment. */
    private boolean hasPending;
    private long pendingStart;
    private long pendingEnd;

    private double probabilitySum;
    private long speechSamples;
    private int segments;
    private boolean finished;

    SegmentTracker(VadOptions options, Consumer<SpeechSegment> sink) {
        this.threshold = options.threshold();
        this.negThreshold = options.negThreshold();
        this.minSpeech = AudioFormat16k.samples(options.minSpeechMs() / 1000.0);
        this.minSilence = AudioFormat16k.samples(options.minSilenceMs() / 1000.0);
        this.pad = AudioFormat16k.samples(options.speechPadMs() / 1000.0);
        this.maxRaw = AudioFormat16k.samples(options.maxSegmentSeconds()) - 2 * pad;
        this.open = new float[(int) (maxRaw / W) + 2];
        this.sink = sink;
    }

    /** Takes the speech probability of the next full 512-sample window. */
    void accept(float p) {
        accept(p, W);
    }

    /**
     * Takes the speech probability of the next window.
     *
     * @param samples how many of the window's 512 samples are input (fewer only in the last one,
     *                which was zero-padded)
     */
    void accept(float p, int samples) {
        if (finished) {
            throw new IllegalStateException("This voice activity tracker has already finished.");
        }
        long pos = windows * W;
        windows++;
        samplesSeen = pos + samples;
        probabilitySum += p;
        if (!triggered) {
            if (p >= threshold) {
                triggered = true;
                speechStart = pos;
                silenceStart = -1;
                openCount = 0;
                open[openCount++] = p;
            }
            flushPendingIfSettled(triggered ? speechStart : pos + W);
            return;
        }
        open[openCount++] = p;
        if (p >= threshold) {
            silenceStart = -1;
        } else if (p < negThreshold) {
            if (silenceStart < 0) {
                silenceStart = pos;
            }
            if (pos + W - silenceStart >= minSilence) {
                triggered = false;
                closeSegment(speechStart, silenceStart, false);
                silenceStart = -1;
                flushPendingIfSettled(pos + W);
                return;
            }
        }
        if (pos + W - speechStart > maxRaw) {
            split();
        }
        flushPendingIfSettled(speechStart);
    }

    /**
     * Ends the stream.
     *
     * @param totalSamples the input's length in samples (its last window may have been zero-padded)
     */
    VadSummary finish(long totalSamples) {
        if (finished) {
            throw new IllegalStateException("This voice activity tracker has already finished.");
        }
        finished = true;
        if (triggered) {
            long end = silenceStart >= 0 ? silenceStart : totalSamples;
            closeSegment(speechStart, Math.min(end, totalSamples), false);
        }
        if (hasPending) {
            emit(pendingStart, Math.min(totalSamples, pendingEnd + pad));
        }
        double total = AudioFormat16k.seconds(totalSamples);
        double speech = AudioFormat16k.seconds(speechSamples);
        return new VadSummary(speech, total, totalSamples == 0 ? 0 : speech / total,
                windows == 0 ? 0 : probabilitySum / windows, segments);
    }

    /**
     * Splits the open segment, which has reached the longest allowed length, at the longest run of
     * silent windows in its second half, or else at its lowest-probability window there; the part
     * before the split is closed, the rest stays open.
     */
    private void split() {
        int from = openCount / 2;
        int bestRunStart = -1;
        int bestRunLength = 0;
        int runStart = -1;
        int lowest = from;
        for (int k = from; k < openCount; k++) {
            float p = open[k];
            if (p <= open[lowest]) {
                lowest = k;
            }
            if (p < negThreshold) {
                if (runStart < 0) {
                    runStart = k;
                }
                int length = k + 1 - runStart;
                if (length >= bestRunLength) {
                    bestRunStart = runStart;
                    bestRunLength = length;
                }
            } else {
                runStart = -1;
            }
        }
        int cutEnd = bestRunLength > 0 ? bestRunStart : lowest;
        int restStart = bestRunLength > 0 ? bestRunStart + bestRunLength : lowest;
        closeSegment(speechStart, speechStart + (long) cutEnd * W, true);
        if (restStart >= openCount) {
            // The pause runs up to now: wait for speech to open the next segment.
            triggered = false;
            silenceStart = -1;
            return;
        }
        System.arraycopy(open, restStart, open, 0, openCount - restStart);
        openCount -= restStart;
        speechStart += (long) restStart * W;
        if (silenceStart >= 0 && silenceStart < speechStart) {
            silenceStart = speechStart;
        }
    }

    private void closeSegment(long start, long end, boolean splitPiece) {
        if (end <= start || (!splitPiece && end - start < minSpeech)) {
            return;
        }
        if (hasPending) {
            long gap = start - pendingEnd;
            long share = gap < 2 * pad ? gap / 2 : pad;
            emit(pendingStart, pendingEnd + share);
            pendingStart = start - share;
        } else {
            pendingStart = Math.max(0, start - pad);
        }
        pendingEnd = end;
        hasPending = true;
    }

    /** Emits the pending segment once no later segment can start within twice the padding. */
    private void flushPendingIfSettled(long earliestNextStart) {
        if (hasPending && earliestNextStart - pendingEnd >= 2 * pad) {
            emit(pendingStart, Math.min(samplesSeen, pendingEnd + pad));
        }
    }

    private void emit(long start, long end) {
        hasPending = false;
        segments++;
        speechSamples += end - start;
        sink.accept(new SpeechSegment(AudioFormat16k.seconds(start), AudioFormat16k.seconds(end)));
    }
}
