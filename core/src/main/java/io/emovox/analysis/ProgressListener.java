package io.emovox.analysis;

/**
 * Progress of one analysis. Called from the analysing thread; implementations must be quick.
 * Stages run in order: {@code "decoding"}, {@code "vad"}, {@code "scoring"}.
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
