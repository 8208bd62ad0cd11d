package io.emovox;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

/**
 * The one ONNX Runtime environment of the process, with ONNX Runtime's telemetry switched off.
 *
 * <p>Why: ONNX Runtime 1.29 on Linux records events about each session (device id, OS, the Java
 * path, model graph names) in {@code ~/.cache/Microsoft/DeveloperTools/.onnxruntime/} and uploads
 * them over HTTPS where it finds a CA bundle. A self-hosted emotion system must not report its
 * use to a third party. {@link OrtEnvironment#setTelemetry} stops the per-session events; the few
 * that ONNX Runtime writes while creating the environment itself are stopped only by the
 * environment variable {@code ORT_DISABLE_TELEMETRY=1}, which {@code ./emovox} sets.
 */
public final class OnnxEnvironment {
    private static volatile OrtEnvironment env;

    private OnnxEnvironment() {}

    /**
     * The shared environment (created on first use, telemetry off).
     *
     * @throws EmovoxException {@code NATIVE_LIBRARY} when ONNX Runtime's native library cannot be loaded
     */
    public static OrtEnvironment get() {
        OrtEnvironment e = env;
        if (e == null) {
            synchronized (OnnxEnvironment.class) {
                e = env;
                if (e == null) {
                    try {
                        e = OrtEnvironment.getEnvironment();
                    } catch (LinkageError ex) { // its native library, or a system library that one needs
                        throw NativeLibraries.loadFailure("ONNX Runtime (the model runtime)", ex);
                    }
                    try {
                        e.setTelemetry(false);
                    } catch (OrtException ex) {
                        throw new EmovoxException(ErrorKind.INFERENCE_FAILED,
                                "ONNX Runtime's telemetry could not be switched off: " + ex.getMessage(), ex);
                    }
                    env = e;
                }
            }
        }
        return e;
    }
}
