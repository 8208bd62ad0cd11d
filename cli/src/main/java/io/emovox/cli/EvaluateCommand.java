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
import io.emovox.model.builtin.training.SpeakerFolds;
import io.emovox.model.EmotionModel;
import io.emovox.model.builtin.training.BuiltinTrainer;
import io.emovox.model.builtin.training.SpeedPerturbation;
import io.emovox.model.store.ModelStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code emovox evaluate}: scores a model on a labelled manifest (WA, UA, macro-F1, per-class
 * precision/recall, confusion, ECE, uncertain count, failures), or runs leave-one-speaker-out
 * training + evaluation of the built-in model with {@code --folds speaker}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure a model on a labelled manifest (CSV path,label[,speaker]; paths relative to it): "
                + "WA, UA, macro-F1, per-class precision/recall, confusion, calibration (ECE), uncertain verdicts.")
public final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MANIFEST.csv", description = "Manifest with a header naming path and label.")
    Path manifest;

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
            description = "Leave-one-out by this column ('speaker'): trains and scores the built-in model per fold.")
    String folds;

    @Override
    public Integer call() {
        requireSpeaker("--folds", folds);
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
        List<ManifestEntry> entries = Manifest.read(manifest);
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
            LabelledFeatures data = LabelledFeatures.extract(entries, SpeedPerturbation.TRAINING_SPEEDS, progress::update);
            progress.finish();
            if (data.examples().isEmpty()) {
                throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "No clip of " + manifest + " could be used ("
                        + data.failures().size() + " failed).");
            }
            err.println("leave-one-speaker-out training ...");
            result = new SpeakerFolds(new BuiltinTrainer(), policy).evaluate(data);
        } else {
            try (EmotionModel m = ModelStore.atHome().open(model)) {
                result = new Evaluator(scoring).evaluate(m, entries, progress::update);
            }
            progress.finish();
        }
        EvaluationReport r = EvaluationReport.of(manifest.toString(), result,
                groupBy != null ? groupBy.toLowerCase(Locale.ROOT) : folds != null ? "speaker" : null, policy);
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

    private static void requireSpeaker(String option, String value) {
        if (value != null && !"speaker".equals(value)) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, option + " supports only 'speaker', got '" + value + "'.");
        }
    }
}
