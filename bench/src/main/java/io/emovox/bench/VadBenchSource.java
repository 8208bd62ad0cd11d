package io.emovox.bench;

import io.emovox.audio.AudioSource;
import io.emovox.audio.SourceInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * A long 16 kHz test signal made on the fly from real CASIA clips (16 kHz mono WAV), each followed
 * by 0.2-2 s of digital silence or of white noise at -60 dBFS, cycling through the clips until the
 * requested duration. Only the clips are held in memory, never the whole signal, so the measured
 * heap is that of the detector, not of the input.
 */
final class VadBenchSource implements AudioSource {
    private final List<float[]> clips;
    private final long total;
    private final Random random = new Random(1);
    private float[] part = new float[0];
    private boolean partIsClip;
    private int partAt;
    private int nextClip;
    private long position;

    VadBenchSource(List<float[]> clips, double seconds) {
        this.clips = clips;
        this.total = Math.round(seconds * 16_000);
    }

    /** Reads the first {@code count} WAV clips (sorted by path) under a CASIA folder. */
    static List<float[]> loadClips(Path casia, int count) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(casia)) {
            files = walk.filter(p -> p.toString().endsWith(".wav")).sorted().limit(count).toList();
        }
        if (files.isEmpty()) {
            throw new IOException("No .wav clips under " + casia + "; pass --casia <folder>.");
        }
        List<float[]> clips = new ArrayList<>();
        for (Path file : files) {
            try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
                if (in.getFormat().getSampleRate() != 16_000 || in.getFormat().getChannels() != 1
                        || in.getFormat().getSampleSizeInBits() != 16 || in.getFormat().isBigEndian()) {
                    throw new IOException(file + " is not 16 kHz mono 16-bit PCM.");
                }
                byte[] b = in.readAllBytes();
                float[] x = new float[b.length / 2];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (short) ((b[2 * i] & 0xff) | (b[2 * i + 1] << 8)) / 32768f;
                }
                clips.add(x);
            } catch (UnsupportedAudioFileException e) {
                throw new IOException(file + " is not a WAV file.", e);
            }
        }
        return clips;
    }

    /** Number of clips placed so far. */
    int clipsPlaced() {
        return nextClip;
    }

    @Override
    public SourceInfo info() {
        return new SourceInfo("CASIA clips cycled", "none", "pcm_f32le", 16_000, 1, total / 16_000.0);
    }

    @Override
    public int read(float[] buf, int off, int len) {
        if (position >= total) {
            return -1;
        }
        if (partAt == part.length) {
            nextPart();
        }
        int n = (int) Math.min(Math.min(len, part.length - partAt), total - position);
        System.arraycopy(part, partAt, buf, off, n);
        partAt += n;
        position += n;
        return n;
    }

    private void nextPart() {
        partAt = 0;
        if (!partIsClip) {
            part = clips.get(nextClip++ % clips.size());
            partIsClip = true;
            return;
        }
        float[] gap = new float[3_200 + random.nextInt(28_800)];
        if (random.nextBoolean()) {
            double sigma = Math.pow(10, -60 / 20.0);
            for (int i = 0; i < gap.length; i++) {
                gap[i] = (float) (random.nextGaussian() * sigma);
            }
        }
        part = gap;
        partIsClip = false;
    }

    @Override
    public void close() {
    }
}
