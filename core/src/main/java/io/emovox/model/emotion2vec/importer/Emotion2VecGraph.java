package io.emovox.model.emotion2vec.importer;

import io.emovox.model.emotion2vec.Emotion2VecOnnx;

import io.emovox.model.emotion2vec.importer.OnnxGraphWriter.Attr;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Builds the ONNX graph of the emotion2vec(+) encoder and head from a checkpoint, with the weights
 * as initializers. Inputs {@code input} float [B, S] and {@code lengths} int64 [B] make batches of
 * different lengths exact: normalisation uses only valid samples, padded frames are zeroed before
 * each positional conv, attention masks padded keys, pooling averages valid frames. The ALiBi bias
 * is computed in the graph from T, so no length is baked in.
 *
 * <p>Outputs: {@code frame_features} [B, T, D], {@code frame_logits} [B, T, C],
 * {@code logits} [B, C] (head of the mean of valid frames) and {@code embedding} [B, D]; masked
 * labels ({@code unuse_*}) hold -inf. Frames past a clip's own length are padding to be dropped.
 */
final class Emotion2VecGraph {
    static final String INPUT = Emotion2VecOnnx.INPUT;
    static final String LENGTHS = Emotion2VecOnnx.LENGTHS;
    static final String FRAME_FEATURES = Emotion2VecOnnx.FRAME_FEATURES;
    static final String FRAME_LOGITS = Emotion2VecOnnx.FRAME_LOGITS;
    static final String LOGITS = Emotion2VecOnnx.LOGITS;
    static final String EMBEDDING = Emotion2VecOnnx.EMBEDDING;
    static final int RECEPTIVE_FIELD = Emotion2VecOnnx.RECEPTIVE_FIELD;
    static final int HOP = Emotion2VecOnnx.HOP;
    static final float EPS = 1e-5f;

    private final TorchCheckpoint ckpt;
    private final Emotion2VecArchitecture arch;
    private final OnnxGraphWriter g;

    private Emotion2VecGraph(TorchCheckpoint ckpt, Emotion2VecArchitecture arch, OnnxGraphWriter g) {
        this.ckpt = ckpt;
        this.arch = arch;
        this.g = g;
    }

    /**
     * Writes {@code modelFile} (and {@code modelFile.data}).
     *
     * @param normalize  whether to normalise the waveform first (config {@code normalize}, true
     *                   for every published model)
     * @param labelMask  per head row: true for a masked ({@code unuse_*}) label
     */
    static void write(TorchCheckpoint ckpt, Emotion2VecArchitecture arch, boolean normalize,
                      boolean[] labelMask, Path modelFile) throws IOException {
        try (OnnxGraphWriter g = new OnnxGraphWriter(modelFile)) {
            new Emotion2VecGraph(ckpt, arch, g).build(normalize, labelMask, false);
            g.finish("emotion2vec");
        }
    }

    /**
     * Writes an encoder-only graph in the layout of FunASR's export ({@code input} [B, S] →
     * {@code output} [B, T, D], normalisation inside, no lengths input). emovox itself never runs
     * this form; it exists so the import path for FunASR exports can be tested end to end.
     */
    static void writeFunasrLayout(TorchCheckpoint ckpt, Emotion2VecArchitecture arch, Path modelFile)
            throws IOException {
        try (OnnxGraphWriter g = new OnnxGraphWriter(modelFile)) {
            new Emotion2VecGraph(ckpt, arch, g).build(true, new boolean[arch.classes()], true);
            g.finish("emotion2vec_encoder");
        }
    }

    private static String[] in(String... names) {
        return names;
    }

    private void build(boolean normalize, boolean[] labelMask, boolean encoderOnly) throws IOException {
        int d = arch.dim();
        String a = Emotion2VecArchitecture.AUDIO;
        g.input(INPUT, OnnxGraphWriter.FLOAT, "batch", "samples");
        String one = g.ints(1);
        String lengths = LENGTHS;
        if (encoderOnly) { // every row is a whole clip
            String shape = g.op("Shape", in(INPUT));
            lengths = g.op("Expand", in(g.op("Gather", in(shape, one), Attr.i("axis", 0)),
                    g.op("Gather", in(shape, g.ints(0)), Attr.i("axis", 0))));
        } else {
            g.input(LENGTHS, OnnxGraphWriter.INT64, "batch");
        }
        String lens2 = g.op("Unsqueeze", in(lengths, one)); // [B,1]

        // 1. waveform normalisation over the valid samples of each clip
        String x = INPUT;
        if (normalize) {
            String samples = g.op("Gather", in(g.op("Shape", in(INPUT)), g.initializer(g.fresh("c"), new long[] {1})),
                    Attr.i("axis", 0));
            String pos = g.op("Range", in(g.initializer(g.fresh("c"), new long[] {0}), samples,
                    g.initializer(g.fresh("c"), new long[] {1})));
            String m = g.op("Cast", in(g.op("Less", in(pos, lens2))), Attr.i("to", OnnxGraphWriter.FLOAT));
            String lf = g.op("Cast", in(lens2), Attr.i("to", OnnxGraphWriter.FLOAT));
            String mean = g.op("Div", in(g.op("ReduceSum", in(g.op("Mul", in(INPUT, m)), one), Attr.i("keepdims", 1)), lf));
            String centred = g.op("Mul", in(g.op("Sub", in(INPUT, mean)), m));
            String var = g.op("Div", in(g.op("ReduceSum", in(g.op("Mul", in(centred, centred)), one),
                    Attr.i("keepdims", 1)), lf));
            x = g.op("Div", in(centred, g.op("Sqrt", in(g.op("Add", in(var, g.scalar(EPS)))))));
        }

        // 2. conv feature extractor: conv (no bias) -> LayerNorm over channels -> GELU
        x = g.op("Unsqueeze", in(x, one)); // [B,1,S]
        int layers = arch.convKernels().length;
        for (int i = 0; i < layers; i++) {
            String p = a + "local_encoder.conv_layers." + i + ".";
            int k = arch.convKernels()[i];
            x = g.op("Conv", in(x, weight(p + "0.weight")), Attr.ints("kernel_shape", k),
                    Attr.ints("strides", Emotion2VecArchitecture.CONV_STRIDES[i]));
            x = g.op("Transpose", in(x), Attr.ints("perm", 0, 2, 1)); // [B,T,C]
            x = gelu(layerNorm(x, p + "2.1.weight", p + "2.1.bias"));
            if (i < layers - 1) {
                x = g.op("Transpose", in(x), Attr.ints("perm", 0, 2, 1));
            }
        }

        // 3. project_features: LayerNorm(C) -> Linear(C -> D)
        x = layerNorm(x, a + "project_features.1.weight", a + "project_features.1.bias");
        x = linear(x, a + "project_features.2.weight", a + "project_features.2.bias");

        // frame mask [B,T,1] from the valid frame count floor((len - 400) / 320) + 1
        String frames = g.op("Add", in(g.op("Div", in(g.op("Sub", in(lengths, g.ints(RECEPTIVE_FIELD))),
                g.ints(HOP))), one)); // [B]
        String t = g.op("Gather", in(g.op("Shape", in(x)), g.initializer(g.fresh("c"), new long[] {1})),
                Attr.i("axis", 0));
        String framePos = g.op("Range", in(g.initializer(g.fresh("c"), new long[] {0}), t,
                g.initializer(g.fresh("c"), new long[] {1})));
        String validFrames = g.op("Less", in(framePos, g.op("Unsqueeze", in(frames, one)))); // [B,T] bool
        String fmask = g.op("Unsqueeze", in(g.op("Cast", in(validFrames), Attr.i("to", OnnxGraphWriter.FLOAT)),
                g.ints(2))); // [B,T,1]
        x = g.op("Mul", in(x, fmask));

        // 4. relative positional encoder (added), padded frames zeroed before every conv as a
        //    single clip's own zero padding would be
        String y = x;
        String ones = g.initializer(g.fresh("ones"), filled(d, 1f), d);
        String zeros = g.initializer(g.fresh("zeros"), filled(d, 0f), d);
        for (int i = 1; i <= arch.posLayers(); i++) {
            String p = a + "relative_positional_encoder." + i + ".0.";
            if (i > 1) {
                y = g.op("Mul", in(y, fmask));
            }
            int k = arch.posKernel();
            y = g.op("Transpose", in(y), Attr.ints("perm", 0, 2, 1));
            y = g.op("Conv", in(y, weight(p + "weight"), weight(p + "bias")), Attr.ints("kernel_shape", k),
                    Attr.ints("pads", k / 2, k / 2), Attr.i("group", arch.posGroups()));
            if (k % 2 == 0) { // an even kernel with padding k/2 yields one extra frame: drop the last
                y = g.op("Slice", in(y, g.ints(0), g.ints(-1), g.ints(2)));
            }
            y = g.op("Transpose", in(y), Attr.ints("perm", 0, 2, 1));
            y = gelu(g.op("LayerNormalization", in(y, ones, zeros), Attr.i("axis", -1), Attr.f("epsilon", EPS)));
        }
        x = g.op("Add", in(x, y));

        // 5. prepend the extra tokens, then context_encoder.norm
        int e = arch.extraTokens();
        String batch = g.op("Gather", in(g.op("Shape", in(x)), g.ints(0)), Attr.i("axis", 0));
        String tokShape = g.op("Concat", in(batch, g.ints(e, d)), Attr.i("axis", 0));
        String tokens = g.op("Expand", in(weight(a + "extra_tokens"), tokShape));
        x = g.op("Concat", in(tokens, x), Attr.i("axis", 1));
        x = layerNorm(x, a + "context_encoder.norm.weight", a + "context_encoder.norm.bias");

        // 6. attention bias [B,H,N,N]: ALiBi over the frames (zero for the extra tokens) plus
        //    -inf on padded keys; one for all blocks, or one per block when alibi_scale has a row each
        String[] bias = attentionBias(t, validFrames, batch);

        // 7. blocks
        for (int i = 0; i < arch.blocks(); i++) {
            x = block(x, arch.blockPrefix(i), bias[bias.length == 1 ? 0 : i]);
        }

        // 8. drop the extra tokens; head on frames and on the mean of valid frames
        String feats = g.opNamed("Slice", new String[] {FRAME_FEATURES},
                in(x, g.ints(e), g.ints(Long.MAX_VALUE), one))[0];
        if (encoderOnly) {
            g.opNamed("Identity", new String[] {"output"}, in(feats));
            g.output("output", OnnxGraphWriter.FLOAT, "batch", "frames", (long) d);
            return;
        }
        float[] maskAdd = new float[labelMask.length];
        for (int c = 0; c < maskAdd.length; c++) {
            maskAdd[c] = labelMask[c] ? Float.NEGATIVE_INFINITY : 0f;
        }
        String maskVec = g.initializer("label_mask", maskAdd, maskAdd.length);
        g.opNamed("Add", new String[] {FRAME_LOGITS}, in(linear(feats, "proj.weight", "proj.bias"), maskVec));
        String count = g.op("Cast", in(g.op("Unsqueeze", in(frames, one))), Attr.i("to", OnnxGraphWriter.FLOAT));
        String sum = g.op("ReduceSum", in(g.op("Mul", in(feats, fmask)), one), Attr.i("keepdims", 0));
        String emb = g.opNamed("Div", new String[] {EMBEDDING}, in(sum, count))[0];
        g.opNamed("Add", new String[] {LOGITS}, in(linear(emb, "proj.weight", "proj.bias"), maskVec));

        g.output(FRAME_FEATURES, OnnxGraphWriter.FLOAT, "batch", "frames", (long) d);
        g.output(FRAME_LOGITS, OnnxGraphWriter.FLOAT, "batch", "frames", (long) arch.classes());
        g.output(LOGITS, OnnxGraphWriter.FLOAT, "batch", (long) arch.classes());
        g.output(EMBEDDING, OnnxGraphWriter.FLOAT, "batch", (long) d);
    }

    /** The bias of each alibi_scale row: one shared by all blocks, or one per block. */
    private String[] attentionBias(String t, String validFrames, String batch) throws IOException {
        int h = arch.heads();
        int e = arch.extraTokens();
        String pos = g.op("Cast", in(g.op("Range", in(g.initializer(g.fresh("c"), new long[] {0}), t,
                g.initializer(g.fresh("c"), new long[] {1})))), Attr.i("to", OnnxGraphWriter.FLOAT));
        String dist = g.op("Neg", in(g.op("Abs", in(g.op("Sub", in(g.op("Unsqueeze", in(pos, g.ints(1))),
                g.op("Unsqueeze", in(pos, g.ints(0)))))))));  // [T,T] = -|i-j|
        String sloped = g.op("Mul", in(g.initializer("alibi_slopes", AlibiSlopes.of(h), h, 1, 1), dist)); // [H,T,T]
        String tokShape = g.op("Concat", in(batch, g.ints(e)), Attr.i("axis", 0));
        String tokValid = g.op("Expand", in(g.initializer(g.fresh("true"), new long[] {1}, 1), tokShape));
        String keyValid = g.op("Concat", in(g.op("Cast", in(tokValid), Attr.i("to", 9)), validFrames),
                Attr.i("axis", 1)); // [B,N] bool
        String keyBias = g.op("Where", in(keyValid, g.scalar(0f), g.scalar(Float.NEGATIVE_INFINITY)));
        keyBias = g.op("Unsqueeze", in(keyBias, g.ints(1, 2))); // [B,1,1,N]
        // Scaled as upstream: (slopes * -|i-j|) * max(scale, 0), in that order (same float rounding).
        float[] scale = ckpt.read(Emotion2VecArchitecture.AUDIO + "alibi_scale"); // [L,1,H,1,1]
        String[] bias = new String[arch.alibiLayers()];
        for (int l = 0; l < bias.length; l++) {
            float[] clamped = new float[h];
            for (int i = 0; i < h; i++) {
                clamped[i] = Math.max(scale[l * h + i], 0f);
            }
            String name = bias.length == 1 ? "alibi_scale_clamped" : "alibi_scale_clamped_" + l;
            String alibi = g.op("Mul", in(sloped, g.initializer(name, clamped, h, 1, 1))); // [H,T,T]
            alibi = g.op("Pad", in(alibi, g.ints(0, e, e, 0, 0, 0))); // zero rows/cols for the extra tokens
            alibi = g.op("Unsqueeze", in(alibi, g.ints(0))); // [1,H,N,N]
            bias[l] = g.op("Add", in(alibi, keyBias));
        }
        return bias;
    }

    private String block(String x, String p, String bias) throws IOException {
        int d = arch.dim();
        int h = arch.heads();
        int dh = arch.headDim();
        String qkv = linear(x, p + "attn.qkv.weight", p + "attn.qkv.bias"); // [B,N,3D]
        String[] parts = g.op("Split", 3, in(qkv, g.ints(d, d, d)), Attr.i("axis", 2));
        String headShape = g.ints(0, 0, h, dh);
        String q = g.op("Transpose", in(g.op("Reshape", in(parts[0], headShape))), Attr.ints("perm", 0, 2, 1, 3));
        q = g.op("Mul", in(q, g.scalar((float) Math.pow(dh, -0.5))));
        String kT = g.op("Transpose", in(g.op("Reshape", in(parts[1], headShape))), Attr.ints("perm", 0, 2, 3, 1));
        String v = g.op("Transpose", in(g.op("Reshape", in(parts[2], headShape))), Attr.ints("perm", 0, 2, 1, 3));
        String scores = g.op("Add", in(g.op("MatMul", in(q, kT)), bias));
        String attn = g.op("Softmax", in(scores), Attr.i("axis", -1));
        String o = g.op("Transpose", in(g.op("MatMul", in(attn, v))), Attr.ints("perm", 0, 2, 1, 3));
        o = g.op("Reshape", in(o, g.ints(0, 0, d)));
        o = linear(o, p + "attn.proj.weight", p + "attn.proj.bias");
        x = layerNorm(g.op("Add", in(x, o)), p + "norm1.weight", p + "norm1.bias");
        String m = linear(gelu(linear(x, p + "mlp.fc1.weight", p + "mlp.fc1.bias")), p + "mlp.fc2.weight",
                p + "mlp.fc2.bias");
        return layerNorm(g.op("Add", in(x, m)), p + "norm2.weight", p + "norm2.bias");
    }

    /** Exact GELU, 0.5 x (1 + erf(x / sqrt 2)), in the form ONNX Runtime fuses into one kernel. */
    private String gelu(String x) throws IOException {
        String erf = g.op("Erf", in(g.op("Div", in(x, g.scalar((float) Math.sqrt(2.0))))));
        return g.op("Mul", in(g.op("Mul", in(x, g.op("Add", in(erf, g.scalar(1f))))), g.scalar(0.5f)));
    }

    private String layerNorm(String x, String weight, String bias) throws IOException {
        return g.op("LayerNormalization", in(x, weight(weight), weight(bias)), Attr.i("axis", -1),
                Attr.f("epsilon", EPS));
    }

    /** torch Linear: x W^T + b, with W stored transposed as [in, out] for MatMul. */
    private String linear(String x, String weight, String bias) throws IOException {
        TensorRef w = ckpt.tensors().get(weight);
        int out = (int) w.shape()[0];
        int inDim = (int) w.shape()[1];
        String wt = weight + ".T";
        if (initialized.add(wt)) {
            float[] src = ckpt.read(weight);
            float[] tr = new float[src.length];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < inDim; i++) {
                    tr[i * out + o] = src[o * inDim + i];
                }
            }
            g.initializer(wt, tr, inDim, out);
        }
        return g.op("Add", in(g.op("MatMul", in(x, wt)), weight(bias)));
    }

    private String weight(String name) throws IOException {
        if (initialized.add(name)) {
            TensorRef t = ckpt.tensors().get(name);
            g.initializer(name, ckpt.read(name), t.shape());
        }
        return name;
    }

    private final java.util.Set<String> initialized = new java.util.HashSet<>();

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
