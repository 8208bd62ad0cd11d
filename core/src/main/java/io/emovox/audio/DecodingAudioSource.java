package io.emovox.audio;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Streams one decoded input as 16 kHz mono: FFmpeg decodes and {@link FfmpegAudioReader} downmixes
 * on a {@link DecodeAhead} thread, {@link Resampler} changes the rate on the caller's. Memory stays
 * bounded by the decode-ahead queue ({@link DecodeAhead#QUEUE_BLOCKS} FFmpeg blocks) plus the filter.
 * Enforces the duration limit while reading and, at the end, reports a file that stops before its
 * declared duration as truncated. Owns the reader and an optional temporary file, both released by
 * {@link #close()}.
 */
final class DecodingAudioSource implements AudioSource {

    /** Missing audio tolerated before a declared duration counts as truncated: max(0.25 s, 2 %). */
    private static final double TRUNCATION_SLACK_SECONDS = 0.25;
    private static final double TRUNCATION_SLACK_FRACTION = 0.02;

    private final FfmpegAudioReader reader;
    private final DecodeAhead ahead;
    private final AudioLimits limits;
    private final Path ownedTempFile;
    private Resampler resampler;
    private float[] pending = new float[0];
    private int pendingPos;
    private int pendingLen;
    private long produced;
    private double decodedSeconds; // native-rate time decoded, summed over rate changes
    private boolean ended;
    private boolean closed;

    DecodingAudioSource(FfmpegAudioReader reader, AudioLimits limits, Path ownedTempFile) {
        this.reader = reader;
        this.limits = limits;
        this.ownedTempFile = ownedTempFile;
        // Refuse early only on a declared duration; one estimated from the bit rate may be far off.
        double declared = reader.declaredDurationSeconds();
        if (declared > limits.maxDurationSeconds()) {
            throw tooLong(declared);
        }
        this.ahead = new DecodeAhead(reader);
    }

    @Override
    public SourceInfo info() {
        return reader.info();
    }

    @Override
    public int read(float[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IllegalStateException("This audio source is closed.");
        }
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len == 0) {
            return 0;
        }
        while (pendingLen == 0) {
            if (ended) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, pendingLen);
        System.arraycopy(pending, pendingPos, buf, off, n);
        pendingPos += n;
        pendingLen -= n;
        return n;
    }

    /** Decodes one more block (or finishes the stream) into {@link #pending}. */
    private void fill() {
        pendingPos = 0;
        pendingLen = 0;
        DecodeAhead.Block block = ahead.next();
        if (block == null) {
            if (resampler != null) {
                append(resampler.flush());
                resampler = null;
            }
            ended = true;
            checkNotTruncated();
            return;
        }
        int n = block.length();
        int rate = block.sampleRate();
        if (resampler == null || resampler.inputRate() != rate) {
            if (resampler != null) {
                append(resampler.flush()); // the stream changed its rate mid-way: finish the old segment
            }
            resampler = new Resampler(rate);
        }
        decodedSeconds += n / (double) rate;
        int from = pendingLen;
        ensurePending(pendingLen + resampler.maxOutput(n));
        pendingLen += resampler.process(block.samples(), 0, n, pending, pendingLen);
        finishBlock(from);
    }

    private void append(float[] tail) {
        int from = pendingLen;
        ensurePending(pendingLen + tail.length);
        System.arraycopy(tail, 0, pending, pendingLen, tail.length);
        pendingLen += tail.length;
        finishBlock(from);
    }

    /** Clamps and counts the samples added to {@link #pending} from index {@code from}. */
    private void finishBlock(int from) {
        // The filter may overshoot full scale slightly; the internal format promises [-1, 1].
        float[] p = pending;
        for (int i = from; i < pendingLen; i++) {
            float v = p[i];
            if (v > 1f) {
                p[i] = 1f;
            } else if (v < -1f) {
                p[i] = -1f;
            }
        }
        produced += pendingLen - from;
        if (produced > limits.maxSamples16k()) {
            throw tooLong(-1);
        }
    }

    private void ensurePending(int size) {
        if (pending.length < size) {
            float[] bigger = new float[Math.max(size, pending.length * 2)];
            System.arraycopy(pending, 0, bigger, 0, pendingLen);
            pending = bigger;
        }
    }

    private void checkNotTruncated() {
        double declared = reader.reliableDurationSeconds();
        if (declared <= 0) {
            return;
        }
        double missing = declared - decodedSeconds;
        if (missing > Math.max(TRUNCATION_SLACK_SECONDS, TRUNCATION_SLACK_FRACTION * declared)) {
            throw new EmovoxException(ErrorKind.CORRUPT_INPUT, String.format(Locale.ROOT,
                    "%s is truncated or damaged: its header declares %.2f s of audio but only %.2f s could be"
                            + " decoded. Re-export or re-download the complete file.",
                    reader.info().name(), declared, decodedSeconds));
        }
    }

    private EmovoxException tooLong(double declaredSeconds) {
        return limits.tooLong(reader.info().name(), declaredSeconds);
    }

    /** 16 kHz samples handed out or pending so far. */
    long producedSamples() {
        return produced;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        ahead.stop(); // the reader must not be closed under the decoding thread
        try {
            reader.close();
        } finally {
            if (ownedTempFile != null) {
                Files.deleteIfExists(ownedTempFile);
            }
        }
    }
}
