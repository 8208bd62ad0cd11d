package io.emovox.cli;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.analysis.AnalysisChoices;
import io.emovox.analysis.AnalysisOptions;
import io.emovox.analysis.UncertaintyPolicy;
import io.emovox.evaluation.ConfusionPlot;
import io.emovox.evaluation.EvaluationReport;
import io.emovox.evaluation.EvaluationResult;
import io.emovox.evaluation.Evaluator;
import io.emovox.model.builtin.training.LabelledFeatures;
import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.model.builtin.training.CorpusFolds;
import io.emovox.model.builtin.training.SpeakerFolds;
import io.emovox.model.EmotionModel;
import io.emovox.model.builtin.training.BuiltinTrainer;
import io.emovox.model.builtin.training.TrainingCopies;
import io.emovox.model.store.ModelStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code emovox evaluate}: scores a model on a labelled manifest (WA, UA, macro-F1, per-class
 * precision/recall, confusion, ECE, uncertain count, failures), or runs leave-one-speaker-out
 * ({@code --folds speaker}) or leave-one-corpus-out ({@code --folds corpus}) training + evaluation
 * of the built-in model.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure a model on labelled manifests (CSV path,label[,speaker,corpus]; paths relative to it): "
                + "WA, UA, macro-F1, per-class precision/recall, confusion, calibration (ECE), uncertain verdicts "
                + "and the accuracy of the verdicts not flagged uncertain.")
public final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "MANIFEST.csv", description = "Manifest(s) with a header naming path and "
            + "label; a clip's corpus is its 'corpus' column, else the name of its manifest's folder.")
    List<Path> manifests;

    @Option(names = "--model", paramLabel = "NAME",
            description = "Model to evaluate: builtin or an installed model name. Default: the default model "
                    + "('emovox model list' marks it).")
    String model;

    @Option(names = "--max-window-seconds", paramLabel = "S",
            description = "Longest clip emotion2vec processes in one pass, 5 to 600; longer clips are windowed. "
                    + "Default: 60.")
    String maxWindowSeconds;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the full report as JSON.")
    Path report;

    @Option(names = "--plot", paramLabel = "FILE.svg|FILE.png",
            description = "Write the confusion matrix as a picture, SVG or PNG by the file's extension.")
    Path plot;

    @Option(names = "--group-by", paramLabel = "COLUMN",
            description = "Add per-group scores by a manifest column, e.g. speaker (or lang, corpus).")
    String groupBy;

    @Option(names = "--folds", paramLabel = "COLUMN",
            description = "Leave-one-out by this column: 'speaker', or 'corpus' (trains on all corpora but one, scores "
                    + "the held-out one on the classes the others also have); trains the built-in model per fold.")
    String folds;

    @Override
    public Integer call() {
        if (folds != null && !"speaker".equals(folds) && !Manifest.CORPUS.equals(folds)) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "--folds supports 'speaker' or 'corpus', got '"
                    + folds + "'.");
        }
        String plotName = plot == null ? "" : plot.getFileName().toString().toLowerCase(Locale.ROOT);
        if (plot != null && !plotName.endsWith(".svg") && !plotName.endsWith(".png")) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "--plot writes SVG or PNG; give a file name ending "
                    + "in .svg or .png (got " + plot + ").");
        }
        if (folds != null && model != null && !ModelStore.BUILTIN.equals(model)) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "--folds trains the built-in model; it cannot be "
                    + "combined with --model " + model + ".");
        }
        PrintWriter err = spec.commandLine().getErr();
        List<ManifestEntry> entries = new ArrayList<>();
        manifests.forEach(m -> entries.addAll(Manifest.read(m)));
        String manifest = String.join(" + ", manifests.stream().map(Path::toString).toList());
        if (groupBy != null && entries.stream().allMatch(e -> e.column(groupBy.toLowerCase(Locale.ROOT)).isEmpty())) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "--group-by " + groupBy + ": the manifest has no "
                    + "such column (or it is empty on every line).");
        }
        UncertaintyPolicy policy = UncertaintyPolicy.DEFAULT;
        AnalysisOptions scoring = AnalysisOptions.DEFAULT.withUncertainty(policy)
                .withMaxWindowSeconds(AnalysisChoices.maxWindowSeconds(maxWindowSeconds));
        EvaluationResult result;
        TrainCommand.TextProgress progress = new TrainCommand.TextProgress(err,
                folds != null ? "features" : "scoring", entries.size());
        if (folds != null) {
            LabelledFeatures data = LabelledFeatures.extract(entries, TrainingCopies.SHIPPED, progress::update);
            progress.finish();
            if (data.examples().isEmpty()) {
                throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "No clip of " + manifest + " could be used ("
                        + data.failures().size() + " failed).");
            }
            if (!data.notLearned().isEmpty()) {
                spec.commandLine().getOut().println("not scored (classes the built-in model does not learn): "
                        + data.notLearnedSummary());
            }
            if (Manifest.CORPUS.equals(folds)) {
                err.println("leave-one-corpus-out training ...");
                CorpusFolds.Outcome outcome = new CorpusFolds(new BuiltinTrainer(), policy).evaluate(data);
                result = outcome.result();
                outcome.folds().forEach(f -> spec.commandLine().getOut().println(describe(f)));
            } else {
                err.println("leave-one-speaker-out training ...");
                result = new SpeakerFolds(new BuiltinTrainer(), policy).evaluate(data);
            }
        } else {
            try (EmotionModel m = ModelStore.atHome().open(model)) {
                result = new Evaluator(scoring).evaluate(m, entries, progress::update);
            }
            progress.finish();
        }
        EvaluationReport r = EvaluationReport.of(manifest, result,
                groupBy != null ? groupBy.toLowerCase(Locale.ROOT) : folds, policy);
        spec.commandLine().getOut().print(r.table());
        spec.commandLine().getOut().flush();
        if (report != null) {
            r.writeJson(report);
            err.println("report written to " + report);
        }
        if (plot != null) {
            ConfusionPlot.write(r.headline(), "emovox evaluate: " + result.model()
                    + (r.overall() == null ? " (TRAINING clips: not a test)" : ""), plot);
            err.println("confusion plot written to " + plot);
        }
        return result.failures().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL_FAILURE;
    }

    /** One line per corpus fold: what it trained on, which classes it scored, what it left out. */
    static String describe(CorpusFolds.Fold f) {
        return String.format(Locale.ROOT, "fold %s: trained on %s (%d clips), scored on %s, left out %s, T=%.2f",
                f.corpus(), String.join("+", f.trainedOn()), f.trainingClips().clips(),
                f.scored().stream().map(l -> l.key()).toList(),
                f.leftOut().isEmpty() ? "nothing" : f.leftOut().entrySet().stream()
                        .map(e -> e.getKey().key() + " " + e.getValue()).toList() + " (classes the training corpora lack)",
                f.temperature());
    }
}
