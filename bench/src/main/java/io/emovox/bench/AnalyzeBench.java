package io.emovox.bench;

import com.sun.management.OperatingSystemMXBean;
import io.emovox.analysis.AnalysisOptions;
import io.emovox.analysis.AnalysisResult;
import io.emovox.analysis.Analyzer;
import io.emovox.analysis.Granularity;
import io.emovox.analysis.ProgressListener;
import io.emovox.analysis.ResultWriter;
import io.emovox.files.FileTrees;
import io.emovox.model.EmotionModel;
import io.emovox.model.store.ModelStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The main job end to end: {@link Analyzer#analyze} on a file (decode, VAD, not-speech check,
 * scoring) plus {@link ResultWriter#write} of the output folder, one input at a time, and the
 * memory it needed. Shows that an hour-long input runs in a small fixed heap.
 *
 * <pre>
 * AnalyzeBench --file PATH [--model builtin] [--granularity utterance|frame|segments] [--embedding]
 * </pre>
 */
public final class AnalyzeBench {
    private AnalyzeBench() {}

    public static void main(String[] args) throws Exception {
        Path file = null;
        String model = ModelStore.BUILTIN;
        Granularity granularity = Granularity.UTTERANCE;
        boolean embedding = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--file" -> file = Path.of(args[++i]);
                case "--model" -> model = args[++i];
                case "--granularity" -> granularity = Granularity.parse(args[++i]);
                case "--embedding" -> embedding = true;
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]
                        + "; use --file PATH, --model NAME, --granularity LEVEL or --embedding.");
            }
        }
        if (file == null) {
            throw new IllegalArgumentException("Give the input with --file PATH.");
        }
        AnalysisOptions options = AnalysisOptions.DEFAULT.withGranularity(granularity).withEmbedding(embedding);
        Path out = Files.createTempDirectory("emovox-analyze-bench-");
        try (EmotionModel m = ModelStore.atHome().open(model);
             Analyzer analyzer = new Analyzer(m)) {
            System.out.printf("analyze benchmark: java %s, %d cores, max heap %d MB, model %s %s%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20, m.info().name(), m.info().version());
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long start = System.nanoTime();
            double audio;
            try (AnalysisResult r = analyzer.analyze(file, options, ProgressListener.NONE)) {
                ResultWriter.write(r, out.resolve("result"));
                audio = r.durationSeconds();
            }
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            long json = Files.size(out.resolve("result").resolve(ResultWriter.RESULT_JSON));
            System.out.printf("| %s | %s%s | %.0f | %.1f | %.1f | %.0f | %.0f | %.1f | %.1f |%n", file.getFileName(),
                    granularity.key(), embedding ? " + embedding" : "", audio, wall, cpu, audio / wall, audio / cpu,
                    peakHeapMb(), json / 1e6);
        } finally {
            FileTrees.delete(out);
        }
    }

    private static double peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum / 1e6;
    }
}
