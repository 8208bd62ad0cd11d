package io.emovox.model.emotion2vec;

/**
 * The contract between the importer ({@code importer/}, which writes an install folder) and the
 * runtime (this package, which loads it): file names, the graph's input and output names and the
 * frame geometry. Neither side spells these values on its own.
 */
public final class Emotion2VecOnnx {
    private Emotion2VecOnnx() {}

    /** The converted graph in an install folder; its weights are in {@code model.onnx.data} beside it. */
    public static final String MODEL_FILE = "model.onnx";
    /** FunASR's encoder export, in a source folder and in an install folder. */
    public static final String FUNASR_ENCODER_FILE = "model.onnx";
    /** The head (weights then bias, float32 little-endian) run in Java beside a FunASR encoder. */
    public static final String FUNASR_HEAD_FILE = "head.f32";

    /** Graph input: the waveform [B, S]. */
    public static final String INPUT = "input";
    /** Graph input: valid samples per clip [B]. */
    public static final String LENGTHS = "lengths";
    /** Graph output: frame features [B, T, D]. */
    public static final String FRAME_FEATURES = "frame_features";
    /** Graph output: frame logits [B, T, C]. */
    public static final String FRAME_LOGITS = "frame_logits";
    /** Graph output: utterance logits [B, C]. */
    public static final String LOGITS = "logits";
    /** Graph output: utterance embedding [B, D]. */
    public static final String EMBEDDING = "embedding";

    /** Samples one frame sees: 25 ms. */
    public static final int RECEPTIVE_FIELD = 400;
    /** Samples between frames: 20 ms (50 Hz). */
    public static final int HOP = 320;
}
