package io.emovox.model.emotion2vec.importer;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.OnnxEnvironment;
import io.emovox.model.emotion2vec.Emotion2VecOnnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Import of a FunASR encoder export ({@code input} float [B, S] → {@code output} float [B, T, D],
 * normalisation inside) with the head ({@code proj.weight}, {@code proj.bias}) from model.pt.
 * The export is checked by opening it in ONNX Runtime, then copied (with any {@code model.onnx*} external data beside
 * it); the head goes to {@link #HEAD_FILE} as raw little-endian float32 (weights C x D, then C biases).
 */
final class FunasrEncoderImport {
    /** Kept under its exported name so external-data references ({@code model.onnx.data}) still resolve. */
    static final String ENCODER_FILE = Emotion2VecOnnx.FUNASR_ENCODER_FILE;
    static final String HEAD_FILE = Emotion2VecOnnx.FUNASR_HEAD_FILE;

    private FunasrEncoderImport() {}

    static ImportedModel importInto(TorchCheckpoint ckpt, Path onnx, Path tokensFile, Path targetDir, String sha256,
                                    long sourceBytes) throws IOException {
        TensorRef w = ckpt.tensors().get("proj.weight");
        TensorRef b = ckpt.tensors().get("proj.bias");
        if (w == null || b == null || w.shape().length != 2 || !b.hasShape(w.shape()[0])) {
            throw TorchCheckpoint.invalid(ckpt.file(), "it has neither the encoder weights nor a head "
                    + "(proj.weight (C, D), proj.bias (C,)) to use with the FunASR encoder " + onnx.getFileName());
        }
        int classes = (int) w.shape()[0];
        int dim = (int) w.shape()[1];
        checkExport(onnx, dim);
        TokenLabels labels = TokenLabels.read(tokensFile, classes);
        try (var siblings = Files.list(onnx.getParent())) { // the export and its external data files
            for (Path f : siblings.filter(p -> p.getFileName().toString().startsWith(ENCODER_FILE)).toList()) {
                Files.copy(f, targetDir.resolve(f.getFileName()));
            }
        }
        float[] wv = ckpt.read("proj.weight");
        float[] bv = ckpt.read("proj.bias");
        ByteBuffer buf = ByteBuffer.allocate((wv.length + bv.length) * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(wv).put(bv);
        Files.write(targetDir.resolve(HEAD_FILE), buf.array());
        String size = dim == 768 ? "base" : dim == 1024 ? "large" : "custom";
        return new ImportedModel(ImportedModel.FUNASR_ENCODER, ENCODER_FILE, size, dim, 0, 0, 0,
                (long) Files.size(onnx) / 4 + wv.length + bv.length, labels.tokens(), labels.masked(), true, sha256,
                sourceBytes);
    }

    private static void checkExport(Path onnx, int dim) {
        OrtEnvironment env = OnnxEnvironment.get();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession s = env.createSession(onnx.toString(), so)) {
                Map<String, NodeInfo> in = s.getInputInfo();
                Map<String, NodeInfo> out = s.getOutputInfo();
                if (in.size() != 1 || !in.containsKey("input") || shape(in.get("input")).length != 2) {
                    throw invalid(onnx, "its inputs are " + in.keySet() + "; a FunASR encoder export has one input "
                            + "'input' [batch, samples]");
                }
                long[] o = out.containsKey("output") ? shape(out.get("output")) : null;
                if (o == null || o.length != 3) {
                    throw invalid(onnx, "it has no output 'output' [batch, frames, D] (outputs: " + out.keySet() + ")");
                }
                if (o[2] > 0 && o[2] != dim) {
                    throw invalid(onnx, "its output width is " + o[2] + " but the head in model.pt expects D=" + dim);
                }
            }
        } catch (OrtException e) {
            throw invalid(onnx, "ONNX Runtime cannot load it (" + e.getMessage() + ")");
        }
    }

    private static long[] shape(NodeInfo info) {
        return info.getInfo() instanceof TensorInfo t ? t.getShape() : new long[0];
    }

    private static EmovoxException invalid(Path onnx, String what) {
        return new EmovoxException(ErrorKind.MODEL_INVALID, "The encoder export " + onnx + " cannot be used: " + what
                + ". Export it again with FunASR, or import the full model.pt instead.");
    }
}
