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
