package io.emovox.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A loaded emotion model. Implementations are thread-safe, stay loaded for the life of the
 * process, and own their native resources: whoever created the model closes it.
 */
public interface EmotionModel extends AutoCloseable {

    ModelInfo info();

    /** Calibration temperature T: probabilities = softmax(logits / T). 1 when uncalibrated. */
    default double temperature() {
        return 1.0;
    }

    /**
     * Content hashes of the clips the model was trained on, so evaluations can keep training clips
     * apart from new ones; {@link TrainingClips#UNKNOWN} when they are not recorded.
     */
    default TrainingClips trainingClips() {
        return TrainingClips.UNKNOWN;
    }

    /**
     * Runs the model on one clip of 16 kHz mono audio, at most {@link ModelInfo#maxWindowSamples()}
     * long.
     *
     * @param samples 16 kHz mono samples; not modified
     * @param frames  whether to return per-frame logits and embeddings
     */
    ModelOutput run(float[] samples, boolean frames);

    /**
     * Runs several clips; the results equal those of {@link #run} one by one. Implementations that
     * batch natively override this.
     */
    default List<ModelOutput> runBatch(List<float[]> clips, boolean frames) {
        List<ModelOutput> out = new ArrayList<>(clips.size());
        for (float[] c : clips) {
            out.add(run(c, frames));
        }
        return out;
    }

    @Override
    void close();
}
