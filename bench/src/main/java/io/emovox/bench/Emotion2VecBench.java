package io.emovox.bench;

import io.emovox.files.FileTrees;
import io.emovox.model.ModelOutput;
import io.emovox.model.emotion2vec.importer.Emotion2VecImporter;
import io.emovox.model.emotion2vec.Emotion2VecModel;
import io.emovox.model.emotion2vec.importer.ImportedModel;
import io.emovox.testing.TestSignal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * emotion2vec+ speed and memory in emovox: imports a published-layout folder (as made by
 * tools/emotion2vec-reference/e2v_reference.py), loads it, and times inference on the reference
 * script's deterministic test signal, so the PyTorch peer (tools/emotion2vec-reference/bench_torch.py)
 * sees the same weights and the same samples.
 *
 * <pre>
 * Emotion2VecBench --source DIR [--seconds 30] [--window 60] [--threads 2] [--runs 3] [--frames]
 *                  [--converted DIR]
 * </pre>
 * Audio longer than {@code --window} seconds is cut into consecutive windows run one by one (no
 * overlap: the same cut the PyTorch peer uses). Prints one JSON line: import, load and warm-up
 * times, best and median latency, real-time factor, process CPU seconds of the cheapest run (all
 * threads; a fairer measure than wall time on a shared machine), encoder GFLOP/s and peak RSS.
 */
public final class Emotion2VecBench {
    private Emotion2VecBench() {}

    public static void main(String[] args) throws Exception {
        Path source = null;
        Path converted = null;
        double seconds = 30;
        double window = 60; // the analysis default (AnalysisOptions.maxWindowSeconds)
        int threads = 2;
        int runs = 3;
        boolean frames = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--source" -> source = Path.of(args[++i]);
                case "--converted" -> converted = Path.of(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--window" -> window = Double.parseDouble(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--frames" -> frames = true;
                default -> throw new IllegalArgumentException("Unknown argument " + args[i] + ".");
            }
        }
        if (source == null) {
            throw new IllegalArgumentException("--source DIR (a folder with model.pt, config.yaml, tokens.txt) is required.");
        }
        boolean temporary = converted == null;
        Path dir = temporary ? Files.createTempDirectory("e2v-bench") : converted;
        try {
            long t0 = System.nanoTime();
            ImportedModel imported;
            if (Files.exists(dir.resolve(Emotion2VecImporter.MODEL_FILE))) {
                imported = null; // reuse an earlier conversion
            } else {
                Files.createDirectories(dir);
                imported = Emotion2VecImporter.importInto(source, dir);
            }
            double importS = (System.nanoTime() - t0) / 1e9;
            int dim = imported != null ? imported.dim() : probeDim(source);
            boolean[] masked = imported != null ? imported.masked() : new boolean[9];
            int windowSamples = (int) Math.round(window * 16_000);
            long t1 = System.nanoTime();
            try (Emotion2VecModel model = Emotion2VecModel.load(dir.resolve(Emotion2VecImporter.MODEL_FILE), "bench",
                    "bench", dim, masked, new Emotion2VecModel.Options(threads, windowSamples))) {
                double loadTotalS = (System.nanoTime() - t1) / 1e9;
                int n = (int) Math.round(seconds * 16_000);
                float[] audio = TestSignal.of(n, 1);
                List<float[]> windows = new ArrayList<>();
                for (int s = 0; s < n; s += windowSamples) {
                    int e = Math.min(n, s + windowSamples);
                    if (e - s >= Emotion2VecModel.MIN_SAMPLES) {
                        windows.add(Arrays.copyOfRange(audio, s, e));
                    }
                }
                com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                double cpu = Double.MAX_VALUE;
                double[] times = new double[runs];
                double checksum = 0;
                for (int r = 0; r < runs; r++) {
                    long a = System.nanoTime();
                    long c = os.getProcessCpuTime();
                    for (float[] w : windows) {
                        ModelOutput out = model.run(w, frames);
                        checksum += out.embedding()[0];
                    }
                    times[r] = (System.nanoTime() - a) / 1e9;
                    cpu = Math.min(cpu, (os.getProcessCpuTime() - c) / 1e9);
                }
                double[] sorted = times.clone();
                Arrays.sort(sorted);
                double best = sorted[0];
                double median = sorted[runs / 2];
                double flops = 0;
                for (float[] w : windows) {
                    flops += EncoderFlops.of(w.length, dim);
                }
                System.out.printf(Locale.ROOT, "{\"impl\":\"emovox\",\"dim\":%d,\"seconds\":%.1f,\"window_s\":%.1f,"
                                + "\"threads\":%d,\"frames\":%b,\"import_s\":%.2f,\"session_s\":%.2f,\"warmup_s\":%.2f,"
                                + "\"load_total_s\":%.2f,\"best_s\":%.3f,\"median_s\":%.3f,\"rtf\":%.4f,\"x_realtime\":%.1f,"
                                + "\"cpu_s\":%.3f,\"x_realtime_cpu\":%.2f,\"gflops\":%.1f,\"peak_rss_mb\":%d,\"checksum\":%.6f}%n",
                        dim, seconds, window, threads, frames, importS, model.loadMillis() / 1e3,
                        model.warmupMillis() / 1e3, loadTotalS, best, median, median / seconds, seconds / median,
                        cpu, seconds / cpu, flops / best / 1e9, peakRssMb(), checksum / runs);
            }
        } finally {
            if (temporary) {
                FileTrees.delete(dir);
            }
        }
    }

    private static int probeDim(Path source) throws IOException {
        String cfg = Files.readString(source.resolve("config.yaml"));
        for (String line : cfg.split("\n")) {
            if (line.strip().startsWith("embed_dim:")) {
                return Integer.parseInt(line.strip().substring("embed_dim:".length()).strip());
            }
        }
        throw new IllegalArgumentException("Cannot find embed_dim in " + source.resolve("config.yaml") + ".");
    }

    /** Peak resident set of this process (VmHWM), in MB. */
    static long peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
