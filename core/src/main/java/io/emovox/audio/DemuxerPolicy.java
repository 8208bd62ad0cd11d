package io.emovox.audio;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Which FFmpeg demuxers may read untrusted input. Only self-contained audio and audio/video
 * containers are allowed; playlists and indirection formats (hls, concat, image sequences, ...) can
 * make FFmpeg open other local files or URLs, so they are refused before and after FFmpeg probes.
 */
final class DemuxerPolicy {
    private DemuxerPolicy() {}

    /** FFmpeg demuxer names (as {@code AVInputFormat.name} reports them) that may read input. */
    static final Set<String> ALLOWED = Set.of(
            "wav", "w64", "aiff", "au", "caf", "voc",
            "mp3", "aac", "ac3", "eac3", "dts", "loas",
            "flac", "ogg", "wv", "ape", "tta", "mpc", "mpc8", "amr", "amrnb", "amrwb",
            "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "asf", "avi", "flv", "mpeg", "mpegts");

    /** The allow-list in FFmpeg's {@code format_whitelist} syntax. */
    static String formatWhitelist() {
        // Comma-separated; a multi-name demuxer such as "matroska,webm" matches by any of its names.
        return String.join(",", ALLOWED);
    }

    static boolean allowed(String demuxer) {
        return demuxer != null && ALLOWED.contains(demuxer);
    }

    /** Playlist text we refuse without giving it to FFmpeg at all. */
    static boolean looksLikePlaylist(byte[] head, int len) {
        String start = new String(head, 0, Math.min(len, 64), StandardCharsets.ISO_8859_1).stripLeading();
        if (start.startsWith("\uFEFF") || start.startsWith("ï»¿")) {
            start = start.substring(start.charAt(0) == '\uFEFF' ? 1 : 3);
        }
        String lower = start.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("#extm3u") || lower.startsWith("ffconcat") || lower.startsWith("[playlist]")
                || lower.startsWith("#ext-x-");
    }

    static EmovoxException playlistRefused(String name) {
        return new EmovoxException(ErrorKind.UNSUPPORTED_FORMAT, name
                + " is a playlist (m3u/m3u8/concat/pls); emovox refuses playlists because they point at other"
                + " files or URLs. Pass the audio file itself.");
    }

    /** The error for input whose demuxer FFmpeg found but which is not on the allow-list. */
    static EmovoxException refused(String name, String demuxer) {
        if (TEXT.contains(demuxer)) {
            return new EmovoxException(ErrorKind.NOT_AUDIO, name + " is text (FFmpeg reads it as " + demuxer
                    + "), not audio. Pass an audio file (wav, mp3, m4a, flac, ogg, opus, webm, or a video with"
                    + " sound).");
        }
        if (isImage(demuxer)) {
            return new EmovoxException(ErrorKind.NOT_AUDIO, name + " is an image (" + demuxer
                    + "), not audio. Pass an audio file (wav, mp3, m4a, flac, ogg, opus, webm, or a video with"
                    + " sound).");
        }
        if (demuxer.equals("hls") || demuxer.equals("concat") || demuxer.equals("dash")
                || demuxer.startsWith("image2") || demuxer.equals("webm_dash_manifest")) {
            return new EmovoxException(ErrorKind.UNSUPPORTED_FORMAT, name + " is a " + demuxer
                    + " playlist or file list; emovox refuses those because they point at other files or URLs."
                    + " Pass the audio file itself.");
        }
        return new EmovoxException(ErrorKind.UNSUPPORTED_FORMAT, name + " is in the '" + demuxer
                + "' format, which emovox does not accept. Convert it to wav, flac or mp3 (e.g. with"
                + " 'ffmpeg -i INPUT -ac 1 -ar 16000 out.wav') and try again.");
    }

    private static boolean isImage(String demuxer) {
        return demuxer.endsWith("_pipe") || demuxer.equals("image2") || demuxer.equals("gif")
                || demuxer.equals("apng") || demuxer.equals("webp");
    }

    /** Text that FFmpeg can read as subtitles, lyrics or ANSI art: certainly no sound in it. */
    private static final Set<String> TEXT = Set.of("tty", "bin", "xbin", "idf", "adf", "srt", "ass", "webvtt",
            "subviewer", "subviewer1", "microdvd", "mpl2", "mpsub", "jacosub", "sami", "realtext", "stl", "pjs",
            "vplayer", "aqtitle", "lrc", "scc", "sup", "vobsub", "ffmetadata");
}
