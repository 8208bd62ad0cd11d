package io.emovox.audio.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * The recurrent state of {@code batch} independent audio streams run through one shared Silero
 * session, one 512-sample window per stream per call. All tensors are allocated once over direct
 * buffers and reused (outputs are pinned), so a call allocates nothing but the result map.
 *
 * <p>Not thread-safe: one runner belongs to one caller at a time. The owner closes it.
 */
final class SileroRunner implements AutoCloseable {
    static final int WINDOW = 512;
    static final int CONTEXT = 64;
    private static final int STATE = 128;

    private final OrtSession session;
    private final int batch;
    private final FloatBuffer input;
    private final FloatBuffer output;
    private final FloatBuffer[] states = new FloatBuffer[2];
    private final OnnxTensor inputTensor;
    private final OnnxTensor outputTensor;
    private final OnnxTensor[] stateTensors = new OnnxTensor[2];
    private final OnnxTensor rateTensor;
    /** The last {@link #CONTEXT} samples of each stream's previous window (zeros at the start). */
    private final float[] context;
    private int current;
    private boolean closed;

    SileroRunner(OrtEnvironment env, OrtSession session, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("A Silero runner needs a batch of at least 1 stream, got " + batch
                    + ".");
        }
        this.session = session;
        this.batch = batch;
        this.context = new float[batch * CONTEXT];
        this.input = directFloats(batch * (CONTEXT + WINDOW));
        this.output = directFloats(batch);
        OnnxTensor in = null;
        OnnxTensor out = null;
        OnnxTensor s0 = null;
        OnnxTensor s1 = null;
        OnnxTensor sr = null;
        try {
            in = OnnxTensor.createTensor(env, input, new long[] {batch, CONTEXT + WINDOW});
            out = OnnxTensor.createTensor(env, output, new long[] {batch, 1});
            states[0] = directFloats(2 * batch * STATE);
            states[1] = directFloats(2 * batch * STATE);
            s0 = OnnxTensor.createTensor(env, states[0], new long[] {2, batch, STATE});
            s1 = OnnxTensor.createTensor(env, states[1], new long[] {2, batch, STATE});
            sr = OnnxTensor.createTensor(env, (long) io.emovox.audio.AudioFormat16k.SAMPLE_RATE);
        } catch (OrtException e) {
            closeAll(in, out, s0, s1, sr);
            throw new EmovoxException(ErrorKind.INFERENCE_FAILED,
                    "Could not allocate the voice activity detector's tensors: " + e.getMessage(), e);
        }
        this.inputTensor = in;
        this.outputTensor = out;
        this.stateTensors[0] = s0;
        this.stateTensors[1] = s1;
        this.rateTensor = sr;
    }

    int batch() {
        return batch;
    }

    /** Starts stream {@code slot} afresh (zero state and context), as for a new input. */
    void reset(int slot) {
        java.util.Objects.checkIndex(slot, batch);
        java.util.Arrays.fill(context, slot * CONTEXT, (slot + 1) * CONTEXT, 0f);
        FloatBuffer state = states[current];
        for (int layer = 0; layer < 2; layer++) {
            int from = (layer * batch + slot) * STATE;
            for (int i = from; i < from + STATE; i++) {
                state.put(i, 0f);
            }
        }
    }

    /**
     * Runs one window per stream and advances every stream's state.
     *
     * @param windows {@code batch * 512} samples, stream after stream
     * @param probabilities receives {@code batch} speech probabilities
     */
    void run(float[] windows, float[] probabilities) {
        if (closed) {
            throw new IllegalStateException("This voice activity stream is closed.");
        }
        input.clear();
        for (int b = 0; b < batch; b++) {
            input.put(context, b * CONTEXT, CONTEXT);
            input.put(windows, b * WINDOW, WINDOW);
            System.arraycopy(windows, b * WINDOW + WINDOW - CONTEXT, context, b * CONTEXT, CONTEXT);
        }
        int next = 1 - current;
        Map<String, OnnxTensor> inputs = Map.of("input", inputTensor, "state", stateTensors[current],
                "sr", rateTensor);
        Map<String, OnnxValue> pinned = Map.of("output", outputTensor, "stateN", stateTensors[next]);
        try (OrtSession.Result ignored = session.run(inputs, pinned)) {
            // Outputs were written into the pinned tensors' buffers.
        } catch (OrtException e) {
            throw new EmovoxException(ErrorKind.INFERENCE_FAILED,
                    "The voice activity detector failed while running: " + e.getMessage(), e);
        }
        current = next;
        output.get(0, probabilities, 0, batch);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeAll(inputTensor, outputTensor, stateTensors[0], stateTensors[1], rateTensor);
        }
    }

    private static FloatBuffer directFloats(int n) {
        return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static void closeAll(OnnxTensor... tensors) {
        for (OnnxTensor t : tensors) {
            if (t != null) {
                t.close();
            }
        }
    }
}
