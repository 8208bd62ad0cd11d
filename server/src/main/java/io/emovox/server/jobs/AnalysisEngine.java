package io.emovox.server.jobs;

import io.emovox.analysis.ProgressListener;

import java.nio.file.Path;
import java.util.List;

/**
 * The server's seam to the analysis core: the same {@code Analyzer} and {@code ResultWriter} the
 * CLI uses, with models kept resident. Implementations are thread-safe and own their models.
 */
public interface AnalysisEngine extends AutoCloseable {

    /** Names of the models a client may ask for; the first is the default. */
    List<String> models();

    /**
     * Reads enough of the input to learn its duration, refusing what is not audio (playlists
     * included) and what is over the duration limit.
     *
     * @param displayName the client's name for the input, used in error messages
     * @return duration in seconds
     * @throws io.emovox.EmovoxException with the reason the input is refused
     */
    double probeSeconds(Path input, String displayName);

    /**
     * Analyses the input and writes result.json, processed_audio.wav and (when asked)
     * embedding.npy into {@code outDir} (created or replaced, complete or not at all).
     *
     * @param displayName the client's name for the input, shown in the result
     * @param options     what to do; with {@link JobOptions#transcript()} set, the transcript's
     *                    bytes are the file {@link JobOptions#TRANSCRIPT_FILE} beside {@code input}
     *
     * @param progress receives each stage and its fraction as the work advances
     */
    JobSummary analyze(Path input, String displayName, JobOptions options, ProgressListener progress, Path outDir);

    @Override
    void close();
}
