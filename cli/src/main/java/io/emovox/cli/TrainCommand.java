package io.emovox.cli;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.evaluation.Failure;
import io.emovox.model.builtin.training.LabelledFeatures;
import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.model.builtin.BuiltinArtifact;
import io.emovox.model.builtin.training.BuiltinTrainer;
import io.emovox.model.builtin.training.TrainingCopies;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code emovox train}: trains the built-in model on labelled manifests and writes its artifact.
 * Deterministic: the same manifests give the same bytes (the shipped model is made this way).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the built-in model on labelled manifests (CSV path,label,speaker) and write "
                + "the model file. Deterministic: the same data gives the same file.",
        subcommands = TrainVoiceprintsCommand.class)
public final class TrainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // Not 'required': picocli would then ask for them before 'train voiceprints' too. Checked in call().
    @Option(names = "--manifest", arity = "1..*", paramLabel = "CSV",
            description = "Manifest(s): header with path,label,speaker; paths relative to the manifest. Required.")
    List<Path> manifests;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the model (JSON). Required.")
    Path out;

    @Override
    public Integer call() {
        if (manifests == null || manifests.isEmpty() || out == null) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "train needs --manifest CSV... and --out FILE"
                    + " (or: emovox train voiceprints --help).");
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter o = spec.commandLine().getOut();
        List<ManifestEntry> entries = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (Path m : manifests) {
            entries.addAll(Manifest.read(m));
            Path abs = m.toAbsolutePath().normalize();
            sources.add(abs.getParent() == null ? abs.getFileName().toString()
                    : abs.getParent().getFileName() + "/" + abs.getFileName());
        }
        TextProgress progress = new TextProgress(err, "features", entries.size());
        LabelledFeatures data = LabelledFeatures.extract(entries, TrainingCopies.SHIPPED, progress::update);
        progress.finish();
        if (data.examples().isEmpty()) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "No clip of the manifests could be used for "
                    + "training (" + data.failures().size() + " failed).");
        }
        if (!data.notLearned().isEmpty()) {
            err.println("left out (classes the built-in model does not learn): " + data.notLearnedSummary());
        }
        err.println("training on " + data.examples().size() + " clips and " + data.perturbed().size()
                + " altered copies (" + TrainingCopies.SHIPPED.describe() + ") ...");
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("manifests", sources);
        provenance.put("copies", TrainingCopies.SHIPPED.describe());
        if (!data.notLearned().isEmpty()) {
            provenance.put("not_learned", new TreeMap<>(data.notLearned().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().key(), Map.Entry::getValue))));
        }
        BuiltinArtifact artifact;
        try {
            artifact = new BuiltinTrainer().train(data.trainingSet(), provenance).withTrainingClips(data.clips());
        } catch (IllegalArgumentException e) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Cannot train: " + e.getMessage());
        }
        artifact.write(out);
        o.printf(Locale.ROOT, "wrote %s: builtin %s, %d clips (content hashes recorded), labels %s, temperature %.3f%n",
                out, artifact.version(), data.examples().size(),
                artifact.labels().stream().map(l -> l.key()).toList(), artifact.temperature());
        for (Failure f : data.failures()) {
            err.println("skipped " + f.path() + ": " + f.reason());
        }
        return data.failures().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL_FAILURE;
    }

    /** Progress on standard error: a redrawn bar on a terminal, a line per 10% otherwise. */
    static final class TextProgress {
        private final PrintWriter err;
        private final String what;
        private final int total;
        private final boolean terminal = System.console() != null;
        private int lastShown = -1;

        TextProgress(PrintWriter err, String what, int total) {
            this.err = err;
            this.what = what;
            this.total = total;
        }

        synchronized void update(int done) {
            int pct = total == 0 ? 100 : done * 100 / total;
            if (terminal) {
                if (pct != lastShown) {
                    int filled = pct * 30 / 100;
                    err.print("\r" + what + " [" + "#".repeat(filled) + ".".repeat(30 - filled) + "] " + done + "/"
                            + total);
                    err.flush();
                }
            } else if (pct / 10 != lastShown / 10 || lastShown < 0) {
                err.println(what + " " + done + "/" + total + " (" + pct + "%)");
                err.flush();
            }
            lastShown = pct;
        }

        synchronized void finish() {
            if (terminal) {
                err.println();
            }
        }
    }
}
