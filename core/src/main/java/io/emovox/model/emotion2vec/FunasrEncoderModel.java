package io.emovox.model.emotion2vec;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.OnnxEnvironment;
import io.emovox.model.EmotionLabel;
import io.emovox.model.EmotionModel;
import io.emovox.model.ModelInfo;
import io.emovox.model.ModelOutput;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * An emotion2vec+ model imported as FunASR's encoder export plus the checkpoint's head: the
 * encoder runs on ONNX Runtime, the linear head in Java. The export has no padding mask, so clips
 * are run one at a time ({@link #runBatch} is the sequential default): padding would change the
 * numbers.
 *
 * <p>Owns its session: whoever loads the model closes it.
 */
public final class FunasrEncoderModel implements EmotionModel {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelInfo info;
    private final float[] weight;
    private final float[] bias;
    private final boolean[] masked;

    private FunasrEncoderModel(OrtEnvironment env, OrtSession session, ModelInfo info, float[] weight, float[] bias,
                               boolean[] masked) {
        this.env = env;
        this.session = session;
        this.info = info;
        this.weight = weight;
        this.bias = bias;
        this.masked = masked;
    }

    /** Loads {@code encoder.onnx} and {@code head.f32} from an install folder and warms up. */
    public static FunasrEncoderModel load(Path dir, String name, String version, int dim, boolean[] masked,
                                          Emotion2VecModel.Options options) {
        Path encoder = dir.resolve(Emotion2VecOnnx.FUNASR_ENCODER_FILE);
        Path head = dir.resolve(Emotion2VecOnnx.FUNASR_HEAD_FILE);
        int classes = masked.length;
        float[] w = new float[classes * dim];
        float[] b = new float[classes];
        try {
            ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(head)).order(ByteOrder.LITTLE_ENDIAN);
            if (buf.remaining() != (w.length + b.length) * 4) {
                throw new EmovoxException(ErrorKind.MODEL_INVALID, "The head file " + head + " has "
                        + buf.remaining() + " bytes, expected " + (w.length + b.length) * 4
                        + ". Re-import the model with 'emovox model import'.");
            }
            buf.asFloatBuffer().get(w).get(b);
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.MODEL_INVALID, "The head file " + head + " cannot be read ("
                    + e.getMessage() + "). Re-import the model with 'emovox model import'.", e);
        }
        Set<EmotionLabel> supported = EnumSet.noneOf(EmotionLabel.class);
        for (int i = 0; i < classes; i++) {
            if (!masked[i]) {
                supported.add(EmotionLabel.ALL.get(i));
            }
        }
        ModelInfo info = new ModelInfo(name, version, "emotion2vec", dim, supported, Emotion2VecModel.FRAME_RATE_HZ,
                Emotion2VecModel.MIN_SAMPLES, options.maxWindowSamples());
        OrtEnvironment env = OnnxEnvironment.get();
        OrtSession session;
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(options.intraOpThreads() > 0 ? options.intraOpThreads()
                    : Runtime.getRuntime().availableProcessors());
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(encoder.toString(), so);
        } catch (OrtException e) {
            throw new EmovoxException(ErrorKind.MODEL_INVALID, "The encoder " + encoder + " cannot be loaded ("
                    + e.getMessage() + "). Re-import the model with 'emovox model import'.", e);
        }
        FunasrEncoderModel model = new FunasrEncoderModel(env, session, info, w, b, masked.clone());
        try {
            model.run(new float[16_000], false);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public ModelOutput run(float[] samples, boolean frames) {
        if (samples.length < Emotion2VecModel.MIN_SAMPLES) {
            throw new EmovoxException(ErrorKind.TOO_SHORT, "A clip of " + samples.length + " samples is too short "
                    + "for emotion2vec: it needs at least " + Emotion2VecModel.MIN_SAMPLES
                            + " samples (25 ms at 16 kHz).");
        }
        if (samples.length > info.maxWindowSamples()) {
            throw new IllegalArgumentException("A clip of " + samples.length + " samples is longer than the model's "
                    + "window of " + info.maxWindowSamples() + " samples; window long audio before calling run.");
        }
        int d = info.embeddingDim();
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(samples), new long[] {1, samples.length});
             OrtSession.Result r = session.run(Map.of("input", x))) {
            OnnxTensor out = (OnnxTensor) r.get("output").get();
            long[] shape = out.getInfo().getShape();
            int t = (int) shape[1];
            if (shape[2] != d || t < 1) {
                throw new EmovoxException(ErrorKind.INFERENCE_FAILED, "The encoder returned shape "
                        + java.util.Arrays.toString(shape) + ", expected [1, frames, " + d + "].");
            }
            FloatBuffer fb = out.getFloatBuffer();
            float[][] feats = new float[t][d];
            float[] mean = new float[d];
            for (int f = 0; f < t; f++) {
                fb.get(feats[f]);
                for (int j = 0; j < d; j++) {
                    mean[j] += feats[f][j];
                }
            }
            for (int j = 0; j < d; j++) {
                mean[j] /= t;
            }
            float[][] frameLogits = null;
            if (frames) {
                frameLogits = new float[t][];
                for (int f = 0; f < t; f++) {
                    frameLogits[f] = head(feats[f]);
                }
            }
            return new ModelOutput(head(mean), mean, frameLogits, frames ? feats : null);
        } catch (OrtException e) {
            throw new EmovoxException(ErrorKind.INFERENCE_FAILED, "emotion2vec encoder inference failed on "
                    + samples.length + " samples: " + e.getMessage() + ".", e);
        }
    }

    private float[] head(float[] x) {
        int d = x.length;
        float[] out = new float[bias.length];
        for (int c = 0; c < out.length; c++) {
            if (masked[c]) {
                out[c] = Float.NEGATIVE_INFINITY;
                continue;
            }
            double s = bias[c];
            for (int j = 0; j < d; j++) {
                s += (double) weight[c * d + j] * x[j];
            }
            out[c] = (float) s;
        }
        return out;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("Closing the ONNX Runtime session failed: " + e.getMessage(), e);
        }
    }
}
