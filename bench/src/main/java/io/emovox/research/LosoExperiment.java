package io.emovox.research;

import io.emovox.analysis.UncertaintyPolicy;
import io.emovox.evaluation.EvaluationReport;
import io.emovox.evaluation.EvaluationResult;
import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.evaluation.ClassificationMetrics;
import io.emovox.model.builtin.training.BuiltinTrainer;
import io.emovox.model.builtin.training.LabelledFeatures;
import io.emovox.model.builtin.training.NetworkTrainer;
import io.emovox.model.builtin.training.SpeakerFolds;
import io.emovox.model.builtin.training.TrainingExample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Development harness (not a test): LOSO UA and ECE for classifier settings, features cached in a file. */
final class LosoExperiment {
    public static void main(String[] args) throws IOException {
        Path data = Path.of(args[0]);
        Path cache = Path.of(args[1]);
        List<ManifestEntry> entries = new ArrayList<>(Manifest.read(data.resolve("emodb/manifest.csv")));
        entries.addAll(Manifest.read(data.resolve("casia/manifest.csv")));
        // The clips' features, cached in the file that AugmentExperiment also reads and writes.
        List<AugmentExperiment.Clip> clips = AugmentExperiment.features(entries, 1.0, cache);
        List<TrainingExample> originals = clips.stream()
                .map(c -> new TrainingExample(c.f(), c.label(), c.entry().speaker())).toList();
        LabelledFeatures features = new LabelledFeatures(clips.stream().map(AugmentExperiment.Clip::entry).toList(),
                originals, List.of(), List.of(), Map.of());
        for (int a = 2; a < args.length; a++) {
            Map<String, String> kv = AugmentExperiment.parse(args[a]);
            NetworkTrainer.Hyperparameters hp = AugmentExperiment.hyperparameters(kv);
            LabelledFeatures used = features;
            if (kv.containsKey("keep")) {
                int dim = features.examples().get(0).features().length;
                boolean[] keep = new boolean[dim];
                for (String range : kv.get("keep").split("/")) {
                    String[] lohi = range.split("-");
                    for (int j = Integer.parseInt(lohi[0]); j <= Integer.parseInt(lohi[1]); j++) {
                        keep[j] = true;
                    }
                }
                List<TrainingExample> xs = new ArrayList<>();
                for (TrainingExample e : features.examples()) {
                    double[] f = e.features().clone();
                    for (int j = 0; j < dim; j++) {
                        if (!keep[j]) {
                            f[j] = 0;
                        }
                    }
                    xs.add(new TrainingExample(f, e.label(), e.group()));
                }
                used = new LabelledFeatures(features.entries(), xs, List.of(), List.of(), Map.of());
            }
            long t0 = System.nanoTime();
            EvaluationResult r = new SpeakerFolds(new BuiltinTrainer(hp), UncertaintyPolicy.DEFAULT).evaluate(used);
            EvaluationReport report = EvaluationReport.of("x", r, "lang", UncertaintyPolicy.DEFAULT);
            ClassificationMetrics de = report.groups().get("de");
            ClassificationMetrics zh = report.groups().get("zh");
            System.out.printf(Locale.ROOT,
                    "%-40s EmoDB UA %.3f WA %.3f | CASIA UA %.3f WA %.3f | pooled UA %.3f ECE %.3f | %.0f s%n",
                    args[a], de.ua(), de.wa(), zh.ua(), zh.wa(), report.overall().ua(), report.overall().ece(),
                    (System.nanoTime() - t0) / 1e9);
        }
    }
}
