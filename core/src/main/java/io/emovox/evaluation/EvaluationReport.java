package io.emovox.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emovox.analysis.UncertaintyPolicy;
import io.emovox.files.AtomicFile;
import io.emovox.model.EmotionLabel;
import io.emovox.model.TrainingClips;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores of an evaluation run, overall and per group (speaker), as a terminal table and as JSON
 * (keys {@code wa}, {@code ua}, {@code macro_f1}, {@code ece}, {@code confusion}, {@code per_class},
 * {@code uncertain}, {@code failed}, plus {@code model}, {@code labels}, {@code groups},
 * {@code training_data}, {@code training_set}...).
 *
 * <p>Clips the model was trained on ({@link TrainingCheck}) never count as a test: the headline
 * figures ({@code overall}, {@code groups}, the top-level JSON keys) cover only the clips the
 * model never saw, and the training clips get their own figures, marked as such
 * ({@code trainingSet}, JSON {@code training_set}), with a warning.
 *
 * @param manifest       what was evaluated
 * @param result         the raw predictions and failures
 * @param overall        metrics over the scored clips the model was not trained on; null when
 *                       every scored clip was a training clip
 * @param groupBy        the manifest column of the groups, or null
 * @param groups         metrics per group value over those clips (empty unless grouped), sorted
 * @param trainingSet    metrics over the scored clips the model was trained on; null when none
 * @param trainingGroups per-group metrics over the training clips (empty unless grouped)
 * @param policy         the uncertainty thresholds in force
 */
public record EvaluationReport(String manifest, EvaluationResult result, ClassificationMetrics overall,
                               String groupBy, Map<String, ClassificationMetrics> groups,
                               ClassificationMetrics trainingSet, Map<String, ClassificationMetrics> trainingGroups,
                               UncertaintyPolicy policy) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String TRAINING_SET_NOTE = "training-set figures: the model was trained on these clips, so they "
            + "measure what it memorised, not how it does on new speech; not a test";

    /**
     * @param groupBy manifest column to add per-group metrics for (e.g. "speaker"), or null
     */
    public static EvaluationReport of(String manifest, EvaluationResult result, String groupBy,
                                      UncertaintyPolicy policy) {
        if (result.predictions().isEmpty()) {
            throw new io.emovox.EmovoxException(io.emovox.ErrorKind.INVALID_ARGUMENT, "No clip of " + manifest
                    + " could be scored (" + result.failures().size() + " failed; first: "
                    + (result.failures().isEmpty() ? "none" : result.failures().get(0).reason()) + ").");
        }
        List<Prediction> unseen = result.unseen();
        List<Prediction> seen = result.seen();
        return new EvaluationReport(manifest, result, unseen.isEmpty() ? null : ClassificationMetrics.of(unseen), groupBy,
                groups(unseen, groupBy), seen.isEmpty() ? null : ClassificationMetrics.of(seen), groups(seen, groupBy), policy);
    }

    private static Map<String, ClassificationMetrics> groups(List<Prediction> predictions, String groupBy) {
        Map<String, ClassificationMetrics> groups = new TreeMap<>();
        if (groupBy != null) {
            Map<String, List<Prediction>> by = new TreeMap<>();
            for (Prediction p : predictions) {
                String g = p.entry().column(groupBy);
                by.computeIfAbsent(g.isEmpty() ? "(none)" : g, k -> new ArrayList<>()).add(p);
            }
            by.forEach((k, v) -> groups.put(k, ClassificationMetrics.of(v)));
        }
        return groups;
    }

    /** The figures to show first: the test figures, or the training-set ones when there are no others. */
    public ClassificationMetrics headline() {
        return overall != null ? overall : trainingSet;
    }

    /** The one-paragraph warning about training clips, or null when none was scored. */
    public String trainingWarning() {
        TrainingCheck t = result.training();
        long seen = t.seenCount();
        if (seen == 0) {
            return null;
        }
        int scored = result.predictions().size();
        String which = seen == scored ? "All " + scored + " scored clips were" : seen + " of " + scored + " scored clips were";
        String how = "recognised by content hash: " + t.count(TrainingClips.Overlap.SAME_FILE) + " identical files, "
                + t.count(TrainingClips.Overlap.SAME_AUDIO) + " re-encoded copies with identical audio";
        String rest = overall == null
                ? " No clip here is new to the model, so there is no test figure: for a speaker-independent estimate of "
                  + "the built-in model run 'emovox evaluate MANIFEST --folds speaker', or evaluate on recordings "
                  + "it was not trained on."
                : " Their figures are reported apart, as training-set figures; the headline figures cover the "
                  + overall.count() + " clips the model never saw.";
        return "WARNING: " + which + " in the training data of " + result.model() + " (" + how + ")." + rest;
    }

    /**
     * A warning when clips are labelled with a class the model cannot output (its probability is
     * exactly 0: the built-in model learns no "other"), else null: they can only count as errors.
     */
    public String unsupportedWarning() {
        Map<String, Integer> byLabel = new TreeMap<>();
        for (Prediction p : result.predictions()) {
            if (p.probabilities()[p.truth().ordinal()] == 0f) {
                byLabel.merge(p.truth().key(), 1, Integer::sum);
            }
        }
        if (byLabel.isEmpty()) {
            return null;
        }
        int n = byLabel.values().stream().mapToInt(Integer::intValue).sum();
        return "WARNING: " + n + " clip(s) are labelled with a class " + result.model() + " cannot output ("
                + String.join(", ", byLabel.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())
                + "): they count as errors. Leave them out of the manifest to measure the classes it has.";
    }

    /** What is known about the model's training data, in one sentence. */
    public String trainingNote() {
        TrainingCheck t = result.training();
        return switch (t.status()) {
            case UNKNOWN -> "training clips unknown: " + result.model() + " does not record what it was trained on "
                    + "(imported models do not), so overlap with this manifest was not checked";
            case HELD_OUT -> "leave-one-out: each clip was scored by a model trained without its "
                    + (t.heldOutBy() != null ? t.heldOutBy() : groupByOr("group"));
            case KNOWN -> t.seenCount() == 0
                    ? "none of these clips is among the " + t.trainingClips() + " clips the model was trained on "
                      + "(checked by content hash)"
                    : t.seenCount() + " of these clips are among the " + t.trainingClips()
                      + " clips the model was trained on (checked by content hash)";
        };
    }

    private String groupByOr(String fallback) {
        return groupBy != null ? groupBy : fallback;
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("manifest", manifest);
        root.put("model", result.model());
        root.put("temperature", result.temperature());
        putMetrics(root, overall);
        ArrayNode warnings = root.putArray("warnings");
        if (trainingWarning() != null) {
            warnings.add(trainingWarning());
        }
        if (unsupportedWarning() != null) {
            warnings.add(unsupportedWarning());
        }
        TrainingCheck t = result.training();
        ObjectNode td = root.putObject("training_data");
        td.put("status", t.status().name().toLowerCase(Locale.ROOT));
        td.put("note", trainingNote());
        if (t.status() == TrainingCheck.Status.KNOWN) {
            td.put("model_training_clips", t.trainingClips());
            td.put("training_clips_scored", t.seenCount());
            td.put("same_file", t.count(TrainingClips.Overlap.SAME_FILE));
            td.put("same_audio", t.count(TrainingClips.Overlap.SAME_AUDIO));
            td.put("new_clips_scored", t.count(TrainingClips.Overlap.NONE));
        }
        ObjectNode pol = root.putObject("uncertainty_policy");
        pol.put("min_confidence", policy.minConfidence());
        pol.put("min_margin", policy.minMargin());
        root.put("failed", result.failures().size());
        ArrayNode failures = root.putArray("failures");
        for (Failure f : result.failures()) {
            ObjectNode o = failures.addObject();
            o.put("path", f.path());
            o.put("line", f.line());
            o.put("reason", f.reason());
        }
        root.set("unmapped_labels", JSON.valueToTree(new TreeMap<>(result.unmapped())));
        if (groupBy != null) {
            root.put("group_by", groupBy);
            ObjectNode g = root.putObject("groups");
            groups.forEach((k, m) -> putMetrics(g.putObject(k), m));
        }
        if (trainingSet != null) {
            ObjectNode ts = root.putObject("training_set");
            ts.put("note", TRAINING_SET_NOTE);
            putMetrics(ts, trainingSet);
            if (groupBy != null) {
                ObjectNode g = ts.putObject("groups");
                trainingGroups.forEach((k, m) -> putMetrics(g.putObject(k), m));
            }
        }
        return root;
    }

    /** The metric keys; with no clips (all were training clips) the count is 0 and every figure null. */
    private static void putMetrics(ObjectNode o, ClassificationMetrics m) {
        if (m == null) {
            o.put("count", 0);
            for (String k : new String[] {"wa", "ua", "macro_f1", "ece", "uncertain", "certain_share", "certain_accuracy",
                "labels", "confusion", "per_class"}) {
                o.putNull(k);
            }
            return;
        }
        o.put("count", m.count());
        o.put("wa", m.wa());
        o.put("ua", m.ua());
        o.put("macro_f1", m.macroF1());
        o.put("ece", m.ece());
        o.put("uncertain", m.uncertain());
        o.put("certain_share", m.certainShare());
        if (m.uncertain() == m.count()) {
            o.putNull("certain_accuracy");
        } else {
            o.put("certain_accuracy", m.certainAccuracy());
        }
        ArrayNode labels = o.putArray("labels");
        m.labels().forEach(l -> labels.add(l.key()));
        ArrayNode conf = o.putArray("confusion");
        for (int[] row : m.confusion()) {
            ArrayNode r = conf.addArray();
            for (int v : row) {
                r.add(v);
            }
        }
        ObjectNode pc = o.putObject("per_class");
        m.perClass().forEach((k, s) -> {
            ObjectNode c = pc.putObject(k);
            c.put("support", s.support());
            c.put("predicted", s.predicted());
            c.put("precision", s.precision());
            c.put("recall", s.recall());
            c.put("f1", s.f1());
        });
    }

    /** Writes the JSON report atomically. */
    public void writeJson(Path file) {
        try {
            AtomicFile.write(file, (JSON.writeValueAsString(toJson()) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("The report could not be turned into JSON.", e);
        }
    }

    /**
     * A plain-text summary: headline scores, per-class table, confusion, groups, failures; training
     * clips in a section of their own under the warning.
     */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "model %s, %d clips scored, %d failed%n", result.model(),
                result.predictions().size(), result.failures().size()));
        sb.append("training data: ").append(trainingNote()).append('\n');
        for (String warning : new String[] {trainingWarning(), unsupportedWarning()}) {
            if (warning != null) {
                sb.append('\n').append(warning).append('\n');
            }
        }
        if (overall != null) {
            if (trainingSet != null) {
                sb.append(String.format(Locale.ROOT, "%nNEW CLIPS (%d the model was not trained on):%n", overall.count()));
            }
            sb.append('\n');
            appendMetrics(sb, overall, groups);
        }
        if (trainingSet != null) {
            sb.append(String.format(Locale.ROOT, "%nTRAINING-SET FIGURES (%d clips the model was trained on; not a test):%n%n",
                    trainingSet.count()));
            appendMetrics(sb, trainingSet, trainingGroups);
        }
        if (!result.failures().isEmpty()) {
            sb.append(String.format("%nfailed (%d):%n", result.failures().size()));
            result.failures().stream().limit(20).forEach(f -> sb.append("  ").append(f.path()).append(": ")
                    .append(f.reason()).append('\n'));
            if (result.failures().size() > 20) {
                sb.append("  ... (all of them in the --report JSON)\n");
            }
        }
        return sb.toString();
    }

    private void appendMetrics(StringBuilder sb, ClassificationMetrics m, Map<String, ClassificationMetrics> byGroup) {
        sb.append(String.format(Locale.ROOT, "WA %.3f  UA %.3f  macro-F1 %.3f  ECE %.3f  uncertain %d (T=%.2f)%n",
                m.wa(), m.ua(), m.macroF1(), m.ece(), m.uncertain(), result.temperature()));
        sb.append(String.format(Locale.ROOT, "accuracy of the verdicts NOT flagged uncertain: %.3f (%.0f %% of clips)%n%n",
                m.certainAccuracy(), 100 * m.certainShare()));
        sb.append(String.format(Locale.ROOT, "%-10s %8s %9s %7s %7s%n", "class", "support", "precision", "recall", "F1"));
        m.perClass().forEach((k, s) -> sb.append(String.format(Locale.ROOT, "%-10s %8d %9.3f %7.3f %7.3f%n",
                k, s.support(), s.precision(), s.recall(), s.f1())));
        sb.append(String.format("%nconfusion (rows = truth, columns = predicted)%n%-10s", ""));
        for (EmotionLabel l : m.labels()) {
            sb.append(String.format("%6.5s", l.key()));
        }
        sb.append('\n');
        for (int i = 0; i < m.labels().size(); i++) {
            sb.append(String.format("%-10s", m.labels().get(i).key()));
            for (int v : m.confusion()[i]) {
                sb.append(String.format("%6d", v));
            }
            sb.append('\n');
        }
        if (!byGroup.isEmpty()) {
            sb.append(String.format("%n%-14s %6s %6s %6s %9s %6s %8s %9s%n", groupBy, "clips", "WA", "UA", "macro-F1",
                    "ECE", "certain", "cert.acc"));
            byGroup.forEach((k, g) -> sb.append(String.format(Locale.ROOT, "%-14s %6d %6.3f %6.3f %9.3f %6.3f %7.0f%% %9.3f%n",
                    k, g.count(), g.wa(), g.ua(), g.macroF1(), g.ece(), 100 * g.certainShare(), g.certainAccuracy())));
        }
    }
}
