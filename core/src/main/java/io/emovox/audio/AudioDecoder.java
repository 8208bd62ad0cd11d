package io.emovox.audio;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.Sizes;
import io.emovox.files.FileTrees;
import io.emovox.files.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Turns any supported input into the internal format (16 kHz mono float in [-1, 1]): FFmpeg
 * demuxes and decodes, samples are converted to float, downmixed per {@link Channels}, then
 * resampled by {@link Resampler} (never by FFmpeg).
 *
 * <p>Formats: wav (PCM 8/16/24/32-bit, float, A-law, µ-law), mp3, m4a/aac, flac, ogg/vorbis, opus,
 * webm, the audio track of mp4/mkv/mov, and other self-contained containers on
 * {@link DemuxerPolicy}'s allow-list. Playlists and file lists are refused, and FFmpeg may not
 * open any other file or URL from inside an input.
 *
 * <p>Errors are {@link EmovoxException}s whose message names the problem and what to do:
 * {@code NOT_FOUND}, {@code EMPTY_INPUT}, {@code NOT_AUDIO}, {@code CORRUPT_INPUT} (damaged or truncated),
 * {@code UNSUPPORTED_FORMAT}, {@code TOO_LARGE}, {@code TOO_LONG}, {@code IO_ERROR}; whole-clip
 * decoding also reports {@code TOO_SHORT} (under 400 samples = 25 ms) and {@code SILENCE_ONLY}.
 *
 * <p>Thread-safe and cheap: it holds only its limits; every call opens its own FFmpeg context.
 *
 * <p>Basic usage:
 * <pre>{@code
 * AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULT);
 * Audio clip = decoder.decode(Path.of("call.m4a"));               // whole clip, channels mixed
 * try (AudioSource s = decoder.open(Path.of("hour.mp3"), Channels.only(1))) {
 *     float[] block = new float[16_000];
 *     for (int n; (n = s.read(block, 0, block.length)) >= 0; ) { ... }
 * }
 * }</pre>
 */
public final class AudioDecoder {

    private static final int SNIFF_BYTES = 1 << 20;
    private static final long INITIAL_CAPACITY_CAP = 600L * AudioFormat16k.SAMPLE_RATE;

    private final AudioLimits limits;

    public AudioDecoder() {
        this(AudioLimits.DEFAULT);
    }

    public AudioDecoder(AudioLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public AudioLimits limits() {
        return limits;
    }

    /** Decodes a whole file, channels mixed ({@link Channels#MIX}). */
    public Audio decode(Path file) {
        return decode(file, Channels.MIX);
    }

    /** Decodes a whole file. */
    public Audio decode(Path file, Channels channels) {
        return readAll(openSource(file, fileName(file), channels, null));
    }

    /** Decodes a whole clip held in memory; {@code name} is used in messages and {@link SourceInfo}. */
    public Audio decode(byte[] data, String name, Channels channels) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(channels, "channels");
        String display = displayName(name);
        checkSize(data.length, display);
        if (DemuxerPolicy.looksLikePlaylist(data, Math.min(data.length, 64))) {
            throw DemuxerPolicy.playlistRefused(display);
        }
        FfmpegAudioReader reader = openReader(() -> FfmpegAudioReader.open(data, display, channels), data,
                data.length, display, data.length);
        return readAll(sourceOf(reader, null));
    }

    /**
     * Decodes a whole clip read from a stream (which is read to its end but not closed). The bytes
     * are spooled to a temporary file, deleted afterwards, so formats that need seeking work.
     */
    public Audio decode(InputStream in, String name, Channels channels) {
        return readAll(open(in, name, channels));
    }

    /** Reads what a file is (container, codec, rate, channels, declared duration) without decoding it. */
    public SourceInfo probe(Path file) {
        return probe(file, fileName(file));
    }

    /**
     * {@link #probe(Path)} for a file stored under another name (an upload): errors name it by
     * {@code name}, the name its sender knows. The limits apply as when it is opened: its size, and
     * the duration its container declares (TOO_LONG), so a caller learns before decoding.
     */
    public SourceInfo probe(Path file, String name) {
        try (FfmpegAudioReader reader = openFileReader(file, displayName(name), Channels.MIX)) {
            if (reader.declaredDurationSeconds() > limits.maxDurationSeconds()) {
                throw limits.tooLong(displayName(name), reader.declaredDurationSeconds());
            }
            return reader.info();
        }
    }

    /**
     * Opens a file for streaming in bounded memory (hour-long inputs). The caller closes the
     * source. Decoding runs one second ahead on a background thread (at most a few seconds
     * queued), so it overlaps with the caller's own work. The size and declared-duration limits are checked here, the
     * duration limit again while reading; a truncated file is reported when its end is reached. Too-short and
     * silence checks are left to the consumer.
     */
    public AudioSource open(Path file, Channels channels) {
        return new PrefetchingAudioSource(openSource(file, fileName(file), channels, null));
    }

    /**
     * Opens a stream for streaming decoding: the stream is first copied to a temporary file
     * (bounded by the size limit, deleted when the source is closed), so any container works.
     */
    public AudioSource open(InputStream in, String name, Channels channels) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(channels, "channels");
        Path temp = spool(in, displayName(name));
        try {
            return new PrefetchingAudioSource(openSource(temp, displayName(name), channels, temp));
        } catch (RuntimeException e) {
            FileTrees.deleteQuietly(temp);
            throw e;
        }
    }

    private DecodingAudioSource openSource(Path file, String name, Channels channels, Path ownedTemp) {
        return sourceOf(openFileReader(file, name, channels), ownedTemp);
    }

    private DecodingAudioSource sourceOf(FfmpegAudioReader reader, Path ownedTemp) {
        try {
            return new DecodingAudioSource(reader, limits, ownedTemp);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Opens a file after the checks FFmpeg should never see: existence, size, playlists. */
    private FfmpegAudioReader openFileReader(Path file, String name, Channels channels) {
        Objects.requireNonNull(channels, "channels");
        long size;
        try {
            if (Files.isDirectory(file)) {
                throw new EmovoxException(ErrorKind.INVALID_ARGUMENT,
                        name + " is a folder, not an audio file. Pass a file.");
            }
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, name + " is not a regular file (a device or"
                        + " pipe?). Pass an audio file, or stream the data to the decoder instead.");
            }
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new EmovoxException(ErrorKind.NOT_FOUND,
                    file + " not found: no such file or folder. Check the path.", e);
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, file + " could not be read (" + e.getMessage()
                    + "). Check that it exists and is readable.", e);
        }
        checkSize(size, name);
        byte[] head = readHead(file, name);
        if (DemuxerPolicy.looksLikePlaylist(head, Math.min(head.length, 64))) {
            throw DemuxerPolicy.playlistRefused(name);
        }
        return openReader(() -> FfmpegAudioReader.open(file, name, channels), head, head.length, name, size);
    }

    /**
     * Runs FFmpeg's open; when it fails, FFmpeg's own prober decides what the bytes were, so the
     * error says "not audio", "refused format" or "damaged" rather than a bare FFmpeg code.
     */
    private static FfmpegAudioReader openReader(Supplier<FfmpegAudioReader> opener, byte[] head, int headLen,
                                                String name, long totalSize) {
        try {
            FfmpegAudioReader reader = opener.get();
            if (reader.info().container().equals("wav")) {
                double declared = RiffHeader.declaredSecondsIfCut(head, Math.min(headLen, SNIFF_BYTES), totalSize);
                if (declared > 0) {
                    reader.declareDurationForTruncationCheck(declared);
                }
            }
            return reader;
        } catch (EmovoxException e) {
            if (e.kind() != ErrorKind.CORRUPT_INPUT) {
                throw e;
            }
            String demuxer = FormatSniffer.probe(head, Math.min(headLen, SNIFF_BYTES), name);
            if (demuxer == null) {
                throw new EmovoxException(ErrorKind.NOT_AUDIO, name + " is not audio: no audio or video format"
                        + " was recognised in it. Pass an audio file (wav, mp3, m4a, flac, ogg, opus, webm) or a"
                        + " video with sound.", e);
            }
            if (!DemuxerPolicy.allowed(demuxer)) {
                throw DemuxerPolicy.refused(name, demuxer);
            }
            throw e;
        }
    }

    private Audio readAll(AudioSource source) {
        String name = source.info().name();
        float[] buf;
        int n = 0;
        try (source) {
            double declared = source.info().durationSeconds();
            // Trust a declared duration for the first allocation only up to 10 minutes: a tiny
            // file claiming hours must not reserve a gigabyte before a sample is decoded.
            long guess = declared > 0 ? AudioFormat16k.samples(declared) + 1024 : 1 << 16;
            buf = new float[(int) Math.min(Math.min(guess, INITIAL_CAPACITY_CAP), limits.maxSamples16k() + 1024)];
            while (true) {
                if (n == buf.length) {
                    long bigger = Math.min((long) buf.length * 2, limits.maxSamples16k() + 1024L);
                    buf = Arrays.copyOf(buf, (int) Math.max(bigger, buf.length + 1024L));
                }
                int r = source.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, name + " could not be read (" + e.getMessage() + ").", e);
        }
        float[] samples = n == buf.length ? buf : Arrays.copyOf(buf, n);
        AudioChecks.requireLongEnough(name, n);
        AudioChecks.requireSound(name, n, AudioChecks.peak(samples));
        return new Audio(samples, source.info());
    }

    private void checkSize(long size, String name) {
        if (size == 0) {
            throw new EmovoxException(ErrorKind.EMPTY_INPUT,
                    name + " is empty (0 bytes). Pass a file that holds audio.");
        }
        if (size > limits.maxBytes()) {
            throw new EmovoxException(ErrorKind.TOO_LARGE, String.format(Locale.ROOT,
                    "%s is %s, over the size limit of %s. Cut it into parts or raise the size limit.",
                    name, Sizes.human(size), Sizes.human(limits.maxBytes())));
        }
    }

    private static byte[] readHead(Path file, String name) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(SNIFF_BYTES);
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, name + " could not be read (" + e.getMessage()
                    + "). Check that it is readable.", e);
        }
    }

    /** Copies a stream to a temporary file, enforcing the size limit as bytes arrive. */
    private Path spool(InputStream in, String name) {
        Path temp;
        try {
            temp = Files.createTempFile("emovox-input-", ".bin");
        } catch (IOException e) {
            throw IoErrors.writeFailed("A temporary copy of " + name, Path.of(System.getProperty("java.io.tmpdir")), e,
                    IoErrors.TEMP_ELSEWHERE);
        }
        copy(in, name, temp);
        return temp;
    }

    /**
     * Copies a stream (read to its end, not closed) to {@code file}, enforcing the size limit as
     * bytes arrive: for callers that open one input several times (an analysis by channel).
     * Nothing is left at {@code file} when it fails.
     *
     * @throws EmovoxException TOO_LARGE over the size limit, EMPTY_INPUT for no bytes, IO_ERROR
     *         when the stream cannot be read or the copy written (a full disk named as such)
     */
    public void copy(InputStream in, String name, Path file) {
        String display = displayName(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buf = new byte[1 << 16];
            long total = 0;
            for (int r; (r = in.read(buf)) >= 0; ) {
                total += r;
                if (total > limits.maxBytes()) {
                    throw new EmovoxException(ErrorKind.TOO_LARGE, String.format(Locale.ROOT,
                            "%s is over the size limit of %s. Cut it into parts or raise the size limit.",
                            display, Sizes.human(limits.maxBytes())));
                }
                out.write(buf, 0, r);
            }
            if (total == 0) {
                throw new EmovoxException(ErrorKind.EMPTY_INPUT, display + " is empty (0 bytes). Pass audio data.");
            }
        } catch (IOException e) {
            FileTrees.deleteQuietly(file);
            if (IoErrors.isDiskFull(e)) {
                throw IoErrors.writeFailed("A temporary copy of " + display, file.toAbsolutePath().getParent(), e,
                        IoErrors.TEMP_ELSEWHERE);
            }
            throw new EmovoxException(ErrorKind.IO_ERROR, display + " could not be read (" + e.getMessage() + ").", e);
        } catch (RuntimeException e) {
            FileTrees.deleteQuietly(file);
            throw e;
        }
    }

    private static String fileName(Path file) {
        Objects.requireNonNull(file, "file");
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }

    private static String displayName(String name) {
        return name == null || name.isBlank() ? "the input" : name;
    }
}
