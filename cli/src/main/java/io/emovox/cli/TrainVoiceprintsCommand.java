package io.emovox.cli;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.evaluation.Failure;
import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.speakers.VoiceprintTrainer;
import io.emovox.speakers.Voiceprints;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code emovox train voiceprints}: trains the projection that {@code --speakers cluster} uses to
 * tell voices apart, from manifests with a speaker column. The shipped projection is made by
 * {@code emovox train voiceprints --manifest ../shared/data/emodb/manifest.csv
 * ../shared/data/casia/manifest.csv --licence "..." --out
 * core/src/main/resources/io/emovox/speakers/voiceprint-lda.json} (docs/cli.md), and a test checks that it still is.
 */
@Command(name = "voiceprints", mixinStandardHelpOptions = true,
        description = {"Train the voiceprint projection used by 'analyze --speakers cluster' on labelled",
                "manifests (CSV path,label,speaker). Deterministic: the same data gives the same file."})
public final class TrainVoiceprintsCommand implements Callable<Integer> {
    /** The licence line of the shipped projection, trained on the shared corpora. */
    static final String SHARED_DATA_LICENCE = "trained on EmoDB and CASIA: research use only";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--manifest", required = true, arity = "1..*", paramLabel = "CSV",
            description = "Manifest(s): header with path,speaker; paths relative to the manifest.")
    List<Path> manifests;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Where to write the projection (JSON).")
    Path out;

    @Option(names = "--dimensions", paramLabel = "N",
            description = "Directions to keep. Default: one fewer than the speakers.")
    Integer dimensions;

    @Option(names = "--licence", paramLabel = "TEXT", description = "The terms the projection inherits from the "
            + "recordings (default: '${DEFAULT-VALUE}').")
    String licence = "as the licences of the recordings it was trained on";

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<ManifestEntry> entries = new ArrayList<>();
        for (Path m : manifests) {
            entries.addAll(Manifest.read(m));
        }
        TrainCommand.TextProgress progress = new TrainCommand.TextProgress(err, "voiceprints", entries.size());
        VoiceprintTrainer.Corpus corpus = VoiceprintTrainer.corpus(entries, progress::update);
        progress.finish();
        if (corpus.clips().isEmpty()) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "No clip of the manifests could be used ("
                    + corpus.failures().size() + " failed, " + corpus.quiet() + " with too little sound).");
        }
        int speakers = corpus.speakers().size();
        Voiceprints v = VoiceprintTrainer.train(corpus.clips(), dimensions != null ? dimensions : speakers - 1);
        String trainedOn = String.format(Locale.ROOT, "%d clips, %d speakers: %s", corpus.clips().size(), speakers,
                String.join(" and ", manifests.stream().map(TrainVoiceprintsCommand::describe).toList()));
        v.write(out, trainedOn, licence);
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %s; %d directions%n", out, trainedOn,
                v.dimensions());
        for (Failure f : corpus.failures()) {
            err.println("skipped " + f.path() + ": " + f.reason());
        }
        return corpus.failures().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL_FAILURE;
    }

    /** A manifest as {@code emodb/manifest.csv}: its folder names the corpus. */
    private static String describe(Path manifest) {
        Path abs = manifest.toAbsolutePath().normalize();
        return abs.getParent() == null ? abs.getFileName().toString()
                : abs.getParent().getFileName() + "/" + abs.getFileName();
    }
}
