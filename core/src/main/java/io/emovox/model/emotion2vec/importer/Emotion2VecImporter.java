package io.emovox.model.emotion2vec.importer;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.model.emotion2vec.Emotion2VecModel;
import io.emovox.model.emotion2vec.Emotion2VecOnnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Converts a published emotion2vec+ folder ({@code model.pt}, {@code config.yaml},
 * {@code tokens.txt}) into a runnable ONNX model, without Python. The caller (the model store)
 * gives an empty folder and owns making the install atomic.
 *
 * <p>Also accepted: FunASR's encoder ONNX export ({@code model.onnx}: {@code input} [B, S] →
 * {@code output} [B, T, D]) beside a model.pt that holds only the head ({@code proj.*}).
 *
 * <p>Basic usage: {@code ImportedModel m = Emotion2VecImporter.importInto(src, tmpDir);} then
 * {@link Emotion2VecModel#load} on {@code tmpDir/model.onnx}.
 */
public final class Emotion2VecImporter {
    /** File name of the converted graph; its weights are in {@code model.onnx.data} beside it. */
    public static final String MODEL_FILE = Emotion2VecOnnx.MODEL_FILE;
    /**
     * FunASR's encoder export in a source folder. Used only when model.pt lacks the encoder weights
     * (a head-only checkpoint): converting model.pt is preferred because its graph batches exactly.
     */
    public static final String FUNASR_EXPORT = Emotion2VecOnnx.FUNASR_ENCODER_FILE;

    private Emotion2VecImporter() {}

    /**
     * Reads {@code sourceDir}, checks the checkpoint, and writes {@code model.onnx} (+ data) into
     * {@code targetDir}. Damaged or mismatched input is a MODEL_INVALID error naming the problem.
     */
    public static ImportedModel importInto(Path sourceDir, Path targetDir) {
        if (!Files.isDirectory(sourceDir)) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "The model folder " + sourceDir
                    + " does not exist. Give the folder holding model.pt, config.yaml and tokens.txt.");
        }
        Path pt = sourceDir.resolve("model.pt");
        if (!Files.isRegularFile(pt)) {
            throw new EmovoxException(ErrorKind.MODEL_INVALID, "The folder " + sourceDir
                    + " has no model.pt. Give the downloaded emotion2vec+ folder (model.pt, config.yaml, tokens.txt).");
        }
        ModelConfig config = ModelConfig.read(sourceDir.resolve("config.yaml"));
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(pt)) {
            Path funasrOnnx = sourceDir.resolve(FUNASR_EXPORT);
            if (!ckpt.tensors().containsKey(Emotion2VecArchitecture.AUDIO + "extra_tokens") && Files.isRegularFile(funasrOnnx)) {
                return FunasrEncoderImport.importInto(ckpt, funasrOnnx, sourceDir.resolve("tokens.txt"), targetDir,
                        sha256(pt), Files.size(pt));
            }
            Emotion2VecArchitecture arch = Emotion2VecArchitecture.of(ckpt.tensors(), pt);
            TokenLabels labels = TokenLabels.read(sourceDir.resolve("tokens.txt"), arch.classes());
            Emotion2VecGraph.write(ckpt, arch, config.normalize(), labels.masked(), targetDir.resolve(MODEL_FILE));
            String size = arch.dim() == 768 ? "base" : arch.dim() == 1024 ? "large" : "custom";
            return new ImportedModel(ImportedModel.GRAPH, MODEL_FILE, size, arch.dim(), arch.heads(), arch.prenetBlocks(), arch.mainBlocks(),
                    arch.parameters(ckpt.tensors()), labels.tokens(), labels.masked(), config.normalize(),
                    sha256(pt), Files.size(pt));
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot write the converted model into " + targetDir
                    + ": " + e.getMessage() + ". Check free disk space and permissions.", e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM.", e);
        }
    }
}
