package io.emovox.cli;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.analysis.AnalysisOptions;
import io.emovox.analysis.AnalysisResult;
import io.emovox.analysis.Analyzer;
import io.emovox.analysis.ProgressMeter;
import io.emovox.analysis.ResultSummary;
import io.emovox.analysis.ResultWriter;
import io.emovox.transcript.TextCheck;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs {@code analyze}'s inputs on a pool of workers: each input is skipped when its folder is
 * done ({@link DoneMarkers}), else analysed and written ({@link ResultWriter}); a user error
 * becomes a failed {@link Outcome} so the batch goes on, a bug propagates. Outcomes are handed on
 * in input order as they become available.
 */
final class BatchRunner {
    private final Analyzer analyzer;
    private final AnalysisOptions options;
    private final boolean force;
    private final InputStream stdin;
    private final BatchProgress progress;
    private final TextCheck text;

    BatchRunner(Analyzer analyzer, AnalysisOptions options, boolean force, InputStream stdin, BatchProgress progress) {
        this(analyzer, options, force, stdin, progress, null);
    }

    /** As above, putting {@code text}'s transcript on each result (null: none; one input only). */
    BatchRunner(Analyzer analyzer, AnalysisOptions options, boolean force, InputStream stdin, BatchProgress progress,
                TextCheck text) {
        this.text = text;
        this.analyzer = analyzer;
        this.options = options;
        this.force = force;
        this.stdin = stdin;
        this.progress = progress;
    }

    /**
     * Analyses every input on {@code workers} threads; {@code inOrder} receives the outcomes in
     * input order, on the calling thread.
     */
    List<Outcome> run(List<AnalyzeInputs.Input> inputs, List<Path> folders, int workers, Consumer<Outcome> inOrder)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "emovox-analyze");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                AnalyzeInputs.Input in = inputs.get(i);
                Path folder = folders.get(i);
                futures.add(pool.submit(() -> analyzeOne(in, folder)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                Outcome o = get(f);
                outcomes.add(o);
                inOrder.accept(o);
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome get(Future<Outcome> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** Analyses one input; user errors become a failed outcome, bugs propagate. */
    private Outcome analyzeOne(AnalyzeInputs.Input in, Path folder) {
        try {
            // A missing file has no marker: the decoder reports it (not found), as for any input.
            String marker = in.isStdin() || !Files.isRegularFile(in.file()) ? null
                    : DoneMarkers.of(in.file(), analyzer.modelInfo(), options,
                    text == null ? null : text.fingerprint());
            if (!force && marker != null && DoneMarkers.isDone(folder, marker)) {
                progress.finished(in.display(), "skipped (already done)");
                return new Outcome(in, folder, ResultSummary.read(folder), true, null);
            }
            ResultSummary summary;
            ProgressMeter meter = progress.meter(in.display(), options.granularity());
            AnalysisResult voice = in.isStdin()
                    ? analyzer.analyze(stdin, "stdin", options, meter)
                    : analyzer.analyze(in.file(), options, meter);
            try (AnalysisResult r = text == null ? voice : text.apply(voice)) {
                ResultWriter.write(r, folder, meter);
                summary = ResultSummary.of(r).asWritten(); // prints as a skipped input would
            }
            if (marker != null) {
                DoneMarkers.write(folder, marker);
            }
            progress.finished(in.display(), "ok");
            return new Outcome(in, folder, summary, false, null);
        } catch (EmovoxException e) {
            progress.finished(in.display(), "failed");
            return new Outcome(in, folder, null, false, e);
        } catch (IOException e) {
            progress.finished(in.display(), "failed");
            return new Outcome(in, folder, null, false, new EmovoxException(ErrorKind.IO_ERROR,
                    in.display() + " could not be read (" + e.getMessage() + "). Check that it is readable.", e));
        }
    }
}
