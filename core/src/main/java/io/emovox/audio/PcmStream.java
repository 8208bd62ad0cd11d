package io.emovox.audio;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Live 16-bit PCM from a stream that may never end (a microphone pipe such as
 * {@code arecord -t wav}, {@code sox -t wav -}, {@code ffmpeg -f wav -}): decoded as it arrives,
 * unlike {@link AudioDecoder}, which needs the whole input. Gives 16 kHz mono floats: channels
 * averaged (the documented mono rule), other rates resampled by {@link Resampler}. Takes WAV
 * (a RIFF header, then PCM; a data size of 0 or 0xFFFFFFFF means "until the stream ends") or raw
 * signed 16-bit little-endian samples.
 */
public final class PcmStream implements AutoCloseable {
    private static final int READ_BYTES = 8192;

    private final InputStream in;
    private final int channels;
    private final Resampler resampler;
    private final byte[] bytes = new byte[READ_BYTES];
    private long bytesLeft; // of the WAV data chunk; Long.MAX_VALUE when unbounded
    private int carried;    // bytes of an incomplete frame kept from the last read
    private boolean ended;
    private volatile boolean closed;

    private PcmStream(InputStream in, int rate, int channels, long dataBytes) {
        this.in = in;
        this.channels = channels;
        this.resampler = new Resampler(rate);
        this.bytesLeft = dataBytes;
    }

    /** Raw signed 16-bit little-endian PCM at {@code rate} Hz with {@code channels} interleaved channels. */
    public static PcmStream raw(InputStream in, int rate, int channels) {
        if (rate < 1000 || rate > 384_000 || channels < 1 || channels > 64) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Raw PCM needs a rate of 1,000-384,000 Hz and "
                    + "1-64 channels, got " + rate + " Hz and " + channels + ".");
        }
        return new PcmStream(in, rate, channels, Long.MAX_VALUE);
    }

    /**
     * A WAV stream: reads its header now (blocking until it arrives).
     *
     * @throws EmovoxException NOT_AUDIO when it is not WAV, UNSUPPORTED_FORMAT for non-16-bit PCM
     */
    public static PcmStream wav(InputStream in) {
        DataInputStream d = new DataInputStream(in);
        try {
            byte[] id = new byte[4];
            d.readFully(id);
            if (!new String(id, java.nio.charset.StandardCharsets.US_ASCII).equals("RIFF")) {
                throw new EmovoxException(ErrorKind.NOT_AUDIO, "The live stream is not WAV (no RIFF header). Send "
                        + "WAV (arecord -t wav, sox -t wav -, ffmpeg -f wav -) or raw 16-bit PCM with --raw.");
            }
            d.readInt();
            d.readFully(id);
            int format = -1;
            int channels = 0;
            int rate = 0;
            int bits = 0;
            while (true) {
                d.readFully(id);
                String chunk = new String(id, java.nio.charset.StandardCharsets.US_ASCII);
                long size = Integer.toUnsignedLong(Integer.reverseBytes(d.readInt()));
                if (chunk.equals("fmt ")) {
                    byte[] f = new byte[(int) Math.min(size, 1 << 16)];
                    d.readFully(f);
                    skip(d, size - f.length + (size & 1));
                    ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
                    format = b.getShort(0) & 0xffff;
                    channels = b.getShort(2) & 0xffff;
                    rate = b.getInt(4);
                    bits = b.getShort(14) & 0xffff;
                    if (format == 0xFFFE && f.length >= 26) {
                        format = b.getShort(24) & 0xffff; // WAVE_FORMAT_EXTENSIBLE: the sub-format's tag
                    }
                } else if (chunk.equals("data")) {
                    if (format != 1 || bits != 16) {
                        throw new EmovoxException(ErrorKind.UNSUPPORTED_FORMAT, "The live WAV stream holds "
                                + (format == 1 ? bits + "-bit PCM" : "format " + format) + "; live input takes 16-bit "
                                + "PCM (arecord -f S16_LE, sox -b 16, ffmpeg -c:a pcm_s16le).");
                    }
                    PcmStream s = raw(in, rate, channels);
                    s.bytesLeft = size == 0 || size == 0xFFFFFFFFL ? Long.MAX_VALUE : size;
                    return s;
                } else {
                    skip(d, size + (size & 1));
                }
            }
        } catch (EOFException e) {
            throw new EmovoxException(ErrorKind.CORRUPT_INPUT, "The live WAV stream ended inside its header.", e);
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot read the live stream: " + e.getMessage(), e);
        }
    }

    private static void skip(DataInputStream d, long n) throws IOException {
        for (long left = n; left > 0; ) {
            int s = d.skipBytes((int) Math.min(left, Integer.MAX_VALUE));
            if (s <= 0) {
                d.readByte();
                s = 1;
            }
            left -= s;
        }
    }

    /**
     * The next 16 kHz mono samples, blocking until some input arrives.
     *
     * @return the samples (possibly none while the resampler fills), or null once the stream ended
     */
    public float[] read() {
        if (ended) {
            return null;
        }
        int want = (int) Math.min(READ_BYTES - carried, bytesLeft);
        int n;
        try {
            n = want <= 0 || closed ? -1 : in.read(bytes, carried, want);
        } catch (IOException e) {
            if (!closed) {
                throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot read the live stream: " + e.getMessage(), e);
            }
            n = -1; // closed from another thread (Ctrl-C): the end of the stream
        }
        if (n < 0) {
            ended = true;
            return resampler.flush();
        }
        bytesLeft -= n;
        int have = carried + n;
        int frameBytes = 2 * channels;
        int frames = have / frameBytes;
        float[] mono = new float[frames];
        for (int f = 0; f < frames; f++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) {
                int i = f * frameBytes + 2 * c;
                sum += (short) ((bytes[i] & 0xff) | (bytes[i + 1] << 8)) / 32768f;
            }
            mono[f] = sum / channels;
        }
        carried = have - frames * frameBytes;
        System.arraycopy(bytes, frames * frameBytes, bytes, 0, carried);
        return resampler.process(mono, 0, frames);
    }

    /** Closes the input; a read blocked in another thread then ends the stream (safe from any thread). */
    @Override
    public void close() {
        closed = true;
        try {
            in.close();
        } catch (IOException e) {
            // nothing more to read either way
        }
    }
}
