package io.emovox.audio;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_DBL;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_DBLP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_U8;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_U8P;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import java.io.ByteArrayInputStream;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Demuxes and decodes one input with FFmpeg and hands out its audio as mono float at the input's
 * own sample rate (no resampling here). Owns its grabber: {@link #close()} releases it.
 *
 * <p>Security: files are opened through FFmpeg's {@code file} protocol only, byte arrays through
 * our own I/O callbacks with no protocol allowed; the demuxer must be on {@link DemuxerPolicy}'s
 * allow-list (enforced by FFmpeg's {@code format_whitelist} and checked again after opening).
 */
final class FfmpegAudioReader implements AutoCloseable {

    private static final double NO_DURATION = -1;
    private static final int AVFMT_DURATION_FROM_BITRATE = 2;

    private final FFmpegFrameGrabber grabber;
    private final Channels channels;
    private final SourceInfo info;
    private final boolean durationReliable;
    private double declaredOverride = NO_DURATION;
    private float[] mono = new float[0];
    private Object scratch;
    private int lastRate;
    private long decodedFrames; // native-rate sample frames decoded so far

    private FfmpegAudioReader(FFmpegFrameGrabber grabber, String name, Channels channels) {
        this.grabber = grabber;
        this.channels = channels;
        boolean started = false;
        try {
            grabber.setSampleMode(FrameGrabber.SampleMode.RAW); // our own conversion; no swresample
            grabber.setOption("format_whitelist", DemuxerPolicy.formatWhitelist());
            try {
                grabber.start();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw openFailure(name, e);
            }
            AVFormatContext fmt = grabber.getFormatContext();
            String demuxer = fmt.iformat().name().getString();
            if (!DemuxerPolicy.allowed(demuxer)) {
                throw DemuxerPolicy.refused(name, demuxer);
            }
            if (!grabber.hasAudio() || grabber.getAudioChannels() <= 0) {
                throw grabber.hasVideo()
                        ? new EmovoxException(ErrorKind.UNSUPPORTED_FORMAT, name
                                + " has no audio track (video only). Pass a file with sound.")
                        : new EmovoxException(ErrorKind.NOT_AUDIO, name
                                + " holds no audio stream. Pass an audio file (wav, mp3, m4a, flac, ogg, opus, webm).");
            }
            int format = grabber.getSampleFormat();
            if (format == avutil.AV_SAMPLE_FMT_S64 || format == avutil.AV_SAMPLE_FMT_S64P) {
                throw new EmovoxException(ErrorKind.UNSUPPORTED_FORMAT, name
                        + " holds 64-bit integer samples, which emovox cannot read. Convert it to 16- or 24-bit"
                        + " wav or flac and try again.");
            }
            int channelCount = grabber.getAudioChannels();
            if (!channels.isMix() && channels.index() >= channelCount) {
                throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Channel " + channels.index()
                        + " was asked for, but " + name + " has " + channelCount + " channel"
                        + (channelCount == 1 ? " (index 0)" : "s (0 to " + (channelCount - 1) + ")")
                        + ". Choose an existing channel or mix them.");
            }
            double seconds = audioStreamSeconds(fmt, grabber.getAudioStream());
            // The container's duration is the longest stream's: the audio's only when it is alone.
            boolean ownDuration = seconds > 0 || fmt.nb_streams() == 1;
            if (seconds < 0 && fmt.duration() != avutil.AV_NOPTS_VALUE && fmt.duration() > 0) {
                seconds = fmt.duration() / (double) avutil.AV_TIME_BASE;
            }
            // A duration estimated from the bit rate is a guess; only a declared one can prove truncation.
            durationReliable = seconds > 0 && ownDuration
                    && fmt.duration_estimation_method() != AVFMT_DURATION_FROM_BITRATE;
            String codec = avcodec.avcodec_get_name(grabber.getAudioCodec()).getString();
            info = new SourceInfo(name, demuxer, codec, grabber.getSampleRate(), channelCount, seconds);
            started = true;
        } finally {
            if (!started) {
                closeQuietly(grabber);
            }
        }
    }

    static FfmpegAudioReader open(Path file, String name, Channels channels) {
        FfmpegRuntime.ensureLoaded();
        FFmpegFrameGrabber g = new FFmpegFrameGrabber("file:" + file.toAbsolutePath());
        g.setOption("protocol_whitelist", "file");
        return new FfmpegAudioReader(g, name, channels);
    }

    static FfmpegAudioReader open(byte[] data, String name, Channels channels) {
        FfmpegRuntime.ensureLoaded();
        // maximumSize = the whole array, so FFmpeg may seek anywhere (m4a keeps its index at the end).
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(new ByteArrayInputStream(data), data.length);
        g.setOption("protocol_whitelist", "none"); // nothing inside the data may open anything
        return new FfmpegAudioReader(g, name, channels);
    }

    SourceInfo info() {
        return info;
    }

    /** Replaces the declared duration used to detect truncation (e.g. read from a WAV header). */
    void declareDurationForTruncationCheck(double seconds) {
        declaredOverride = seconds;
    }

    /** The container's own declared duration (not estimated from the bit rate), else -1. */
    double declaredDurationSeconds() {
        return durationReliable ? info.durationSeconds() : NO_DURATION;
    }

    /**
     * The duration decoding must reach, else the input is truncated: the container's declared
     * one, or one read from a WAV header that promises more than the file holds; -1 if unknown.
     */
    double reliableDurationSeconds() {
        if (declaredOverride > 0) {
            return declaredOverride;
        }
        return durationReliable ? info.durationSeconds() : NO_DURATION;
    }

    /** Native-rate sample frames decoded so far. */
    long decodedFrames() {
        return decodedFrames;
    }

    /** Sample rate of the block last returned by {@link #next()}. */
    int lastSampleRate() {
        return lastRate;
    }

    /**
     * Decodes the next block of audio, downmixed to mono per {@link Channels}.
     *
     * @return the number of valid samples in {@link #samples()}, or -1 at the end of the input
     */
    int next() {
        while (true) {
            Frame frame;
            try {
                frame = grabber.grabSamples();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                // javacv reports some decoder states it cannot represent as runtime exceptions.
                throw new EmovoxException(ErrorKind.CORRUPT_INPUT, info.name() + " is damaged: decoding failed after "
                        + String.format(java.util.Locale.ROOT, "%.2f", seconds()) + " s (" + ffmpegReason(e)
                        + "). Re-export or re-download the file.", e);
            }
            if (frame == null) {
                return -1;
            }
            if (frame.samples == null || frame.sampleRate <= 0 || frame.audioChannels <= 0) {
                continue;
            }
            int n = toMono(frame.samples, grabber.getSampleFormat(), frame.audioChannels);
            if (n == 0) {
                continue;
            }
            lastRate = frame.sampleRate;
            decodedFrames += n;
            return n;
        }
    }

    /** The mono samples of the last block; valid up to the count {@link #next()} returned. */
    float[] samples() {
        return mono;
    }

    private double seconds() {
        return lastRate > 0 ? decodedFrames / (double) lastRate : 0;
    }

    private int toMono(Buffer[] planes, int format, int channelCount) {
        // Planar formats come as one buffer per channel, interleaved ones as a single buffer.
        int n = planes.length > 1 ? planes[0].remaining() : planes[0].remaining() / channelCount;
        if (planes.length > 1 && planes.length != channelCount) {
            throw new EmovoxException(ErrorKind.CORRUPT_INPUT, info.name()
                    + " is damaged: a decoded block has " + planes.length + " planes for " + channelCount
                    + " channels. Re-export the file.");
        }
        if (!channels.isMix() && channels.index() >= channelCount) {
            throw new EmovoxException(ErrorKind.CORRUPT_INPUT, info.name() + " changes its channel count to "
                    + channelCount + " in the middle, so channel " + channels.index()
                    + " no longer exists. Re-export the file or mix the channels.");
        }
        if (mono.length < n) {
            mono = new float[n];
        }
        int first = channels.isMix() ? 0 : channels.index();
        int last = channels.isMix() ? channelCount - 1 : channels.index();
        float scale = 1f / (last - first + 1);
        java.util.Arrays.fill(mono, 0, n, 0f);
        for (int c = first; c <= last; c++) {
            Buffer plane = planes.length > 1 ? planes[c] : planes[0];
            int offset = planes.length > 1 ? 0 : c;
            int stride = planes.length > 1 ? 1 : channelCount;
            accumulate(plane, format, offset, stride, n);
        }
        if (scale != 1f) {
            for (int i = 0; i < n; i++) {
                mono[i] *= scale;
            }
        }
        return n;
    }

    /** Adds channel samples (converted to float in [-1, 1]) into {@link #mono}. */
    private void accumulate(Buffer plane, int format, int offset, int stride, int n) {
        int pos = plane.position();
        int count = (n - 1) * stride + offset + 1;
        switch (format) {
            case AV_SAMPLE_FMT_U8, AV_SAMPLE_FMT_U8P -> {
                byte[] s = scratchBytes(count);
                ((ByteBuffer) plane).get(pos, s, 0, count);
                for (int i = 0, j = offset; i < n; i++, j += stride) {
                    mono[i] += ((s[j] & 0xff) - 128) * (1f / 128);
                }
            }
            case AV_SAMPLE_FMT_S16, AV_SAMPLE_FMT_S16P -> {
                short[] s = scratchShorts(count);
                ((ShortBuffer) plane).get(pos, s, 0, count);
                for (int i = 0, j = offset; i < n; i++, j += stride) {
                    mono[i] += s[j] * (1f / 32768);
                }
            }
            case AV_SAMPLE_FMT_S32, AV_SAMPLE_FMT_S32P -> {
                int[] s = scratchInts(count);
                ((IntBuffer) plane).get(pos, s, 0, count);
                for (int i = 0, j = offset; i < n; i++, j += stride) {
                    mono[i] += s[j] * (1f / 2147483648f);
                }
            }
            case AV_SAMPLE_FMT_FLT, AV_SAMPLE_FMT_FLTP -> {
                float[] s = scratchFloats(count);
                ((FloatBuffer) plane).get(pos, s, 0, count);
                for (int i = 0, j = offset; i < n; i++, j += stride) {
                    float v = s[j];
                    mono[i] += v != v ? 0f : Math.max(-1f, Math.min(1f, v)); // NaN → 0, clip float PCM
                }
            }
            case AV_SAMPLE_FMT_DBL, AV_SAMPLE_FMT_DBLP -> {
                DoubleBuffer d = (DoubleBuffer) plane;
                for (int i = 0, j = offset; i < n; i++, j += stride) {
                    double v = d.get(pos + j);
                    mono[i] += v != v ? 0f : (float) Math.max(-1, Math.min(1, v));
                }
            }
            default -> throw new EmovoxException(ErrorKind.UNSUPPORTED_FORMAT, info.name()
                    + " decodes to a sample format emovox cannot read (" + avutil.av_get_sample_fmt_name(format).getString()
                    + "). Convert it to 16-bit wav or flac and try again.");
        }
    }

    private byte[] scratchBytes(int n) {
        return scratch instanceof byte[] b && b.length >= n ? b : (byte[]) (scratch = new byte[n]);
    }

    private short[] scratchShorts(int n) {
        return scratch instanceof short[] b && b.length >= n ? b : (short[]) (scratch = new short[n]);
    }

    private int[] scratchInts(int n) {
        return scratch instanceof int[] b && b.length >= n ? b : (int[]) (scratch = new int[n]);
    }

    private float[] scratchFloats(int n) {
        return scratch instanceof float[] b && b.length >= n ? b : (float[]) (scratch = new float[n]);
    }

    @Override
    public void close() {
        closeQuietly(grabber);
    }

    private static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            g.release();
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // Releasing native memory cannot fail in a way the caller could act on.
        }
    }

    /** The duration FFmpeg reports for the audio stream itself (not the longest stream), or -1. */
    private static double audioStreamSeconds(AVFormatContext fmt, int index) {
        if (index < 0 || index >= fmt.nb_streams()) {
            return NO_DURATION;
        }
        AVStream st = fmt.streams(index);
        long d = st.duration();
        if (d == avutil.AV_NOPTS_VALUE || d <= 0 || st.time_base().den() == 0) {
            return NO_DURATION;
        }
        return d * avutil.av_q2d(st.time_base());
    }

    /** FFmpeg's own words for the error in a javacv exception, without javacv's debugging hints. */
    static String ffmpegReason(Exception e) {
        String msg = String.valueOf(e.getMessage());
        Matcher m = ERROR_CODE.matcher(msg);
        if (m.find()) {
            int code = Integer.parseInt(m.group(1));
            byte[] buf = new byte[256];
            if (avutil.av_strerror(code, buf, buf.length) == 0) {
                int len = 0;
                while (len < buf.length && buf[len] != 0) {
                    len++;
                }
                return new String(buf, 0, len, java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        int hint = msg.indexOf(" (");
        return hint > 0 ? msg.substring(0, hint) : msg;
    }

    private static final Pattern ERROR_CODE = Pattern.compile("error (-\\d+)");

    private static EmovoxException openFailure(String name, Exception e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("avcodec_find_decoder") || msg.contains("codec not found")) {
            return new EmovoxException(ErrorKind.UNSUPPORTED_FORMAT, name
                    + " uses an audio codec emovox cannot decode. Convert it to wav, flac or mp3 and try again.", e);
        }
        return new EmovoxException(ErrorKind.CORRUPT_INPUT, name + " could not be opened as audio: "
                + ffmpegReason(e) + ". The file is damaged or incomplete (an m4a/mp4 cut off before its index"
                + " cannot be read); re-export or re-download it.", e);
    }
}
