package io.emovox.research;

import io.emovox.analysis.UncertaintyPolicy;
import io.emovox.evaluation.ClassificationMetrics;
import io.emovox.evaluation.EvaluationReport;
import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.model.builtin.training.BuiltinTrainer;
import io.emovox.model.builtin.training.CorpusFolds;
import io.emovox.model.builtin.training.LabelledFeatures;
import io.emovox.model.builtin.training.TrainingCopies;
import io.emovox.model.builtin.training.TrainingExample;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Development harness (not a test): leave-one-corpus-out ({@link CorpusFolds}) with every feature
 * z-normalised per group of clips (labels unused), for each grouping named in the arguments:
 * {@code none}, {@code speaker} (corpus + speaker: the speaker-baseline lever of issue 13) or
 * {@code corpus}, or {@code corpus-center} (the corpus mean subtracted, no scaling).
 * Perturbed copies are normalised with the statistics of their own speed's copies
 * of the same group. Usage: CorpusNormExperiment DATA_DIR none speaker corpus
 */
final class CorpusNormExperiment {
    public static void main(String[] args) {
        Path data = Path.of(args[0]);
        List<ManifestEntry> entries = new ArrayList<>();
        for (String corpus : List.of("emodb", "casia", "urdu")) {
            entries.addAll(Manifest.read(data.resolve(corpus).resolve("manifest.csv")));
        }
        long t0 = System.nanoTime();
        LabelledFeatures features = LabelledFeatures.extract(entries, TrainingCopies.SHIPPED, n -> { });
        System.out.printf(Locale.ROOT, "features: %d clips, %.0f s%n", features.examples().size(),
                (System.nanoTime() - t0) / 1e9);
        for (int a = 1; a < args.length; a++) {
            String mode = args[a];
            Function<ManifestEntry, String> key = switch (mode) {
                case "none" -> e -> "";
                case "speaker" -> e -> e.column(Manifest.CORPUS) + "/" + e.speaker();
                case "corpus", "corpus-center" -> e -> e.column(Manifest.CORPUS);
                default -> throw new IllegalArgumentException("unknown grouping " + mode);
            };
            LabelledFeatures used = "none".equals(mode) ? features
                    : normalised(features, key, !mode.endsWith("-center"));
            long t1 = System.nanoTime();
            CorpusFolds.Outcome out = new CorpusFolds(new BuiltinTrainer(), UncertaintyPolicy.DEFAULT).evaluate(used);
            EvaluationReport report = EvaluationReport.of("x", out.result(), Manifest.CORPUS,
                    UncertaintyPolicy.DEFAULT);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s", mode));
            for (String c : List.of("emodb", "casia", "urdu")) {
                ClassificationMetrics m = report.groups().get(c);
                line.append(String.format(Locale.ROOT, " | %s UA %.3f ECE %.3f certain %.2f acc %.3f", c, m.ua(),
                        m.ece(), m.certainShare(), m.certainAccuracy()));
            }
            System.out.println(line + String.format(Locale.ROOT, " | %.0f s", (System.nanoTime() - t1) / 1e9));
        }
    }

    /** Every clip's features as z-scores within its group (and speed copy): labels are never used. */
    private static LabelledFeatures normalised(LabelledFeatures f, Function<ManifestEntry, String> key,
                                               boolean scale) {
        int n = f.examples().size();
        int copies = f.perturbed().size() / n;
        String[] group = new String[n];
        for (int i = 0; i < n; i++) {
            group[i] = key.apply(f.entries().get(i));
        }
        List<TrainingExample> examples = zscore(f.examples(), i -> group[i] + "#0", scale);
        List<TrainingExample> perturbed = zscore(f.perturbed(), j -> group[j / copies] + "#" + (1 + j % copies),
                scale);
        return new LabelledFeatures(f.entries(), examples, perturbed, f.failures(), f.unmapped(), f.clips(),
                f.longClips(), f.fingerprints(), f.notLearned());
    }

    private static List<TrainingExample> zscore(List<TrainingExample> xs, java.util.function.IntFunction<String> key,
                                                boolean scale) {
        int dim = xs.get(0).features().length;
        Map<String, double[][]> stats = new TreeMap<>(); // key -> {sum, sumsq, count}
        for (int i = 0; i < xs.size(); i++) {
            double[][] s = stats.computeIfAbsent(key.apply(i), k -> new double[3][dim]);
            double[] x = xs.get(i).features();
            for (int d = 0; d < dim; d++) {
                s[0][d] += x[d];
                s[1][d] += x[d] * x[d];
                s[2][d] += 1;
            }
        }
        List<TrainingExample> out = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            double[][] s = stats.get(key.apply(i));
            TrainingExample e = xs.get(i);
            double[] z = new double[dim];
            for (int d = 0; d < dim; d++) {
                double mean = s[0][d] / s[2][d];
                double var = Math.max(0, s[1][d] / s[2][d] - mean * mean);
                z[d] = (e.features()[d] - mean) / (scale ? Math.sqrt(var + 1e-9) : 1);
            }
            out.add(new TrainingExample(z, e.label(), e.group(), e.perturbed()));
        }
        return out;
    }
}
