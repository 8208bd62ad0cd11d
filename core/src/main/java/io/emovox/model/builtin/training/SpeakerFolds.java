package io.emovox.model.builtin.training;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.analysis.UncertaintyPolicy;
import io.emovox.evaluation.EvaluationResult;
import io.emovox.evaluation.Evaluator;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.evaluation.Prediction;
import io.emovox.evaluation.TrainingCheck;
import io.emovox.model.EmotionLabel;
import io.emovox.model.builtin.BuiltinModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Leave-one-speaker-out evaluation of the built-in model: for each speaker, a model trained on
 * all other speakers (their clips and altered copies, as the shipped model is trained)
 * scores that speaker's original clips. Calibration stays honest: fold s uses the
 * temperature fitted on the held-out logits of all the other folds (clips of speakers other
 * than s, each scored by a model that never heard its own speaker).
 */
public final class SpeakerFolds {
    private final BuiltinTrainer trainer;
    private final UncertaintyPolicy policy;

    public SpeakerFolds(BuiltinTrainer trainer, UncertaintyPolicy policy) {
        this.trainer = trainer;
        this.policy = policy;
    }

    public EvaluationResult evaluate(LabelledFeatures data) {
        List<String> speakers = new ArrayList<>(new TreeSet<>(data.entries().stream().map(ManifestEntry::speaker).toList()));
        if (speakers.contains("")) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Leave-one-speaker-out needs a 'speaker' column "
                    + "with a value on every line of the manifest.");
        }
        if (speakers.size() < 2) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Leave-one-speaker-out needs at least two "
                    + "speakers, the manifest has " + speakers.size() + ".");
        }
        List<TrainingExample> all = data.examples();
        int n = all.size();
        // Held-out logits of each clip over the full label set, from the fold that left its speaker out.
        List<EmotionLabel> labels = new ArrayList<>(new TreeSet<>(all.stream().map(TrainingExample::label).toList()));
        float[][] logits = new float[n][];
        List<TrainingExample> trainingSet = data.trainingSet();
        List<float[][]> perFold = IntStream.range(0, speakers.size()).parallel().mapToObj(s -> {
            String speaker = speakers.get(s);
            List<TrainingExample> train = trainingSet.stream().filter(e -> !e.group().equals(speaker)).toList();
            BuiltinModel m = BuiltinModel.of(trainer.fit(train, Map.of()));
            float[][] out = new float[n][];
            for (int i = 0; i < n; i++) {
                if (all.get(i).group().equals(speaker)) {
                    out[i] = data.logits(i, f -> m.score(f).logits());
                }
            }
            return out;
        }).toList();
        for (float[][] fold : perFold) {
            for (int i = 0; i < n; i++) {
                if (fold[i] != null) {
                    logits[i] = fold[i];
                }
            }
        }
        Prediction[] byClip = new Prediction[n];
        double tSum = 0;
        for (String speaker : speakers) {
            List<double[]> calib = new ArrayList<>();
            List<Integer> truth = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!all.get(i).group().equals(speaker)) {
                    calib.add(over(logits[i], labels));
                    truth.add(labels.indexOf(all.get(i).label()));
                }
            }
            double t = BuiltinTrainer.fitTemperature(calib, truth.stream().mapToInt(Integer::intValue).toArray());
            tSum += t;
            for (int i = 0; i < n; i++) {
                if (all.get(i).group().equals(speaker)) {
                    byClip[i] = (Evaluator.predict(data.entries().get(i), logits[i], t, policy));
                }
            }
        }
        List<Prediction> predictions = List.of(byClip);
        return new EvaluationResult("builtin (leave-one-speaker-out, " + speakers.size() + " folds)",
                tSum / speakers.size(), predictions, data.failures(), data.unmapped(),
                TrainingCheck.heldOut(predictions.size(), "speaker"));
    }

    /** Logits over the run's label set; a label a fold never learned (-inf) gets a very low finite value. */
    static double[] over(float[] logits, List<EmotionLabel> labels) {
        double[] out = new double[labels.size()];
        for (int k = 0; k < out.length; k++) {
            float v = logits[labels.get(k).ordinal()];
            out[k] = v == Float.NEGATIVE_INFINITY ? -1e4 : v;
        }
        return out;
    }
}
