package io.emovox.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real inputs for the audio tests: the shared recordings, and files converted from them at test
 * time with the ffmpeg CLI (installed by .ci/run from apt). Plus the signal measures the tests use.
 */
final class AudioFixtures {
    private AudioFixtures() {}

    /** EmoDB, 16-bit mono 22,050 Hz, 2.0 s. */
    static final String EMODB_CLIP = "emodb/wav/03a01Wa.wav";
    /** CASIA, 16-bit mono 16 kHz (female speaker). */
    static final String CASIA_CLIP_A = "casia/liuchanhg/angry/201.wav";
    /** CASIA, 16-bit mono 16 kHz (male speaker). */
    static final String CASIA_CLIP_B = "casia/wangzhe/happy/201.wav";

    static Path shared(String relative) {
        Path root = Path.of(System.getProperty("emovox.repo.root", ".")).toAbsolutePath().normalize();
        Path p = root.resolve("../shared/data").resolve(relative).normalize();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("Shared recording " + p + " is missing; the tests need ../shared/data.");
        }
        return p;
    }

    /** Runs the ffmpeg CLI quietly; fails with its output when it fails. */
    static void ffmpeg(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ffmpeg could not be run (apt-get install ffmpeg; .ci/run does it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Converts {@code source} into {@code dir/name} with extra ffmpeg output options. */
    static Path convert(Path source, Path dir, String name, String... options) {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("-i", source.toString()));
        args.addAll(List.of(options));
        args.add(out.toString());
        ffmpeg(args.toArray(String[]::new));
        return out;
    }

    /** Peak of the normalised cross-correlation of {@code b} against {@code a} over lags up to {@code maxLag}. */
    static Alignment align(float[] a, float[] b, int maxLag) {
        double best = -2;
        int bestLag = 0;
        for (int lag = -maxLag; lag <= maxLag; lag++) {
            double c = correlation(a, b, lag);
            if (c > best) {
                best = c;
                bestLag = lag;
            }
        }
        return new Alignment(bestLag, best, snrDb(a, b, bestLag));
    }

    /** {@code b[i + lag]} compared with {@code a[i]}. */
    record Alignment(int lag, double correlation, double snrDb) {}

    static double correlation(float[] a, float[] b, int lag) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            int j = i + lag;
            if (j < 0 || j >= b.length) {
                continue;
            }
            ab += (double) a[i] * b[j];
            aa += (double) a[i] * a[i];
            bb += (double) b[j] * b[j];
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }

    /** Signal-to-error ratio of {@code b} (shifted by lag) against reference {@code a}, in dB. */
    static double snrDb(float[] a, float[] b, int lag) {
        double sig = 0, err = 0;
        for (int i = 0; i < a.length; i++) {
            int j = i + lag;
            double y = j >= 0 && j < b.length ? b[j] : 0;
            sig += (double) a[i] * a[i];
            err += (a[i] - y) * (a[i] - y);
        }
        return 10 * Math.log10(sig / Math.max(err, 1e-30));
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    static float[] tone(double hz, int rate, double seconds, double amplitude) {
        float[] x = new float[(int) Math.round(rate * seconds)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }
}
