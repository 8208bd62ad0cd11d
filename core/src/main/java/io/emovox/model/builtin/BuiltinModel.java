package io.emovox.model.builtin;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.audio.AudioFormat16k;
import io.emovox.model.EmotionLabel;
import io.emovox.model.EmotionModel;
import io.emovox.model.ModelInfo;
import io.emovox.model.ModelOutput;
import io.emovox.model.TrainingClips;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;

/**
 * The built-in emotion model: acoustic features ({@link FeatureExtractor}) and a small network
 * trained on EmoDB + CASIA (research use only; see docs/builtin-model.md). Scores whole clips
 * only ({@code frameRateHz} 0); the analysis layer windows long audio. The embedding is the
 * concatenated hidden layers of the ensemble's networks (tanh units, {@code embeddingDim} in all).
 * Holds no native resources.
 *
 * <pre>{@code
 * try (EmotionModel m = BuiltinModel.load()) {
 *     ModelOutput out = m.run(audio.samples(), false);
 *     float[] p = Probabilities.softmax(out.logits(), m.temperature());
 * }
 * }</pre>
 */
public final class BuiltinModel implements EmotionModel {
    /** Classpath location of the shipped artifact. */
    public static final String RESOURCE = "/io/emovox/model/builtin/builtin-model.json";
    /** Longest clip scored in one call: 30 s. */
    public static final int MAX_WINDOW_SAMPLES = 30 * AudioFormat16k.SAMPLE_RATE;

    private final BuiltinArtifact artifact;
    private final ModelInfo info;
    private final FeatureExtractor features = new FeatureExtractor();

    BuiltinModel(BuiltinArtifact artifact) {
        if (!artifact.featureNames().equals(FeatureExtractor.names())) {
            throw new EmovoxException(ErrorKind.MODEL_INVALID, "The built-in model " + artifact.version()
                    + " was trained on a different feature set than this emovox computes. Retrain it with 'emovox train'.");
        }
        this.artifact = artifact;
        this.info = new ModelInfo("builtin", artifact.version(), "builtin", artifact.embeddingDim(),
                EnumSet.copyOf(artifact.labels()), 0, AudioFormat16k.MIN_SAMPLES, MAX_WINDOW_SAMPLES);
    }

    /** The model shipped inside the jar. */
    public static BuiltinModel load() {
        try (InputStream in = BuiltinModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new EmovoxException(ErrorKind.MODEL_NOT_FOUND, "The built-in model is missing from the "
                        + "emovox jar (" + RESOURCE + "). Rebuild emovox.");
            }
            return new BuiltinModel(BuiltinArtifact.read(in, "(shipped) " + RESOURCE));
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.MODEL_INVALID, "Could not read the shipped built-in model: "
                    + e.getMessage() + ".", e);
        }
    }

    /** A model written by {@code emovox train}. */
    public static BuiltinModel load(Path artifact) {
        return new BuiltinModel(BuiltinArtifact.read(artifact));
    }

    /** A freshly trained model (leave-one-speaker-out evaluation uses this). */
    public static BuiltinModel of(BuiltinArtifact artifact) {
        return new BuiltinModel(artifact);
    }

    public BuiltinArtifact artifact() {
        return artifact;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public double temperature() {
        return artifact.temperature();
    }

    @Override
    public TrainingClips trainingClips() {
        return artifact.trainingClips();
    }

    @Override
    public ModelOutput run(float[] samples, boolean frames) {
        if (samples.length < info.minSamples()) {
            throw new EmovoxException(ErrorKind.TOO_SHORT, "The built-in model needs at least "
                    + info.minSamples() + " samples (25 ms) of 16 kHz audio, got " + samples.length + ".");
        }
        if (samples.length > MAX_WINDOW_SAMPLES) {
            throw new IllegalArgumentException("The built-in model scores at most " + MAX_WINDOW_SAMPLES
                    + " samples per call, got " + samples.length + "; window longer audio first.");
        }
        return score(features.extract(samples));
    }

    /** Scores a precomputed feature vector (evaluation caches features across folds). */
    public ModelOutput score(double[] featureVector) {
        double[] hidden = new double[artifact.embeddingDim()];
        double[] z = Network.ensembleLogits(artifact.networks(), artifact.scaler().apply(featureVector), hidden);
        float[] logits = new float[EmotionLabel.COUNT];
        Arrays.fill(logits, Float.NEGATIVE_INFINITY);
        for (int k = 0; k < z.length; k++) {
            logits[artifact.labels().get(k).ordinal()] = (float) z[k];
        }
        float[] embedding = new float[hidden.length];
        for (int i = 0; i < hidden.length; i++) {
            embedding[i] = (float) hidden[i];
        }
        return new ModelOutput(logits, embedding, null, null);
    }

    @Override
    public void close() {
        // Nothing to release: weights are plain arrays.
    }
}
