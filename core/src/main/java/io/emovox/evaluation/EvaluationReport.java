package io.emovox.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emovox.analysis.UncertaintyPolicy;
import io.emovox.model.EmotionLabel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores of an evaluation run, overall and per group (speaker), as a terminal table and as JSON
 * (keys {@code wa}, {@code ua}, {@code macro_f1}, {@code ece}, {@code confusion}, {@code per_class},
 * {@code uncertain}, {@code failed}, plus {@code model}, {@code labels}, {@code groups}...).
 *
 * @param manifest what was evaluated
 * @param result   the raw predictions and failures
 * @param overall  metrics over all scored clips
 * @param groupBy  the manifest column of the groups, or null
 * @param groups   metrics per group value (empty unless grouped), sorted by group
 * @param policy   the uncertainty thresholds in force
 */
public record EvaluationReport(String manifest, EvaluationResult result, Metrics overall, String groupBy,
                               Map<String, Metrics> groups, UncertaintyPolicy policy) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
        Map<String, Metrics> groups = new TreeMap<>();
        if (groupBy != null) {
            Map<String, List<Prediction>> by = new TreeMap<>();
            for (Prediction p : result.predictions()) {
                String g = p.entry().column(groupBy);
                by.computeIfAbsent(g.isEmpty() ? "(none)" : g, k -> new ArrayList<>()).add(p);
            }
            by.forEach((k, v) -> groups.put(k, Metrics.of(v)));
        }
        return new EvaluationReport(manifest, result, Metrics.of(result.predictions()), groupBy, groups, policy);
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("manifest", manifest);
        root.put("model", result.model());
        root.put("temperature", result.temperature());
        putMetrics(root, overall);
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
        if (!groups.isEmpty()) {
            root.put("group_by", groupBy);
            ObjectNode g = root.putObject("groups");
            groups.forEach((k, m) -> putMetrics(g.putObject(k), m));
        }
        return root;
    }

    private static void putMetrics(ObjectNode o, Metrics m) {
        o.put("count", m.count());
        o.put("wa", m.wa());
        o.put("ua", m.ua());
        o.put("macro_f1", m.macroF1());
        o.put("ece", m.ece());
        o.put("uncertain", m.uncertain());
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
            AtomicFiles.write(file, (JSON.writeValueAsString(toJson()) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plain-text summary: headline scores, per-class table, confusion, groups, failures. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        Metrics m = overall;
        sb.append(String.format(Locale.ROOT, "model %s, %d clips scored, %d failed%n", result.model(), m.count(),
                result.failures().size()));
        sb.append(String.format(Locale.ROOT, "WA %.3f  UA %.3f  macro-F1 %.3f  ECE %.3f  uncertain %d (T=%.2f)%n%n",
                m.wa(), m.ua(), m.macroF1(), m.ece(), m.uncertain(), result.temperature()));
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
        if (!groups.isEmpty()) {
            sb.append(String.format("%n%-14s %6s %6s %6s %9s%n", groupBy, "clips", "WA", "UA", "macro-F1"));
            groups.forEach((k, g) -> sb.append(String.format(Locale.ROOT, "%-14s %6d %6.3f %6.3f %9.3f%n",
                    k, g.count(), g.wa(), g.ua(), g.macroF1())));
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
}
