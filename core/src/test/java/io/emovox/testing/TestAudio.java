package io.emovox.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test inputs: the shared recordings, files made from them with ffmpeg, and WAV writing. */
public final class TestAudio {
    private TestAudio() {}

    public static Path repoRoot() {
        return Path.of(System.getProperty("emovox.repo.root", ".")).toAbsolutePath().normalize();
    }

    public static Path sharedData() {
        return repoRoot().resolve("../shared/data").normalize();
    }

    public static Path emodb(String name) {
        return sharedData().resolve("emodb/wav").resolve(name);
    }

    /** Every {@code step}-th row of a corpus manifest, as absolute paths (path is column 1). */
    public static List<Path> manifestSample(String corpus, int count) {
        Path dir = sharedData().resolve(corpus);
        try {
            List<String> rows = Files.readAllLines(dir.resolve("manifest.csv"));
            List<String> data = rows.subList(1, rows.size());
            List<Path> out = new ArrayList<>();
            int step = Math.max(1, data.size() / count);
            for (int i = 0; i < data.size() && out.size() < count; i += step) {
                out.add(dir.resolve(data.get(i).split(",")[0]));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code count} evenly spaced places in a corpus manifest, each with up to {@code clips}
     * consecutive rows of the same speaker (speaker is column 4): a few seconds of one voice.
     */
    public static List<List<Path>> speakerRuns(String corpus, int count, int clips) {
        Path dir = sharedData().resolve(corpus);
        try {
            List<String> rows = Files.readAllLines(dir.resolve("manifest.csv"));
            List<String[]> data = rows.subList(1, rows.size()).stream().map(r -> r.split(",")).toList();
            List<List<Path>> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int at = i * data.size() / count;
                List<Path> run = new ArrayList<>();
                for (int j = at; j < data.size() && run.size() < clips && data.get(j)[3].equals(data.get(at)[3]); j++) {
                    run.add(dir.resolve(data.get(j)[0]));
                }
                out.add(run);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the ffmpeg CLI quietly; fails the test with its output when it fails. */
    public static void ffmpeg(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    /** Runs the sox CLI. */
    public static void sox(String... args) {
        List<String> cmd = new ArrayList<>(List.of("sox"));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    private static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(cmd + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The parts one after another, as one array. */
    public static float[] concat(List<float[]> parts) {
        float[] out = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Writes 16-bit PCM WAV with one array per channel (all the same length) at {@code rate}. */
    public static void writeWav(Path file, int rate, float[]... channels) {
        int n = channels[0].length;
        int ch = channels.length;
        ByteBuffer b = ByteBuffer.allocate(44 + n * ch * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + n * ch * 2)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII)).put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16).putShort((short) 1).putShort((short) ch).putInt(rate).putInt(rate * ch * 2)
                .putShort((short) (ch * 2)).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(n * ch * 2);
        for (int i = 0; i < n; i++) {
            for (float[] c : channels) {
                b.putShort((short) Math.round(Math.max(-1, Math.min(1, c[i])) * 32767));
            }
        }
        try {
            Files.write(file, b.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code voice} plus {@code accompaniment} scaled so that its RMS is {@code db} decibels relative
     * to the RMS of the voice where the voice sounds (its 32 ms blocks within 30 dB of its loudest).
     * The accompaniment is repeated or cut to the voice's length; the sum is scaled down if it
     * would clip.
     */
    public static float[] mix(float[] voice, float[] accompaniment, double db) {
        double accRms = 0;
        for (float a : accompaniment) {
            accRms += a * a;
        }
        accRms = Math.sqrt(accRms / accompaniment.length);
        double gain = activeRms(voice) / accRms * Math.pow(10, db / 20);
        float[] out = new float[voice.length];
        double peak = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (voice[i] + gain * accompaniment[i % accompaniment.length]);
            peak = Math.max(peak, Math.abs(out[i]));
        }
        if (peak > 0.95) {
            for (int i = 0; i < out.length; i++) {
                out[i] *= (float) (0.95 / peak);
            }
        }
        return out;
    }

    /** RMS over the 32 ms blocks within 30 dB of the loudest block. */
    public static double activeRms(float[] x) {
        int block = 512;
        int n = x.length / block;
        double[] e = new double[n];
        double max = 0;
        for (int b = 0; b < n; b++) {
            for (int i = b * block; i < (b + 1) * block; i++) {
                e[b] += x[i] * x[i];
            }
            max = Math.max(max, e[b]);
        }
        double sum = 0;
        int count = 0;
        for (double v : e) {
            if (v >= max * 1e-3) {
                sum += v;
                count += block;
            }
        }
        return Math.sqrt(sum / Math.max(1, count));
    }

    /**
     * An organ-like chord progression (C, A minor, F, G triads, two seconds each, with their 2nd
     * and 3rd harmonics) synthesised by ffmpeg's lavfi {@code aevalsrc}, 16 kHz mono WAV.
     */
    public static Path organ(Path out, double seconds) {
        String[] chords = {"261.63,329.63,392.00", "220.00,261.63,329.63", "349.23,440.00,523.25",
                "392.00,493.88,587.33"};
        StringBuilder expr = new StringBuilder();
        for (int c = 0; c < chords.length; c++) {
            StringBuilder tone = new StringBuilder();
            for (String f : chords[c].split(",")) {
                for (int h = 1; h <= 3; h++) {
                    tone.append(tone.length() == 0 ? "" : "+").append(String.format(java.util.Locale.ROOT,
                            "%.2f*sin(2*PI*%s*%d*t)", 1.0 / h, f, h));
                }
            }
            expr.append(c == 0 ? ""
                    : "+").append("eq(mod(floor(t/2)\\,4)\\,").append(c).append(")*(").append(tone).append(')');
        }
        ffmpeg("-f", "lavfi", "-i", "aevalsrc=exprs=0.05*(" + expr + "):s=16000:d=" + seconds, "-ac", "1",
                out.toString());
        return out;
    }

    /**
     * A song-like input: real speech (the given clips, one after another) over {@link #organ}
     * chords whose RMS is {@code db} dB relative to the speech's ({@link #mix}), as 16 kHz WAV.
     */
    public static Path speechOverOrgan(Path out, double db, List<Path> speech) {
        io.emovox.audio.AudioDecoder decoder = new io.emovox.audio.AudioDecoder();
        List<float[]> parts = new ArrayList<>();
        int n = 0;
        for (Path clip : speech) {
            float[] x = decoder.decode(clip).samples();
            parts.add(x);
            n += x.length;
        }
        float[] voice = new float[n];
        int pos = 0;
        for (float[] x : parts) {
            System.arraycopy(x, 0, voice, pos, x.length);
            pos += x.length;
        }
        Path organ = out.resolveSibling(out.getFileName() + ".organ.wav");
        organ(organ, Math.ceil(n / 16_000.0) + 1);
        float[] accompaniment = decoder.decode(organ).samples();
        try {
            Files.delete(organ);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeWav(out, 16_000, mix(voice, accompaniment, db));
        return out;
    }

    /** Reads the shape of a float32 .npy file written by emovox. */
    public static int[] npyShape(Path file) {
        try {
            byte[] head = Files.readAllBytes(file);
            int len = (head[8] & 0xff) | (head[9] & 0xff) << 8;
            String dict = new String(head, 10, len, StandardCharsets.US_ASCII);
            if (!dict.contains("'descr': '<f4'")) {
                throw new IllegalStateException("Not float32: " + dict);
            }
            String shape = dict.substring(dict.indexOf("'shape': (") + 10, dict.indexOf(')'));
            String[] parts = shape.split(",");
            List<Integer> dims = new ArrayList<>();
            for (String p : parts) {
                if (!p.isBlank()) {
                    dims.add(Integer.parseInt(p.strip()));
                }
            }
            int[] out = dims.stream().mapToInt(Integer::intValue).toArray();
            long expected = 10 + len + 4L * java.util.Arrays.stream(out).asLongStream().reduce(1, (a, c) -> a * c);
            if (expected != head.length) {
                throw new IllegalStateException("npy size " + head.length + " does not match shape " + shape);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
