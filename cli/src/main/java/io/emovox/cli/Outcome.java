package io.emovox.cli;

import io.emovox.EmovoxException;
import io.emovox.analysis.ResultRow;
import io.emovox.analysis.ResultSummary;

import java.nio.file.Path;

/**
 * One input's outcome in {@code analyze}: its result's summary, or the error that stopped it.
 *
 * @param input   the input as given
 * @param folder  its output folder
 * @param summary the result (analysed now, or read back when skipped); null when it failed
 * @param skipped true when the folder was already done
 * @param error   why it failed, else null
 */
record Outcome(AnalyzeInputs.Input input, Path folder, ResultSummary summary, boolean skipped, EmovoxException error) {
    boolean failed() {
        return error != null;
    }

    /** The outcome as a CSV / JSON-lines row. */
    ResultRow row() {
        return error != null ? ResultRow.failed(input.display(), folder.toString(), error)
                : ResultRow.of(input.display(), folder.toString(), summary, skipped);
    }
}
