package io.emovox.audio;

/**
 * What an input was before it was converted to the internal format.
 *
 * @param name            a display name (file name, or "stdin")
 * @param container       demuxer name as FFmpeg reports it (e.g. "wav", "mp3", "mov,mp4,m4a,3gp,3g2,mj2")
 * @param codec           audio codec name (e.g. "pcm_s16le", "mp3", "aac", "opus")
 * @param sampleRate      original sample rate in Hz
 * @param channels        original channel count
 * @param durationSeconds duration as declared by the container, or -1 if unknown
 */
public record SourceInfo(String name, String container, String codec, int sampleRate, int channels,
                         double durationSeconds) {
}
