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
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Demuxes and decodes one input with FFmpeg (libavformat + libavcodec through the javacpp presets)
 * and hands out its audio as mono float at the input's own sample rate: samples are converted by
 * our own code, never resampled here. Owns every FFmpeg context it opens: {@link #close()}
 * releases them.
 *
 * <p>Security: files are opened through FFmpeg's {@code file} protocol only, byte arrays through
 * our own I/O callbacks ({@link MemoryInput}) with no protocol allowed; the demuxer must be on
 * {@link DemuxerPolicy}'s allow-list (enforced by FFmpeg's {@code format_whitelist} and checked
 * again after opening).
 *
 * <p>Decoding follows what the project did before with javacv's grabber, so results are unchanged:
 * the first audio stream FFmpeg picks, every packet sent, a decoder's complaint about one packet
 * skipped (a damaged file shows as truncated at the end), the decoder drained at the end.
 */
final class FfmpegAudioReader implements AutoCloseable {

    private static final double NO_DURATION = -1;
    private static final int AVFMT_DURATION_FROM_BITRATE = 2;

    private final String name;
    private final Channels channels;
    private final MemoryInput memory; // null for files
    private AVFormatContext fmt;
    private AVCodecContext decoder;
    private AVPacket packet;
    private AVFrame frame;
    private final int streamIndex;
    private final SourceInfo info;
    private final boolean durationReliable;
    private boolean flushed; // the end of the input was reached and the decoder told so
    private double declaredOverride = NO_DURATION;
    private float[] mono = new float[0];
    private Object scratch;
    private int lastRate;
    private long decodedFrames; // native-rate sample frames decoded so far

    private FfmpegAudioReader(String url, String protocols, MemoryInput memory, String name, Channels channels) {
        this.name = name;
        this.channels = channels;
        this.memory = memory;
        boolean opened = false;
        try {
            fmt = avformat.avformat_alloc_context();
            if (fmt == null || fmt.isNull()) {
                throw new OutOfMemoryError("FFmpeg could not allocate a format context.");
            }
            if (memory != null) {
                memory.attachTo(fmt);
            }
            AVDictionary options = new AVDictionary(null);
            avutil.av_dict_set(options, "protocol_whitelist", protocols, 0);
            avutil.av_dict_set(options, "format_whitelist", DemuxerPolicy.formatWhitelist(), 0);
            int ret = avformat.avformat_open_input(fmt, url, null, options);
            avutil.av_dict_free(options);
            if (ret < 0) {
                fmt = null; // FFmpeg freed the context on failure
                throw openFailure(name, ret);
            }
            ret = avformat.avformat_find_stream_info(fmt, (PointerPointer<?>) null);
            if (ret < 0) {
                throw openFailure(name, ret);
            }
            String demuxer = fmt.iformat().name().getString();
            if (!DemuxerPolicy.allowed(demuxer)) {
                throw DemuxerPolicy.refused(name, demuxer);
            }
            streamIndex = avformat.av_find_best_stream(fmt, avutil.AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
            if (streamIndex < 0) {
                throw hasStream(fmt, avutil.AVMEDIA_TYPE_VIDEO)
                        ? new EmovoxException(ErrorKind.UNSUPPORTED_FORMAT, name
                                + " has no audio track (video only). Pass a file with sound.")
                        : new EmovoxException(ErrorKind.NOT_AUDIO, name
                                + " holds no audio stream. Pass an audio file (wav, mp3, m4a, flac, ogg, opus, webm).");
            }
            AVStream stream = fmt.streams(streamIndex);
            AVCodecParameters par = stream.codecpar();
            openDecoder(par);
            int format = decoder.sample_fmt();
            if (format == avutil.AV_SAMPLE_FMT_S64 || format == avutil.AV_SAMPLE_FMT_S64P) {
                throw new EmovoxException(ErrorKind.UNSUPPORTED_FORMAT, name
                        + " holds 64-bit integer samples, which emovox cannot read. Convert it to 16- or 24-bit"
                        + " wav or flac and try again.");
            }
            int channelCount = decoder.ch_layout().nb_channels();
            if (channelCount <= 0 || decoder.sample_rate() <= 0) {
                throw new EmovoxException(ErrorKind.CORRUPT_INPUT, name + " could not be opened as audio: its audio"
                        + " stream declares no channels or no sample rate. The file is damaged; re-export it.");
            }
            if (!channels.isMix() && channels.index() >= channelCount) {
                throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Channel " + channels.index()
                        + " was asked for, but " + name + " has " + channelCount + " channel"
                        + (channelCount == 1 ? " (index 0)" : "s (0 to " + (channelCount - 1) + ")")
                        + ". Choose an existing channel or mix them.");
            }
            double seconds = audioStreamSeconds(stream);
            // The container's duration is the longest stream's: the audio's only when it is alone.
            boolean ownDuration = seconds > 0 || fmt.nb_streams() == 1;
            if (seconds < 0 && fmt.duration() != avutil.AV_NOPTS_VALUE && fmt.duration() > 0) {
                seconds = fmt.duration() / (double) avutil.AV_TIME_BASE;
            }
            // A duration estimated from the bit rate is a guess; only a declared one can prove truncation.
            durationReliable = seconds > 0 && ownDuration
                    && fmt.duration_estimation_method() != AVFMT_DURATION_FROM_BITRATE;
            String codec = avcodec.avcodec_get_name(par.codec_id()).getString();
            info = new SourceInfo(name, demuxer, codec, decoder.sample_rate(), channelCount, seconds);
            packet = avcodec.av_packet_alloc();
            frame = avutil.av_frame_alloc();
            if (packet == null || packet.isNull() || frame == null || frame.isNull()) {
                throw new OutOfMemoryError("FFmpeg could not allocate a packet or frame.");
            }
            opened = true;
        } finally {
            if (!opened) {
                close();
            }
        }
    }

    private void openDecoder(AVCodecParameters par) {
        AVCodec codec = avcodec.avcodec_find_decoder(par.codec_id());
        if (codec == null || codec.isNull()) {
            throw new EmovoxException(ErrorKind.UNSUPPORTED_FORMAT, name + " uses an audio codec emovox cannot decode ("
                    + avcodec.avcodec_get_name(par.codec_id()).getString()
                            + "). Convert it to wav, flac or mp3 and try again.");
        }
        decoder = avcodec.avcodec_alloc_context3(codec);
        if (decoder == null || decoder.isNull()) {
            throw new OutOfMemoryError("FFmpeg could not allocate a decoder context.");
        }
        int ret = avcodec.avcodec_parameters_to_context(decoder, par);
        if (ret >= 0) {
            decoder.thread_count(1); // audio decoders do not thread; one thread keeps decoding deterministic
            ret = avcodec.avcodec_open2(decoder, codec, (AVDictionary) null);
        }
        if (ret < 0) {
            throw new EmovoxException(ErrorKind.UNSUPPORTED_FORMAT, name + " could not be decoded: FFmpeg's "
                    + codec.name().getString() + " decoder refused its parameters (" + ffmpegReason(ret)
                    + "). Convert it to wav, flac or mp3 and try again.");
        }
    }

    static FfmpegAudioReader open(Path file, String name, Channels channels) {
        FfmpegRuntime.ensureLoaded();
        return new FfmpegAudioReader("file:" + file.toAbsolutePath(), "file", null, name, channels);
    }

    static FfmpegAudioReader open(byte[] data, String name, Channels channels) {
        FfmpegRuntime.ensureLoaded();
        // Nothing inside the data may open anything: no protocol at all.
        return new FfmpegAudioReader("", "none", new MemoryInput(data), name, channels);
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
        int eagain = avutil.AVERROR_EAGAIN();
        while (true) {
            int ret = avcodec.avcodec_receive_frame(decoder, frame);
            if (ret >= 0) {
                int n = frameToMono();
                if (n > 0) {
                    return n;
                }
                continue;
            }
            if (ret == avutil.AVERROR_EOF) {
                return -1;
            }
            // EAGAIN: the decoder wants more input. Any other error concerns one packet: skip it
            // (after the end, keep draining) and let the truncation check judge the whole.
            if (flushed) {
                if (ret == eagain) {
                    return -1;
                }
                continue;
            }
            readAndSend();
        }
    }

    /** Sends the next packet of our stream to the decoder, or the end-of-input signal. */
    private void readAndSend() {
        while (true) {
            int ret = avformat.av_read_frame(fmt, packet);
            if (ret < 0) {
                // The end, or a read error: either way nothing more can be demuxed. Drain the decoder.
                avcodec.avcodec_send_packet(decoder, null);
                flushed = true;
                return;
            }
            try {
                if (packet.stream_index() == streamIndex) {
                    avcodec.avcodec_send_packet(decoder, packet); // a refused packet is skipped, as above
                    return;
                }
            } finally {
                avcodec.av_packet_unref(packet);
            }
        }
    }

    /** Converts {@link #frame} into {@link #mono}; the number of samples, 0 for an empty frame. */
    private int frameToMono() {
        int n = frame.nb_samples();
        int channelCount = frame.ch_layout().nb_channels();
        int rate = frame.sample_rate();
        if (n <= 0 || channelCount <= 0 || rate <= 0) {
            return 0;
        }
        int format = frame.format();
        boolean planar = avutil.av_sample_fmt_is_planar(format) != 0;
        int bytesPerSample = avutil.av_get_bytes_per_sample(format);
        if (bytesPerSample <= 0) {
            throw unreadableFormat(format);
        }
        int planeCount = planar ? channelCount : 1;
        int samplesPerPlane = planar ? n : n * channelCount;
        Buffer[] planes = new Buffer[planeCount];
        for (int i = 0; i < planeCount; i++) {
            BytePointer data = frame.data(i);
            if (data == null || data.isNull()) {
                throw new EmovoxException(ErrorKind.CORRUPT_INPUT, info.name() + " is damaged: a decoded block lacks"
                        + " the samples of channel " + i + ". Re-export the file.");
            }
            ByteBuffer bytes = data.capacity((long) samplesPerPlane * bytesPerSample).asByteBuffer()
                    .order(ByteOrder.nativeOrder());
            planes[i] = typed(bytes, format);
        }
        int count = toMono(planes, format, channelCount);
        lastRate = rate;
        decodedFrames += count;
        return count;
    }

    private Buffer typed(ByteBuffer b, int format) {
        return switch (format) {
            case AV_SAMPLE_FMT_U8, AV_SAMPLE_FMT_U8P -> b;
            case AV_SAMPLE_FMT_S16, AV_SAMPLE_FMT_S16P -> b.asShortBuffer();
            case AV_SAMPLE_FMT_S32, AV_SAMPLE_FMT_S32P -> b.asIntBuffer();
            case AV_SAMPLE_FMT_FLT, AV_SAMPLE_FMT_FLTP -> b.asFloatBuffer();
            case AV_SAMPLE_FMT_DBL, AV_SAMPLE_FMT_DBLP -> b.asDoubleBuffer();
            default -> throw unreadableFormat(format);
        };
    }

    private EmovoxException unreadableFormat(int format) {
        BytePointer fmtName = avutil.av_get_sample_fmt_name(format);
        return new EmovoxException(ErrorKind.UNSUPPORTED_FORMAT, info.name()
                + " decodes to a sample format emovox cannot read ("
                + (fmtName == null || fmtName.isNull() ? "number " + format : fmtName.getString())
                + "). Convert it to 16-bit wav or flac and try again.");
    }

    /** The mono samples of the last block; valid up to the count {@link #next()} returned. */
    float[] samples() {
        return mono;
    }

    private int toMono(Buffer[] planes, int format, int channelCount) {
        // Planar formats come as one buffer per channel, interleaved ones as a single buffer.
        int n = planes.length > 1 ? planes[0].remaining() : planes[0].remaining() / channelCount;
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
            default -> throw unreadableFormat(format);
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

    /** Releases every FFmpeg context; safe to call twice. */
    @Override
    public void close() {
        if (frame != null) {
            avutil.av_frame_free(frame);
            frame = null;
        }
        if (packet != null) {
            avcodec.av_packet_free(packet);
            packet = null;
        }
        if (decoder != null) {
            avcodec.avcodec_free_context(decoder);
            decoder = null;
        }
        if (fmt != null) {
            avformat.avformat_close_input(fmt); // leaves a custom I/O context to its owner
            fmt = null;
        }
        if (memory != null) {
            memory.close();
        }
    }

    private static boolean hasStream(AVFormatContext fmt, int mediaType) {
        for (int i = 0; i < fmt.nb_streams(); i++) {
            AVCodecParameters par = fmt.streams(i).codecpar();
            if (par.codec_type() == mediaType && par.codec_id() != avcodec.AV_CODEC_ID_NONE) {
                return true;
            }
        }
        return false;
    }

    /** The duration FFmpeg reports for the audio stream itself (not the longest stream), or -1. */
    private static double audioStreamSeconds(AVStream st) {
        long d = st.duration();
        if (d == avutil.AV_NOPTS_VALUE || d <= 0 || st.time_base().den() == 0) {
            return NO_DURATION;
        }
        return d * avutil.av_q2d(st.time_base());
    }

    /** FFmpeg's own words for an error code. */
    static String ffmpegReason(int code) {
        byte[] buf = new byte[256];
        if (avutil.av_strerror(code, buf, buf.length) == 0) {
            int len = 0;
            while (len < buf.length && buf[len] != 0) {
                len++;
            }
            return new String(buf, 0, len, StandardCharsets.UTF_8);
        }
        return "FFmpeg error " + code;
    }

    private static EmovoxException openFailure(String name, int code) {
        return new EmovoxException(ErrorKind.CORRUPT_INPUT, name + " could not be opened as audio: "
                + ffmpegReason(code) + ". The file is damaged or incomplete (an m4a/mp4 cut off before its index"
                + " cannot be read); re-export or re-download it.");
    }
}
