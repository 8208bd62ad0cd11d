package io.emovox.analysis;

/**
 * Raw progress of one analysis, stage by stage. Called from the analysing thread; implementations
 * must be quick. Stages run in order: {@code "decoding"} (decoding with voice activity detection,
 * one streaming pass per channel selection), {@code "scoring"} (model calls) and, when the shell
 * writes the output folder with {@link ResultWriter#write(AnalysisResult, java.nio.file.Path,
 * ProgressListener)}, {@code "writing"}. Reports may come thousands of times a second; shells
 * turn them into what people see with a {@link ProgressMeter}.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (stage, fraction) -> { };

    /**
     * @param stage    the current stage
     * @param fraction how far the stage is, in [0, 1]
     */
    void progress(String stage, double fraction);
}
