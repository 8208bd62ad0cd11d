package io.emovox.audio;

import static org.bytedeco.ffmpeg.global.avformat.AVPROBE_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avformat.av_probe_input_format3;

import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVProbeData;
import org.bytedeco.javacpp.BytePointer;

/** Asks FFmpeg's prober which demuxer the first bytes of an input look like, without opening anything. */
final class FormatSniffer {
    private FormatSniffer() {}

    /** The demuxer name FFmpeg would pick for these bytes, or null if none fits. */
    static String probe(byte[] head, int len, String fileName) {
        FfmpegRuntime.ensureLoaded();
        byte[] padded = new byte[len + AVPROBE_PADDING_SIZE];
        System.arraycopy(head, 0, padded, 0, len);
        try (BytePointer buf = new BytePointer(padded);
             BytePointer name = new BytePointer(fileName == null ? "" : fileName);
             AVProbeData pd = new AVProbeData()) {
            pd.buf(buf).buf_size(len).filename(name);
            int[] score = new int[1];
            AVInputFormat f = av_probe_input_format3(pd, 1, score);
            return f == null || f.isNull() || score[0] <= 0 ? null : f.name().getString();
        }
    }
}
