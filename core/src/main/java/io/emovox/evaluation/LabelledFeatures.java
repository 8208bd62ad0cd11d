package io.emovox.evaluation;

import io.emovox.model.builtin.FeatureExtractor;
import io.emovox.model.builtin.TrainingExample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Built-in model features of every manifest clip, computed once on all cores; training and
 * leave-one-speaker-out folds reuse them.
 *
 * @param entries   the clips that were decoded and labelled, aligned with {@code examples}
 * @param examples  features, mapped label and speaker (the group) of each clip
 * @param failures  clips that could not be used, and why
 * @param unmapped  labels with no mapping, with counts
 */
public record LabelledFeatures(List<ManifestEntry> entries, List<TrainingExample> examples,
                               List<Failure> failures, Map<String, Integer> unmapped) {

    public static LabelledFeatures extract(List<ManifestEntry> manifest, IntConsumer progress) {
        List<ManifestEntry> mapped = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        Map<String, Integer> unmapped = new TreeMap<>();
        Evaluator.splitByMapping(manifest, mapped, failures, unmapped);
        FeatureExtractor fx = new FeatureExtractor();
        ClipScorer.Outcome<double[]> out = new ClipScorer<double[]>().run(mapped, fx::extract, progress);
        List<ManifestEntry> entries = new ArrayList<>();
        List<TrainingExample> examples = new ArrayList<>();
        for (int i = 0; i < mapped.size(); i++) {
            double[] f = out.values().get(i);
            if (f != null) {
                ManifestEntry e = mapped.get(i);
                entries.add(e);
                examples.add(new TrainingExample(f, LabelMapping.map(e.label()).orElseThrow(), e.speaker()));
            }
        }
        failures.addAll(out.failures());
        return new LabelledFeatures(List.copyOf(entries), List.copyOf(examples), List.copyOf(failures),
                Map.copyOf(unmapped));
    }
}
