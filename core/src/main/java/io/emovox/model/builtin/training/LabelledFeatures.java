package io.emovox.model.builtin.training;

import io.emovox.evaluation.Evaluator;
import io.emovox.evaluation.Failure;
import io.emovox.evaluation.LabelMapping;
import io.emovox.evaluation.ManifestClips;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.model.ClipFingerprint;
import io.emovox.model.EmotionLabel;
import io.emovox.model.TrainingClips;
import io.emovox.model.builtin.FeatureExtractor;

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
 * @param perturbed features of speed-perturbed copies of those clips (same label and group), for
 *                  training only
 * @param failures  clips that could not be used, and why
 * @param unmapped  labels with no mapping, with counts
 * @param clips     content hashes of the clips in {@code examples}: what a model trained on them
 *                  records as its training clips
 */
public record LabelledFeatures(List<ManifestEntry> entries, List<TrainingExample> examples,
                               List<TrainingExample> perturbed, List<Failure> failures,
                               Map<String, Integer> unmapped, TrainingClips clips) {

    /** Features whose clips were not hashed (experiments that cache features). */
    public LabelledFeatures(List<ManifestEntry> entries, List<TrainingExample> examples,
                            List<TrainingExample> perturbed, List<Failure> failures, Map<String, Integer> unmapped) {
        this(entries, examples, perturbed, failures, unmapped, TrainingClips.UNKNOWN);
    }

    /** What a model is trained on: the clips and their perturbed copies. */
    public List<TrainingExample> trainingSet() {
        List<TrainingExample> all = new ArrayList<>(examples);
        all.addAll(perturbed);
        return all;
    }

    /**
     * Decodes every clip once and computes its features, plus those of a copy at each of
     * {@code speeds} ({@link SpeedPerturbation}; empty for none).
     */
    public static LabelledFeatures extract(List<ManifestEntry> manifest, List<Double> speeds, IntConsumer progress) {
        List<ManifestEntry> mapped = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        Map<String, Integer> unmapped = new TreeMap<>();
        Evaluator.splitByMapping(manifest, mapped, failures, unmapped);
        FeatureExtractor fx = new FeatureExtractor();
        ManifestClips.Outcome<double[][]> out = new ManifestClips<double[][]>().run(mapped, samples -> {
            double[][] f = new double[1 + speeds.size()][];
            f[0] = fx.extract(samples);
            for (int k = 0; k < speeds.size(); k++) {
                f[k + 1] = fx.extract(SpeedPerturbation.apply(samples, speeds.get(k)));
            }
            return f;
        }, progress);
        List<ManifestEntry> entries = new ArrayList<>();
        List<TrainingExample> examples = new ArrayList<>();
        List<TrainingExample> perturbed = new ArrayList<>();
        List<ClipFingerprint> fingerprints = new ArrayList<>();
        for (int i = 0; i < mapped.size(); i++) {
            double[][] f = out.values().get(i);
            if (f != null) {
                ManifestEntry e = mapped.get(i);
                fingerprints.add(out.fingerprints().get(i));
                EmotionLabel label = LabelMapping.map(e.label()).orElseThrow();
                entries.add(e);
                examples.add(new TrainingExample(f[0], label, e.speaker()));
                for (int k = 1; k < f.length; k++) {
                    perturbed.add(new TrainingExample(f[k], label, e.speaker(), true));
                }
            }
        }
        failures.addAll(out.failures());
        return new LabelledFeatures(List.copyOf(entries), List.copyOf(examples), List.copyOf(perturbed),
                List.copyOf(failures), Map.copyOf(unmapped), TrainingClips.of(fingerprints));
    }
}
