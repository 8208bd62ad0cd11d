package io.emovox.audio;

import io.emovox.EmovoxException;
import io.emovox.NativeLibraries;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;

/**
 * Loads the FFmpeg natives that decoding needs, once, and silences FFmpeg's own console logging
 * (we report errors ourselves).
 *
 * <p>Only avformat, avcodec (with swresample, which libavcodec links) and avutil are loaded: their
 * system dependencies are on every Linux machine. Never avdevice (capture devices: it links
 * libpulse, which a new machine lacks), avfilter or swscale: decoding needs none of them.
 */
final class FfmpegRuntime {
    private FfmpegRuntime() {}

    static final String COMPONENT = "FFmpeg (audio decoding)";

    private static volatile boolean loaded;
    private static Throwable failure; // guarded by FfmpegRuntime.class; a failed load is not retried

    /**
     * @throws EmovoxException {@code NATIVE_LIBRARY}, naming the missing system library and what to install
     */
    static void ensureLoaded() {
        if (loaded) {
            return;
        }
        synchronized (FfmpegRuntime.class) {
            if (loaded) {
                return;
            }
            if (failure == null) {
                try {
                    Loader.load(avutil.class);
                    Loader.load(avcodec.class);
                    Loader.load(avformat.class);
                } catch (LinkageError | RuntimeException e) { // UnsatisfiedLinkError, or class init wrapping it
                    failure = e;
                }
            }
            if (failure != null) {
                // A fresh exception per call: each caller gets its own stack, all the same sentence.
                throw NativeLibraries.loadFailure(COMPONENT, failure);
            }
            // -Demovox.ffmpeg.log=true shows FFmpeg's warnings and errors when debugging an input.
            avutil.av_log_set_level(Boolean.getBoolean("emovox.ffmpeg.log") ? avutil.AV_LOG_WARNING
                    : avutil.AV_LOG_QUIET);
            loaded = true;
        }
    }
}
