package io.emovox.analysis;

import io.emovox.audio.AudioDecoder;
import io.emovox.model.builtin.BuiltinModel;
import io.emovox.testing.TestAudio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Development harness (not a test): seconds each stage takes, per granularity, on one long
 * recording of real speech (EmoDB clips, Args: MINUTES [REPEATS]). Gives the stage weights of
 * {@link ProgressMeter} and the cost of the utterance granularity's mixed-recording pass (its
 * scoring is the segments granularity's scoring of the same VAD segments). docs/analysis.md "Progress".
 */
final class StageTimes {
    public static void main(String[] args) throws Exception {
        double minutes = Double.parseDouble(args[0]);
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        AudioDecoder decoder = new AudioDecoder();
        List<float[]> parts = new ArrayList<>();
        double have = 0;
        while (have < minutes * 60) {
            for (Path clip : TestAudio.manifestSample("emodb", 535)) {
                float[] x = decoder.decode(clip).samples();
                parts.add(x);
                parts.add(new float[4_000]);
                have += (x.length + 4_000) / 16_000.0;
                if (have >= minutes * 60) {
                    break;
                }
            }
        }
        float[] all = TestAudio.concat(parts);
        Path dir = Files.createTempDirectory("stage-times");
        Path wav = dir.resolve("long.wav");
        TestAudio.writeWav(wav, 16_000, all);
        System.out.printf(Locale.ROOT, "input: %.1f s of EmoDB clips, %s%n", all.length / 16_000.0, wav);
        try (BuiltinModel model = BuiltinModel.load(); Analyzer analyzer = new Analyzer(model)) {
            for (int r = 0; r < repeats; r++) {
                for (Granularity g : Granularity.values()) {
                    // CPU time of this thread (the analysis runs on it; wall time on a shared machine says little).
                    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
                    Map<String, Long> first = new LinkedHashMap<>();
                    long t0 = cpu.getCurrentThreadCpuTime();
                    ProgressListener listener = (stage, f) -> first.putIfAbsent(stage, cpu.getCurrentThreadCpuTime());
                    try (AnalysisResult res = analyzer.analyze(wav, AnalysisOptions.DEFAULT.withGranularity(g),
                            listener)) {
                        long scored = cpu.getCurrentThreadCpuTime();
                        ResultWriter.write(res, dir.resolve(g.key()), listener);
                        long end = cpu.getCurrentThreadCpuTime();
                        double decoding = (first.get("scoring") - t0) / 1e9;
                        double scoring = (scored - first.get("scoring")) / 1e9;
                        double writing = (end - scored) / 1e9;
                        double total = decoding + scoring + writing;
                        System.out.printf(Locale.ROOT,
                                "%-9s CPU s: decoding %6.2f  scoring %6.2f  writing %5.2f  total %6.2f"
                                        + "  shares %.2f/%.2f/%.2f  warnings %s%n", g.key(), decoding, scoring,
                                                writing, total,
                                decoding / total, scoring / total, writing / total,
                                res.warnings().stream().map(AnalysisWarning::code).toList());
                    }
                }
            }
        }
    }
}
