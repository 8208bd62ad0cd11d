package io.emovox.model.builtin.training;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.analysis.UncertaintyPolicy;
import io.emovox.evaluation.EvaluationResult;
import io.emovox.evaluation.Evaluator;
import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.Prediction;
import io.emovox.evaluation.TrainingCheck;
import io.emovox.model.ClipFingerprint;
import io.emovox.model.EmotionLabel;
import io.emovox.model.TrainingClips;
import io.emovox.model.builtin.BuiltinArtifact;
import io.emovox.model.builtin.BuiltinModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Leave-one-corpus-out evaluation of the built-in model (docs/builtin-model.md): for each corpus
 * (the manifest's {@value Manifest#CORPUS} column), a model trained on all the other corpora
 * (their clips and altered copies, as the shipped model is trained) scores the held-out
 * corpus on the classes the training corpora also have: held-out clips of other classes are
 * left out, and the verdict is chosen among the scored classes only (chance is 1 / their number).
 * Each fold's model records its training clips; a held-out clip found among them (the same clip
 * in two corpora) is reported as a training clip, never as a test. Calibration stays honest as
 * in {@link SpeakerFolds}: fold c uses the temperature fitted on the held-out logits of the other
 * folds, so neither the network nor the temperature has met corpus c.
 */
public final class CorpusFolds {
    private final BuiltinTrainer trainer;
    private final UncertaintyPolicy policy;

    public CorpusFolds(BuiltinTrainer trainer, UncertaintyPolicy policy) {
        this.trainer = trainer;
        this.policy = policy;
    }

    /**
     * One fold.
     *
     * @param corpus        the held-out corpus
     * @param trainedOn     the corpora its model was trained on
     * @param trainingClips its model's record of its training clips
     * @param scored        the classes scored: the held-out corpus's that the model learned
     * @param leftOut       held-out clips of other classes, not scored, by class
     * @param temperature   the calibration temperature of this fold
     */
    public record Fold(String corpus, List<String> trainedOn, TrainingClips trainingClips, List<EmotionLabel> scored,
                       SortedMap<EmotionLabel, Integer> leftOut, double temperature) {}

    /** The folds and the predictions of all of them (result's predictions: scored clips in manifest order). */
    public record Outcome(EvaluationResult result, List<Fold> folds) {}

    public Outcome evaluate(LabelledFeatures data) {
        int n = data.examples().size();
        String[] corpus = data.entries().stream().map(e -> e.column(Manifest.CORPUS)).toArray(String[]::new);
        List<String> corpora = new ArrayList<>(new TreeSet<>(Arrays.asList(corpus)));
        if (corpora.contains("")) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Leave-one-corpus-out needs the corpus of every "
                    + "clip: a 'corpus' column, or manifests in folders named after their corpus.");
        }
        if (corpora.size() < 2) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Leave-one-corpus-out needs at least two corpora, "
                    + "got " + corpora + ": give one manifest per corpus, or a 'corpus' column.");
        }
        if (data.fingerprints().size() != n) {
            throw new IllegalArgumentException("Leave-one-corpus-out needs the clips' content hashes.");
        }
        List<FoldRun> runs = IntStream.range(0, corpora.size()).parallel()
                .mapToObj(c -> run(data, corpus, corpora.get(c))).toList();
        // The label set of the calibration rows: every class some fold scores.
        List<EmotionLabel> labels = new ArrayList<>(new TreeSet<>(
                runs.stream().flatMap(r -> r.scored.stream()).toList()));
        Prediction[] byClip = new Prediction[n];
        TrainingClips.Overlap[] overlap = new TrainingClips.Overlap[n];
        List<Fold> folds = new ArrayList<>();
        for (int c = 0; c < runs.size(); c++) {
            List<double[]> calib = new ArrayList<>();
            List<Integer> truth = new ArrayList<>();
            for (int o = 0; o < runs.size(); o++) {
                for (int i = 0; o != c && i < n; i++) {
                    if (runs.get(o).logits[i] != null) {
                        calib.add(SpeakerFolds.over(runs.get(o).logits[i], labels));
                        truth.add(labels.indexOf(data.examples().get(i).label()));
                    }
                }
            }
            double t = BuiltinTrainer.fitTemperature(calib, truth.stream().mapToInt(Integer::intValue).toArray());
            FoldRun r = runs.get(c);
            for (int i = 0; i < n; i++) {
                if (r.logits[i] != null) {
                    byClip[i] = Evaluator.predict(data.entries().get(i), r.logits[i], t, policy);
                    overlap[i] = r.model.trainingClips().overlap(data.fingerprints().get(i));
                }
            }
            List<String> trainedOn = corpora.stream().filter(k -> !k.equals(r.corpus)).toList();
            folds.add(new Fold(r.corpus, trainedOn, r.model.trainingClips(), r.scored, r.leftOut, t));
        }
        List<Prediction> predictions = new ArrayList<>();
        List<TrainingClips.Overlap> overlaps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (byClip[i] != null) {
                predictions.add(byClip[i]);
                overlaps.add(overlap[i]);
            }
        }
        double meanT = folds.stream().mapToDouble(Fold::temperature).average().orElse(1);
        EvaluationResult result = new EvaluationResult("builtin (leave-one-corpus-out, " + corpora.size() + " folds)",
                meanT, predictions, data.failures(), data.unmapped(),
                new TrainingCheck(TrainingCheck.Status.HELD_OUT, 0, overlaps, Manifest.CORPUS));
        return new Outcome(result, List.copyOf(folds));
    }

    /** A fold's model and the masked logits of the held-out clips it scores (null for the others). */
    private record FoldRun(String corpus, BuiltinArtifact model, List<EmotionLabel> scored,
                           SortedMap<EmotionLabel, Integer> leftOut, float[][] logits) {}

    private FoldRun run(LabelledFeatures data, String[] corpus, String heldOut) {
        int n = corpus.length;
        List<ClipFingerprint> trainedClips = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!corpus[i].equals(heldOut)) {
                trainedClips.add(data.fingerprints().get(i));
            }
        }
        BuiltinArtifact artifact = trainer.fit(data.trainingSet(i -> !corpus[i].equals(heldOut)), Map.of())
                .withTrainingClips(TrainingClips.of(trainedClips));
        SortedSet<EmotionLabel> scored = new TreeSet<>();
        SortedMap<EmotionLabel, Integer> leftOut = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            if (corpus[i].equals(heldOut)) {
                EmotionLabel truth = data.examples().get(i).label();
                if (artifact.labels().contains(truth)) {
                    scored.add(truth);
                } else {
                    leftOut.merge(truth, 1, Integer::sum);
                }
            }
        }
        BuiltinModel m = BuiltinModel.of(artifact);
        float[][] logits = new float[n][];
        for (int i = 0; i < n; i++) {
            if (corpus[i].equals(heldOut) && scored.contains(data.examples().get(i).label())) {
                logits[i] = mask(data.logits(i, f -> m.score(f).logits()), scored);
            }
        }
        return new FoldRun(heldOut, artifact, List.copyOf(scored), leftOut, logits);
    }

    /** The verdict is chosen among the scored classes only: every other logit becomes -inf. */
    private static float[] mask(float[] logits, SortedSet<EmotionLabel> scored) {
        float[] out = logits.clone();
        for (EmotionLabel l : EmotionLabel.ALL) {
            if (!scored.contains(l)) {
                out[l.ordinal()] = Float.NEGATIVE_INFINITY;
            }
        }
        return out;
    }
}
