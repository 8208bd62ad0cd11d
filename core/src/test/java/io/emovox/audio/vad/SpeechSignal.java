package io.emovox.audio.vad;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Test signals built from real CASIA clips (16 kHz mono 16-bit WAV, read with javax.sound) and
 * stretches of digital silence and white noise, remembering where each clip and each clip's
 * audible speech lie.
 */
final class SpeechSignal {
    static final int RATE = 16_000;

    /** Where a clip was placed, and where its audible part lies, in seconds of the whole signal. */
    record Placed(String name, double clipStart, double clipEnd, double speechStart, double speechEnd) {}

    private final List<float[]> parts = new ArrayList<>();
    private final List<Placed> placed = new ArrayList<>();
    private final Random random;
    private long length;

    SpeechSignal(long seed) {
        this.random = new Random(seed);
    }

    static Path emodb() {
        return Path.of(System.getProperty("emovox.repo.root", ".")).resolve("../shared/data/emodb").normalize();
    }

    /** Decodes an EmoDB clip (22.05 kHz WAV, zero-padded or cut to 2.0 s) to 16 kHz. */
    static float[] emodbClip(String relative) {
        return new io.emovox.audio.AudioDecoder().decode(emodb().resolve(relative)).samples();
    }

    /** All clips named in a corpus manifest, relative paths in manifest order. */
    static List<String> manifest(Path corpus) throws IOException {
        List<String> lines = Files.readAllLines(corpus.resolve("manifest.csv"));
        List<String> paths = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            paths.add(line.substring(0, line.indexOf(',')));
        }
        return paths;
    }

    static Path casia() {
        return Path.of(System.getProperty("emovox.repo.root", ".")).resolve("../shared/data/casia").normalize();
    }

    /** Reads a CASIA clip, e.g. {@code "wangzhe/angry/201.wav"}. */
    static float[] casiaClip(String relative) {
        Path file = casia().resolve(relative);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat f = in.getFormat();
            if (f.getSampleRate() != RATE || f.getChannels() != 1 || f.getSampleSizeInBits() != 16
                    || f.isBigEndian()) {
                throw new IllegalStateException(file + " is not 16 kHz mono 16-bit little-endian: " + f);
            }
            byte[] bytes = in.readAllBytes();
            float[] out = new float[bytes.length / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8)) / 32768f;
            }
            return out;
        } catch (IOException | UnsupportedAudioFileException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }

    /** All CASIA clips named in its manifest, relative paths in manifest order. */
    static List<String> casiaManifest() throws IOException {
        return manifest(casia());
    }

    /**
     * The audible part of a clip: from the first to the end of the last 10 ms frame whose level is
     * within 30 dB of the clip's loudest frame and at least 15 dB above its noise floor (the 10th
     * percentile of frame levels; some CASIA clips carry a -46 dB hum). The reference the detector
     * is checked against.
     */
    static double[] audibleSpan(float[] clip) {
        int frame = RATE / 100;
        int frames = clip.length / frame;
        double[] db = new double[frames];
        double peak = -200;
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int i = f * frame; i < (f + 1) * frame; i++) {
                sum += clip[i] * clip[i];
            }
            db[f] = 10 * Math.log10(sum / frame + 1e-12);
            peak = Math.max(peak, db[f]);
        }
        double[] sorted = db.clone();
        java.util.Arrays.sort(sorted);
        double level = Math.max(peak - 30, sorted[frames / 10] + 15);
        int first = -1;
        int last = -1;
        for (int f = 0; f < frames; f++) {
            if (db[f] > level) {
                if (first < 0) {
                    first = f;
                }
                last = f;
            }
        }
        return new double[] {first * 0.01, (last + 1) * 0.01};
    }

    SpeechSignal silence(double seconds) {
        return add(new float[(int) Math.round(seconds * RATE)]);
    }

    /** White noise with the given RMS level in dB full scale (Gaussian, clipped to [-1, 1]). */
    SpeechSignal noise(double seconds, double rmsDbfs) {
        float[] n = new float[(int) Math.round(seconds * RATE)];
        double sigma = Math.pow(10, rmsDbfs / 20);
        for (int i = 0; i < n.length; i++) {
            n[i] = (float) Math.max(-1, Math.min(1, random.nextGaussian() * sigma));
        }
        return add(n);
    }

    SpeechSignal clip(String name, float[] samples) {
        double start = length / (double) RATE;
        double[] span = audibleSpan(samples);
        placed.add(new Placed(name, start, start + samples.length / (double) RATE,
                start + span[0], start + span[1]));
        return add(samples);
    }

    SpeechSignal casia(String relative) {
        return clip(relative, casiaClip(relative));
    }

    private SpeechSignal add(float[] samples) {
        parts.add(samples);
        length += samples.length;
        return this;
    }

    List<Placed> placed() {
        return List.copyOf(placed);
    }

    double seconds() {
        return length / (double) RATE;
    }

    float[] samples() {
        float[] out = new float[Math.toIntExact(length)];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
