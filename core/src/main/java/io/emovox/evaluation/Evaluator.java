package io.emovox.evaluation;

import io.emovox.analysis.AnalysisOptions;
import io.emovox.analysis.ClipScorer;
import io.emovox.analysis.Probabilities;
import io.emovox.analysis.UncertaintyPolicy;
import io.emovox.model.EmotionLabel;
import io.emovox.model.EmotionModel;
import io.emovox.model.TrainingClips;
import io.emovox.model.TrainingClips.Overlap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Scores any {@link EmotionModel} on a manifest, and checks each clip against the model's
 * training clips ({@link EmotionModel#trainingClips()}) so a report can keep them apart. Each clip
 * is scored as {@code analyze} scores an input of that length ({@link ClipScorer}: one call up to
 * the model's window, overlapping windows weighted by the samples each owns beyond it), so
 * evaluate and analyze give the same numbers for the same clip.
 *
 * <pre>{@code
 * EvaluationResult r = new Evaluator(UncertaintyPolicy.DEFAULT).evaluate(model, Manifest.read(csv), n -> {});
 * ClassificationMetrics m = ClassificationMetrics.of(r.predictions());
 * }</pre>
 */
public final class Evaluator {
    private final AnalysisOptions options;
    private final UncertaintyPolicy policy;

    /** Clips scored with the analysis defaults' windows, verdicts judged by {@code policy}. */
    public Evaluator(UncertaintyPolicy policy) {
        this(AnalysisOptions.DEFAULT.withUncertainty(policy));
    }

    /** Clips scored with the windows of {@code options} (its window and overlap) and its uncertainty policy. */
    public Evaluator(AnalysisOptions options) {
        this.options = options;
        this.policy = options.uncertainty();
    }

    /**
     * @param progress called with the number of clips done so far (from worker threads)
     */
    public EvaluationResult evaluate(EmotionModel model, List<ManifestEntry> entries, IntConsumer progress) {
        List<ManifestEntry> mapped = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        Map<String, Integer> unmapped = new TreeMap<>();
        splitByMapping(entries, mapped, failures, unmapped);
        ClipScorer scorer = new ClipScorer(model, options);
        ManifestClips.Outcome<float[]> out = new ManifestClips<float[]>().run(mapped, s -> scorer.score(s).logits(),
                progress);
        List<Prediction> predictions = new ArrayList<>();
        List<Overlap> overlaps = new ArrayList<>();
        TrainingClips trained = model.trainingClips();
        for (int i = 0; i < mapped.size(); i++) {
            float[] logits = out.values().get(i);
            if (logits != null) {
                predictions.add(predict(mapped.get(i), logits, model.temperature(), policy));
                overlaps.add(trained.overlap(out.fingerprints().get(i)));
            }
        }
        failures.addAll(out.failures());
        String name = model.info().name() + " " + model.info().version();
        TrainingCheck check = trained.known()
                ? new TrainingCheck(TrainingCheck.Status.KNOWN, trained.clips(), overlaps)
                : TrainingCheck.unknown(predictions.size());
        return new EvaluationResult(name, model.temperature(), predictions, failures, unmapped, check);
    }

    /** Splits entries into those with a mapped label and failures for the rest (counted in {@code unmapped}). */
    public static void splitByMapping(List<ManifestEntry> entries, List<ManifestEntry> mapped, List<Failure> failures,
                               Map<String, Integer> unmapped) {
        for (ManifestEntry e : entries) {
            Optional<EmotionLabel> l = LabelMapping.map(e.label());
            if (l.isPresent()) {
                mapped.add(e);
            } else {
                unmapped.merge(e.label(), 1, Integer::sum);
                failures.add(new Failure(e.path().toString(), e.line(), "unmapped label '" + e.label()
                        + "': not in the emotion2vec+ vocabulary nor in the mapping table"));
            }
        }
    }

    public static Prediction predict(ManifestEntry e, float[] logits, double temperature, UncertaintyPolicy policy) {
        float[] p = Probabilities.softmax(logits, temperature);
        EmotionLabel top = EmotionLabel.ALL.get(Probabilities.argmax(p));
        return new Prediction(e, LabelMapping.map(e.label()).orElseThrow(), p, top, policy.isUncertain(p));
    }
}
