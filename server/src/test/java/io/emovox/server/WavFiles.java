package io.emovox.server;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builds long test recordings by concatenating real clips of one format (PCM WAV). */
final class WavFiles {
    private WavFiles() {}

    /** Concatenates the clips, repeated until at least {@code minSeconds} of audio. */
    static Path concat(List<Path> clips, double minSeconds, Path out) throws Exception {
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        AudioFormat format = null;
        long frames = 0;
        while (true) {
            for (Path c : clips) {
                try (AudioInputStream in = AudioSystem.getAudioInputStream(c.toFile())) {
                    if (format == null) {
                        format = in.getFormat();
                    }
                    byte[] b = in.readAllBytes();
                    pcm.write(b);
                    frames += b.length / format.getFrameSize();
                }
                if (frames / format.getFrameRate() >= minSeconds) {
                    write(pcm.toByteArray(), format, frames, out);
                    return out;
                }
            }
        }
    }

    /** A stereo file: {@code left} on channel 1, {@code right} on channel 2 (both mono 16-bit, same rate). */
    static Path stereo(Path left, Path right, Path out) throws Exception {
        try (AudioInputStream l = AudioSystem.getAudioInputStream(left.toFile());
             AudioInputStream r = AudioSystem.getAudioInputStream(right.toFile())) {
            AudioFormat f = l.getFormat();
            byte[] a = l.readAllBytes();
            byte[] b = r.readAllBytes();
            int frames = Math.min(a.length, b.length) / 2;
            byte[] pcm = new byte[frames * 4];
            for (int i = 0; i < frames; i++) {
                pcm[4 * i] = a[2 * i];
                pcm[4 * i + 1] = a[2 * i + 1];
                pcm[4 * i + 2] = b[2 * i];
                pcm[4 * i + 3] = b[2 * i + 1];
            }
            AudioFormat stereo = new AudioFormat(f.getEncoding(), f.getSampleRate(), 16, 2, 4, f.getFrameRate(),
                    f.isBigEndian());
            write(pcm, stereo, frames, out);
            return out;
        }
    }

    private static void write(byte[] pcm, AudioFormat format, long frames, Path out) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (AudioInputStream s = new AudioInputStream(new ByteArrayInputStream(pcm), format, frames)) {
            AudioSystem.write(s, AudioFileFormat.Type.WAVE, out.toFile());
        }
    }
}
