package io.emovox.model.builtin.training;

import io.emovox.analysis.AnalysisOptions;
import io.emovox.analysis.ClipScorer;
import io.emovox.analysis.WeightedMean;
import io.emovox.analysis.WindowPlan;
import io.emovox.evaluation.Evaluator;
import io.emovox.evaluation.Failure;
import io.emovox.evaluation.LabelMapping;
import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.ManifestClips;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.model.ClipFingerprint;
import io.emovox.model.EmotionLabel;
import io.emovox.model.TrainingClips;
import io.emovox.model.builtin.BuiltinModel;
import io.emovox.model.builtin.FeatureExtractor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * Built-in model features of every manifest clip, computed once on all cores; training and
 * leave-one-speaker-out folds reuse them.
 *
 * @param entries   the clips that were decoded and labelled, aligned with {@code examples}
 * @param examples  features, mapped label and speaker (the group) of each clip
 * @param perturbed features of the altered copies of those clips ({@link TrainingCopies}: same
 *                  label and group), for training only
 * @param failures  clips that could not be used, and why
 * @param unmapped  labels with no mapping, with counts
 * @param clips     content hashes of the clips in {@code examples}: what a model trained on them
 *                  records as its training clips
 * @param longClips by index into {@code examples}: the features of each window that the one
 *                  scoring path ({@link ClipScorer}) cuts a clip longer than the model's window
 *                  into; a clip that is not here is one window, its example's own features
 * @param fingerprints content hashes of each clip, aligned with {@code examples} (empty when the
 *                  clips were not hashed): a fold's model records those of its training clips
 * @param notLearned clips left out because their class is one the built-in model does not learn
 *                  ({@link BuiltinTrainer#NOT_LEARNED}), by class: neither trained on nor scored
 */
public record LabelledFeatures(List<ManifestEntry> entries, List<TrainingExample> examples,
                               List<TrainingExample> perturbed, List<Failure> failures,
                               Map<String, Integer> unmapped, TrainingClips clips,
                               Map<Integer, WindowedClip> longClips, List<ClipFingerprint> fingerprints,
                               Map<EmotionLabel, Integer> notLearned) {

    /** Features whose clips were not hashed (experiments that cache features). */
    public LabelledFeatures(List<ManifestEntry> entries, List<TrainingExample> examples,
                            List<TrainingExample> perturbed, List<Failure> failures, Map<String, Integer> unmapped) {
        this(entries, examples, perturbed, failures, unmapped, TrainingClips.UNKNOWN, Map.of(), List.of(), Map.of());
    }

    /** "other 81": the clips left out as {@link #notLearned}, for a report line; empty when none. */
    public String notLearnedSummary() {
        return String.join(", ", new TreeMap<>(notLearned).entrySet().stream()
                .map(e -> e.getKey().key() + " " + e.getValue()).toList());
    }

    /**
     * A clip longer than one model window, as its windows.
     *
     * @param features the features of each window
     * @param weights  each window's weight ({@link WindowPlan#weight})
     */
    public record WindowedClip(double[][] features, double[] weights) {}

    /**
     * The logits of example {@code i} scored as {@code analyze} and {@code evaluate} score its
     * clip: its own features, or for a clip longer than the window the {@link WeightedMean} of its
     * windows' logits.
     *
     * @param score a model's logits for one feature vector
     */
    public float[] logits(int i, Function<double[], float[]> score) {
        WindowedClip w = longClips.get(i);
        if (w == null) {
            return score.apply(examples.get(i).features());
        }
        WeightedMean mean = new WeightedMean();
        for (int k = 0; k < w.features().length; k++) {
            mean.add(score.apply(w.features()[k]), null, w.weights()[k]);
        }
        return mean.logits();
    }

    /** What a model is trained on: the clips and their perturbed copies. */
    public List<TrainingExample> trainingSet() {
        return trainingSet(i -> true);
    }

    /**
     * The training set of the clips {@code keep} accepts (by index into {@code examples}), with
     * their perturbed copies: {@link #extract} lays the copies out in clip order, the same number
     * per clip, in the same order as {@link #trainingSet()}.
     */
    public List<TrainingExample> trainingSet(IntPredicate keep) {
        if (!examples.isEmpty() && perturbed.size() % examples.size() != 0) {
            throw new IllegalStateException(perturbed.size() + " perturbed copies of " + examples.size()
                    + " clips: not the same number per clip.");
        }
        int copies = examples.isEmpty() ? 0 : perturbed.size() / examples.size();
        List<TrainingExample> out = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (keep.test(i)) {
                out.add(examples.get(i));
            }
        }
        for (int j = 0; j < perturbed.size(); j++) {
            if (keep.test(j / copies)) {
                out.add(perturbed.get(j));
            }
        }
        return out;
    }

    /**
     * Decodes every clip once and computes its features, plus those of each of its
     * {@code copies} ({@link TrainingCopies#NONE} for none).
     */
    public static LabelledFeatures extract(List<ManifestEntry> manifest, TrainingCopies copies, IntConsumer progress) {
        List<ManifestEntry> known = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        Map<String, Integer> unmapped = new TreeMap<>();
        Evaluator.splitByMapping(manifest, known, failures, unmapped);
        List<ManifestEntry> mapped = new ArrayList<>();
        Map<EmotionLabel, Integer> notLearned = new TreeMap<>();
        for (ManifestEntry e : known) {
            EmotionLabel label = LabelMapping.map(e.label()).orElseThrow();
            if (BuiltinTrainer.NOT_LEARNED.contains(label)) {
                notLearned.merge(label, 1, Integer::sum);
            } else {
                mapped.add(e);
            }
        }
        FeatureExtractor fx = new FeatureExtractor();
        ManifestClips.Outcome<ClipFeatures> out = new ManifestClips<ClipFeatures>().run(mapped, samples -> {
            List<float[]> altered = copies.of(samples);
            double[][] f = new double[1 + altered.size()][];
            f[0] = fx.extract(samples);
            for (int k = 0; k < altered.size(); k++) {
                f[k + 1] = fx.extract(altered.get(k));
            }
            return new ClipFeatures(f, windows(fx, samples));
        }, progress);
        List<ManifestEntry> entries = new ArrayList<>();
        List<TrainingExample> examples = new ArrayList<>();
        List<TrainingExample> perturbed = new ArrayList<>();
        List<ClipFingerprint> fingerprints = new ArrayList<>();
        Map<Integer, WindowedClip> longClips = new TreeMap<>();
        for (int i = 0; i < mapped.size(); i++) {
            ClipFeatures c = out.values().get(i);
            if (c != null) {
                double[][] f = c.features();
                if (c.windows() != null) {
                    longClips.put(examples.size(), c.windows());
                }
                ManifestEntry e = mapped.get(i);
                fingerprints.add(out.fingerprints().get(i));
                EmotionLabel label = LabelMapping.map(e.label()).orElseThrow();
                entries.add(e);
                String corpus = e.column(Manifest.CORPUS);
                examples.add(new TrainingExample(f[0], label, e.speaker(), false, corpus));
                for (int k = 1; k < f.length; k++) {
                    perturbed.add(new TrainingExample(f[k], label, e.speaker(), true, corpus));
                }
            }
        }
        failures.addAll(out.failures());
        return new LabelledFeatures(List.copyOf(entries), List.copyOf(examples), List.copyOf(perturbed),
                List.copyOf(failures), Map.copyOf(unmapped), TrainingClips.of(fingerprints), Map.copyOf(longClips),
                List.copyOf(fingerprints), Map.copyOf(notLearned));
    }

    /** One clip's features and copies' features; {@code windows} only when it is longer than the window. */
    private record ClipFeatures(double[][] features, WindowedClip windows) {}

    /** The windows the scoring path cuts a long clip into, each as features; null for one window. */
    private static WindowedClip windows(FeatureExtractor fx, float[] samples) {
        WindowPlan plan = ClipScorer.plan(samples.length, BuiltinModel.MAX_WINDOW_SAMPLES, 0, AnalysisOptions.DEFAULT);
        if (plan.size() == 1) {
            return null;
        }
        double[][] features = new double[plan.size()][];
        double[] weights = new double[plan.size()];
        for (int w = 0; w < plan.size(); w++) {
            features[w] = fx.extract(Arrays.copyOfRange(samples, (int) plan.start(w), (int) plan.end(w)));
            weights[w] = plan.weight(w);
        }
        return new WindowedClip(features, weights);
    }
}
