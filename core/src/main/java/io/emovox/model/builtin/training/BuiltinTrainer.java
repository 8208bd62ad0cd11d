package io.emovox.model.builtin.training;

import io.emovox.model.EmotionLabel;
import io.emovox.model.builtin.BuiltinArtifact;
import io.emovox.model.builtin.FeatureExtractor;
import io.emovox.model.builtin.FeatureScaler;
import io.emovox.model.builtin.Network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Trains the built-in model from labelled feature vectors: standardiser + network on all the
 * data, and the calibration temperature fitted on held-out logits of speaker-grouped folds
 * (no fold ever holds a speaker it was trained on). Speed-perturbed copies
 * ({@link TrainingExample#perturbed()}) are trained on like any clip but never held out for
 * calibration: the temperature is fitted on original recordings only.
 *
 * <p>Deterministic: folds are formed from the sorted speaker ids, every network uses the same
 * seed, fold results are gathered in fold order, and all transcendental functions (features,
 * training, calibration) use {@link StrictMath}, whose results do not depend on JIT state or CPU,
 * so the same examples (in the same order) always give the same artifact bytes, however many
 * threads run the folds.
 *
 * <pre>{@code
 * BuiltinArtifact a = new BuiltinTrainer().train(examples, Map.of("data", "emodb+casia"));
 * a.write(Path.of("builtin-model.json"));
 * }</pre>
 */
public final class BuiltinTrainer {
    /**
     * Classes the built-in model does not learn; their clips are neither trained on nor scored in
     * folds ({@link LabelledFeatures#notLearned}). "other" is no emotion but a corpus's leftover:
     * in the shared data it is EmoDB's boredom alone, and a model that learned it called the
     * neutral speech of other corpora "other" (an English acted corpus: 347 of 400 neutral clips).
     */
    public static final Set<EmotionLabel> NOT_LEARNED = Collections.unmodifiableSet(
            EnumSet.of(EmotionLabel.OTHER, EmotionLabel.UNKNOWN));

    /** Speaker-grouped folds used to fit the temperature. */
    static final int CALIBRATION_FOLDS = 5;

    private final NetworkTrainer.Hyperparameters hp;

    public BuiltinTrainer() {
        this(NetworkTrainer.Hyperparameters.DEFAULT);
    }

    public BuiltinTrainer(NetworkTrainer.Hyperparameters hp) {
        this.hp = hp;
    }

    /**
     * The full training: network on everything, temperature on held-out folds.
     *
     * @param provenance free-form description of the data, stored in the artifact
     */
    public BuiltinArtifact train(List<TrainingExample> examples, Map<String, Object> provenance) {
        BuiltinArtifact model = fit(examples, Map.of());
        double t = calibrationTemperature(examples, model.labels());
        Map<String, Object> training = new LinkedHashMap<>(provenance);
        List<TrainingExample> originals = examples.stream().filter(e -> !e.perturbed()).toList();
        training.put("clips", originals.size());
        training.put("perturbed_copies", examples.size() - originals.size());
        training.put("clips_per_label", countPerLabel(originals));
        training.put("speakers", groups(examples).size());
        training.put("calibration", calibratesByCorpus(examples)
                ? "temperature scaling on leave-one-corpus-out logits"
                : "temperature scaling on " + Math.min(CALIBRATION_FOLDS, groups(examples).size())
                        + " speaker-grouped held-out folds");
        training.put("hyperparameters", Map.of("hidden", hp.hidden(), "epochs", hp.epochs(),
                "batch_size", hp.batchSize(), "learning_rate", hp.learningRate(), "l2", hp.l2(), "seed", hp.seed(),
                "ensemble", hp.ensemble(), "input_noise", hp.inputNoise()));
        return new BuiltinArtifact(BuiltinArtifact.versionOf(model.scaler(), model.networks(), t), model.labels(),
                model.featureNames(), model.scaler(), model.networks(), t, training);
    }

    /**
     * Standardiser + network on all the examples, uncalibrated (temperature 1). Used by
     * {@link #train} and by leave-one-speaker-out evaluation, which calibrates on its own folds.
     */
    public BuiltinArtifact fit(List<TrainingExample> examples, Map<String, Object> training) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("Cannot train the built-in model on zero examples.");
        }
        List<EmotionLabel> labels = labelsOf(examples);
        if (labels.size() < 2) {
            throw new IllegalArgumentException("Training needs at least two emotions, got only " + labels + ".");
        }
        List<double[]> raw = examples.stream().map(TrainingExample::features).toList();
        FeatureScaler scaler = roundToFloat(FeatureScaler.fit(raw));
        List<double[]> x = raw.stream().map(scaler::apply).toList();
        int[] y = examples.stream().mapToInt(e -> labels.indexOf(e.label())).toArray();
        List<Network> nets = new ArrayList<>();
        for (int i = 0; i < hp.ensemble(); i++) {
            NetworkTrainer.Hyperparameters member = hp.withSeed(hp.seed() + i);
            nets.add(roundToFloat(new NetworkTrainer(member).train(x, y, labels.size())));
        }
        return new BuiltinArtifact("uncalibrated", labels, FeatureExtractor.names(), scaler, nets, 1.0, training);
    }

    /**
     * Temperature fitted on logits of clips from outside the scoring network's training data. With
     * clips of two or more named corpora the folds hold out one whole corpus each: what a user
     * gives the model is speech of a corpus it never met, so that is the confidence to calibrate
     * (docs/builtin-model.md measures it leave-one-corpus-out); otherwise speaker-grouped folds.
     * A held-out clip of a class its fold's network never learned is not used.
     */
    double calibrationTemperature(List<TrainingExample> examples, List<EmotionLabel> labels) {
        boolean byCorpus = calibratesByCorpus(examples);
        Function<TrainingExample, String> unit = byCorpus ? TrainingExample::corpus : TrainingExample::group;
        List<String> units = new ArrayList<>(new TreeSet<>(examples.stream().map(unit).toList()));
        int k = byCorpus ? units.size() : Math.min(CALIBRATION_FOLDS, units.size());
        if (k < 2) {
            return 1.0;
        }
        List<List<HeldOut>> folds = IntStream.range(0, k).parallel().mapToObj(fold -> {
            List<TrainingExample> train = new ArrayList<>();
            List<TrainingExample> held = new ArrayList<>();
            for (TrainingExample e : examples) {
                if (units.indexOf(unit.apply(e)) % k != fold) {
                    train.add(e);
                } else if (!e.perturbed()) {
                    held.add(e);
                }
            }
            BuiltinArtifact m = fit(train, Map.of());
            List<HeldOut> out = new ArrayList<>();
            for (TrainingExample e : held) {
                if (m.labels().contains(e.label())) {
                    out.add(new HeldOut(logitsOver(m, e.features(), labels), labels.indexOf(e.label())));
                }
            }
            return out;
        }).toList();
        List<double[]> logits = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        for (List<HeldOut> fold : folds) {
            for (HeldOut h : fold) {
                logits.add(h.logits());
                truth.add(h.truth());
            }
        }
        return TemperatureScaling.fit(logits, truth.stream().mapToInt(Integer::intValue).toArray());
    }

    /** One held-out clip's logits over the run's labels and its true class index. */
    private record HeldOut(double[] logits, int truth) {}

    /** Calibration holds out whole corpora where the examples name two or more, else speakers. */
    static boolean calibratesByCorpus(List<TrainingExample> examples) {
        Set<String> corpora = new TreeSet<>(examples.stream().map(TrainingExample::corpus).toList());
        return corpora.size() >= 2 && !corpora.contains("");
    }

    /** Calibration temperature minimising the NLL of held-out logits (rows over one label set). */
    public static double fitTemperature(List<double[]> logits, int[] truth) {
        return TemperatureScaling.fit(logits, truth);
    }

    /**
     * Logits of {@code model} laid out over {@code labels}: a class the fold's model never saw
     * (a speaker who alone had it) gets a very low logit rather than breaking the layout.
     */
    static double[] logitsOver(BuiltinArtifact model, double[] features, List<EmotionLabel> labels) {
        double[] z = Network.ensembleLogits(model.networks(), model.scaler().apply(features), null);
        double[] out = new double[labels.size()];
        for (int i = 0; i < labels.size(); i++) {
            int j = model.labels().indexOf(labels.get(i));
            out[i] = j < 0 ? -1e4 : z[j];
        }
        return out;
    }

    static List<EmotionLabel> labelsOf(List<TrainingExample> examples) {
        return new TreeSet<>(examples.stream().map(TrainingExample::label).toList()).stream().toList();
    }

    private static TreeSet<String> groups(List<TrainingExample> examples) {
        return new TreeSet<>(examples.stream().map(TrainingExample::group).toList());
    }

    private static Map<String, Integer> countPerLabel(List<TrainingExample> examples) {
        Map<String, Integer> m = new TreeMap<>();
        for (TrainingExample e : examples) {
            m.merge(e.label().key(), 1, Integer::sum);
        }
        return m;
    }

    /** The artifact stores float32; rounding here makes the in-memory model equal the reloaded one. */
    private static FeatureScaler roundToFloat(FeatureScaler s) {
        return new FeatureScaler(round(s.mean()), round(s.scale()));
    }

    private static Network roundToFloat(Network n) {
        return new Network(round(n.w1()), round(n.b1()), round(n.w2()), round(n.b2()));
    }

    private static double[] round(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    private static double[][] round(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = round(m[i]);
        }
        return out;
    }
}
