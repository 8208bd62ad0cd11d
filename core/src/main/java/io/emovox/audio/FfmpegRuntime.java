package io.emovox.audio;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/** Loads the FFmpeg natives once and silences FFmpeg's own console logging (we report errors ourselves). */
final class FfmpegRuntime {
    private FfmpegRuntime() {}

    private static volatile boolean loaded;

    static void ensureLoaded() {
        if (loaded) {
            return;
        }
        synchronized (FfmpegRuntime.class) {
            if (loaded) {
                return;
            }
            try {
                FFmpegFrameGrabber.tryLoad();
            } catch (FrameGrabber.Exception e) {
                throw new IllegalStateException("The FFmpeg native libraries could not be loaded on this platform ("
                        + e.getMessage() + "); emovox ships them for linux-x86_64 only.", e);
            }
            // -Demovox.ffmpeg.log=true shows FFmpeg's warnings and errors when debugging an input.
            avutil.av_log_set_level(Boolean.getBoolean("emovox.ffmpeg.log") ? avutil.AV_LOG_WARNING : avutil.AV_LOG_QUIET);
            loaded = true;
        }
    }
}
