package io.emovox.bench;

import io.emovox.audio.AudioDecoder;
import io.emovox.audio.AudioSource;
import io.emovox.audio.Channels;
import io.emovox.audio.vad.SileroVad;
import io.emovox.audio.vad.VadOptions;
import io.emovox.audio.vad.VadSummary;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Voice activity detection speed and memory: streams a long 16 kHz signal through
 * {@link SileroVad} with the default options and reports x real time and peak heap.
 *
 * <pre>
 * VadBench [--seconds 3600] [--casia ../shared/data/casia] [--streams 1] [--file PATH ...]
 *          [--many N]
 * </pre>
 * Without {@code --file} the signal is made from real CASIA clips with silence and noise gaps
 * ({@link VadBenchSource}); {@code --streams N} runs N such signals at once on N threads sharing
 * one model session. Each {@code --file} is decoded, resampled and run through VAD in one stream
 * (decoding included in the time). {@code --many N} instead times N whole CASIA clips, one at a
 * time with {@link SileroVad#analyze} and batched with {@link SileroVad#analyzeAll}.
 */
public final class VadBench {
    private VadBench() {}

    public static void main(String[] args) throws Exception {
        double seconds = 3600;
        int streams = 1;
        int many = 0;
        Path casia = Path.of("../shared/data/casia");
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--streams" -> streams = Integer.parseInt(args[++i]);
                case "--casia" -> casia = Path.of(args[++i]);
                case "--file" -> files.add(Path.of(args[++i]));
                case "--many" -> many = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]
                        + "; use --seconds S, --streams N, --casia DIR, --file PATH or --many N.");
            }
        }
        System.out.printf("VAD benchmark: java %s, %d cores, max heap %d MB%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        long t0 = System.nanoTime();
        try (SileroVad vad = SileroVad.load()) {
            System.out.printf("model load: %.0f ms%n", (System.nanoTime() - t0) / 1e6);
            List<float[]> clips = VadBenchSource.loadClips(casia, 60);
            runSynthetic(vad, clips, 30, 1, "warm-up");
            if (many > 0) {
                runMany(vad, VadBenchSource.loadClips(casia, many));
            } else if (files.isEmpty()) {
                runSynthetic(vad, clips, seconds, streams, "CASIA clips + gaps");
            }
            for (Path file : files) {
                runFile(vad, file);
            }
        }
    }

    private static void runSynthetic(SileroVad vad, List<float[]> clips, double seconds, int streams,
                                     String label) throws Exception {
        resetPeaks();
        AtomicInteger segments = new AtomicInteger();
        List<VadBenchSource> sources = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            sources.add(new VadBenchSource(clips, seconds));
        }
        double cpu0 = cpuSeconds();
        long start = System.nanoTime();
        List<VadSummary> summaries = new ArrayList<>();
        if (streams == 1) {
            summaries.add(vad.detect(sources.get(0), VadOptions.DEFAULT, g -> segments.incrementAndGet()));
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(streams);
            try {
                List<Future<VadSummary>> futures = new ArrayList<>();
                for (VadBenchSource source : sources) {
                    futures.add(pool.submit(() -> vad.detect(source, VadOptions.DEFAULT,
                            g -> segments.incrementAndGet())));
                }
                for (Future<VadSummary> f : futures) {
                    summaries.add(f.get());
                }
            } finally {
                pool.shutdown();
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double audio = summaries.stream().mapToDouble(VadSummary::totalSeconds).sum();
        report(label + ", " + streams + " stream(s)", audio, wall, segments.get(),
                sources.stream().mapToInt(VadBenchSource::clipsPlaced).sum(), summaries.get(0), cpu(audio, cpu0));
    }

    private static void runMany(SileroVad vad, List<float[]> clips) {
        double audio = clips.stream().mapToDouble(c -> c.length / 16_000.0).sum();
        resetPeaks();
        double cpu0 = cpuSeconds();
        long start = System.nanoTime();
        int segments = 0;
        for (float[] clip : clips) {
            segments += vad.analyze(clip, VadOptions.DEFAULT).segments().size();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d clips one at a time: %.0f s of audio in %.2f s = %.0fx real time (%s); %d segments; "
                + "peak heap %.1f MB%n", clips.size(), audio, wall, audio / wall, cpu(audio, cpu0), segments,
                        peakHeapMb());
        resetPeaks();
        cpu0 = cpuSeconds();
        start = System.nanoTime();
        segments = vad.analyzeAll(clips, VadOptions.DEFAULT).stream().mapToInt(r -> r.segments().size()).sum();
        wall = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d clips batched (analyzeAll, up to %d per call): %.0f s of audio in %.2f s = %.0fx real "
                + "time "
                + "(%s); %d segments; peak heap %.1f MB%n", clips.size(), SileroVad.MAX_BATCH, audio, wall,
                        audio / wall,
                cpu(audio, cpu0), segments, peakHeapMb());
    }

    private static void runFile(SileroVad vad, Path file) {
        resetPeaks();
        AtomicInteger segments = new AtomicInteger();
        double cpu0 = cpuSeconds();
        long start = System.nanoTime();
        VadSummary summary;
        try (AudioSource source = new AudioDecoder().open(file, Channels.MIX)) {
            summary = vad.detect(source, VadOptions.DEFAULT, g -> segments.incrementAndGet());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        report("decode + resample + VAD of " + file.getFileName(), summary.totalSeconds(), wall,
                segments.get(), -1, summary, cpu(summary.totalSeconds(), cpu0));
    }

    private static void report(String label, double audioSeconds, double wallSeconds, int segments,
                               int clips, VadSummary summary, String cpu) {
        System.out.printf("%s: %.0f s of audio in %.2f s = %.0fx real time (%s); %d segments%s; "
                        + "speech ratio %.2f; peak heap %.1f MB; process peak RSS so far %.0f MB%n",
                label, audioSeconds, wallSeconds, audioSeconds / wallSeconds, cpu, segments,
                clips >= 0 ? " for " + clips + " clips" : "", summary.speechRatio(), peakHeapMb(), peakRssMb());
    }

    /** Peak resident set size of this process so far (VmHWM), in MB, or -1 off Linux. */
    private static double peakRssMb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // Not Linux: no RSS figure.
        }
        return -1;
    }

    /** CPU time of this process so far, in seconds (all threads, ONNX Runtime's included). */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static String cpu(double audioSeconds, double cpuStart) {
        double used = cpuSeconds() - cpuStart;
        return String.format("CPU %.2f s = %.0fx real time per CPU second", used, audioSeconds / used);
    }

    private static void resetPeaks() {
        System.gc();
        HeapPeaks.reset();
    }

    private static double peakHeapMb() {
        return HeapPeaks.bytes() / 1048576.0;
    }
}
