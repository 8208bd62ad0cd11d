package io.emovox.bench;

import io.emovox.audio.AudioDecoder;
import io.emovox.audio.AudioLimits;
import io.emovox.audio.AudioSource;
import io.emovox.audio.Channels;
import io.emovox.audio.SourceInfo;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decode + resample speed and memory: streams each file through {@link AudioDecoder#open} (FFmpeg
 * decode, float conversion, downmix, 16 kHz resampling) in one-second blocks, the way the
 * analysis pipeline reads long inputs, and reports x real time and peak memory.
 *
 * <pre>
 * DecodeBench FILE...        (bench/run.sh decode makes the 10- and 60-minute inputs)
 * </pre>
 *
 * Columns: audio seconds; wall seconds; x real time by wall clock and by the process's CPU time
 * (all threads: the read-ahead decoder, the reader, JIT and GC; less disturbed by other processes
 * on a shared machine than the wall clock); peak heap (sum of the
 * heap pools' peak use, an upper bound that includes uncollected garbage; run under a small
 * -Xmx to show the bound); peak resident set of the whole process (native FFmpeg memory
 * included, from /proc/self/status VmHWM).
 */
public final class DecodeBench {
    private DecodeBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("Give one or more audio files to decode; bench/run.sh decode makes "
                    + "them.");
        }
        System.out.printf(Locale.ROOT, "decode benchmark: java %s, %d cores, max heap %d MB%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULT);
        // Loading the FFmpeg natives (once per process) is start-up, not decoding: time it apart.
        long s0 = System.nanoTime();
        decoder.probe(Path.of(args[0]));
        System.out.printf(Locale.ROOT, "start-up (FFmpeg natives load + first probe): %.0f ms%n",
                (System.nanoTime() - s0) / 1e6);
        List<String> rows = new ArrayList<>();
        for (String arg : args) {
            if (rows.isEmpty()) {
                System.out.println("| file | input | audio s | wall s | x real time (wall) | x real time (CPU) "
                        + "| peak heap MB | peak RSS MB |");
                System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
            }
            rows.add(run(decoder, Path.of(arg)));
            System.out.println(rows.get(rows.size() - 1));
        }
    }

    private static String run(AudioDecoder decoder, Path file) throws IOException {
        System.gc();
        HeapPeaks.reset();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        long samples = 0;
        SourceInfo info;
        float[] block = new float[16_000];
        try (AudioSource source = decoder.open(file, Channels.MIX)) {
            info = source.info();
            for (int n; (n = source.read(block, 0, block.length)) >= 0; ) {
                samples += n;
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        double audio = samples / 16_000.0;
        String input = String.format(Locale.ROOT, "%s %s %d Hz %d ch, %.0f MB", info.container(), info.codec(),
                info.sampleRate(), info.channels(), Files.size(file) / 1e6);
        return String.format(Locale.ROOT, "| %s | %s | %.0f | %.2f | %.0f | %.0f | %.1f | %.0f |",
                file.getFileName(), input, audio, wall, audio / wall, audio / cpu, peakHeapMb(), peakRssMb());
    }

    /** CPU time of the whole process: the read-ahead decoding thread, JIT and GC included. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double peakHeapMb() {
        return HeapPeaks.bytes() / 1e6;
    }

    /** Peak resident set size of this process so far (Linux), or -1. */
    private static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1e3;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
