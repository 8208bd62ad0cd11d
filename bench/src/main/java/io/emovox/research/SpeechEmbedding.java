package io.emovox.research;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.OnnxEnvironment;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Google's pretrained speech_embedding encoder, as openWakeWord ships it (two ONNX graphs): a
 * 32-band mel front-end (10 ms hop) and a convolutional encoder that turns 76 consecutive mel
 * frames (0.76 s) into one 96-d vector. As openWakeWord does, mel values are mapped by
 * {@code x / 10 + 2} and the 76-frame window slides by 8 frames (80 ms).
 *
 * <p>Both sessions run single-threaded in sequential mode so that a clip always gives the same
 * numbers (training reproduces the shipped model byte for byte).
 */
public final class SpeechEmbedding implements AutoCloseable {
    /** Width of one embedding. */
    public static final int DIM = 96;
    /** Mel frames per embedding window. */
    public static final int WINDOW_FRAMES = 76;
    /** Mel frames between window starts. */
    public static final int HOP_FRAMES = 8;
    private static final int MEL_BANDS = 32;
    /** Shortest input that yields one window: 76 frames of 10 ms plus the front-end's 25 ms frame. */
    public static final int MIN_SAMPLES = 12_400;

    private final OrtEnvironment env;
    private final OrtSession mel;
    private final OrtSession encoder;

    private SpeechEmbedding(OrtEnvironment env, OrtSession mel, OrtSession encoder) {
        this.env = env;
        this.mel = mel;
        this.encoder = encoder;
    }

    /** Loads {@code melspectrogram.onnx} and {@code embedding_model.onnx} from a folder. */
    public static SpeechEmbedding load(Path folder) {
        try {
            return of(Files.readAllBytes(folder.resolve("melspectrogram.onnx")),
                    Files.readAllBytes(folder.resolve("embedding_model.onnx")));
        } catch (java.io.IOException e) {
            throw new EmovoxException(ErrorKind.MODEL_INVALID, "The speech embedding model in " + folder
                    + " could not be read: " + e.getMessage(), e);
        }
    }

    /** The two graphs' bytes. */
    public static SpeechEmbedding of(byte[] melGraph, byte[] encoderGraph) {
        OrtEnvironment env = OnnxEnvironment.get();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(1);
            so.setInterOpNumThreads(1);
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            return new SpeechEmbedding(env, env.createSession(melGraph, so), env.createSession(encoderGraph, so));
        } catch (OrtException e) {
            throw new EmovoxException(ErrorKind.MODEL_INVALID, "The speech embedding model could not be loaded: "
                    + e.getMessage(), e);
        }
    }

    /**
     * One 96-d vector per 80 ms step of 16 kHz mono {@code samples}; a clip shorter than
     * {@link #MIN_SAMPLES} is zero-padded at its end to one window.
     */
    public float[][] embed(float[] samples) {
        float[] x = samples.length >= MIN_SAMPLES ? samples : java.util.Arrays.copyOf(samples, MIN_SAMPLES);
        try {
            float[][] frames = melFrames(x);
            int windows = frames.length < WINDOW_FRAMES ? 0 : 1 + (frames.length - WINDOW_FRAMES) / HOP_FRAMES;
            if (windows == 0) {
                throw new IllegalStateException(frames.length + " mel frames from " + x.length + " samples");
            }
            FloatBuffer in = FloatBuffer.allocate(windows * WINDOW_FRAMES * MEL_BANDS);
            for (int w = 0; w < windows; w++) {
                for (int t = 0; t < WINDOW_FRAMES; t++) {
                    in.put(frames[w * HOP_FRAMES + t]);
                }
            }
            in.flip();
            try (OnnxTensor t = OnnxTensor.createTensor(env, in, new long[] {windows, WINDOW_FRAMES, MEL_BANDS, 1});
                 OrtSession.Result r = encoder.run(Map.of(encoder.getInputNames().iterator().next(), t))) {
                float[][][][] out = (float[][][][]) r.get(0).getValue();
                float[][] e = new float[windows][];
                for (int w = 0; w < windows; w++) {
                    e[w] = out[w][0][0];
                }
                return e;
            }
        } catch (OrtException e) {
            throw new EmovoxException(ErrorKind.INFERENCE_FAILED, "The speech embedding model failed: "
                    + e.getMessage(), e);
        }
    }

    /** Mel frames of the whole input, already mapped by x / 10 + 2. */
    private float[][] melFrames(float[] x) throws OrtException {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, x.length});
             OrtSession.Result r = mel.run(Map.of(mel.getInputNames().iterator().next(), t))) {
            float[][][][] out = (float[][][][]) r.get(0).getValue();
            float[][] frames = out[0][0];
            for (float[] f : frames) {
                for (int b = 0; b < f.length; b++) {
                    f[b] = f[b] / 10f + 2f;
                }
            }
            return frames;
        }
    }

    @Override
    public void close() {
        try {
            encoder.close();
            mel.close();
        } catch (OrtException e) {
            throw new EmovoxException(ErrorKind.INFERENCE_FAILED, "Closing the speech embedding model: "
                    + e.getMessage(), e);
        }
    }
}
