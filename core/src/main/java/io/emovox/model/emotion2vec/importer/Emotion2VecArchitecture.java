package io.emovox.model.emotion2vec.importer;

import java.nio.file.Path;
import java.util.Map;

/**
 * The sizes of an emotion2vec(+) model, read from the checkpoint's tensor shapes (never from its
 * name), after checking that every tensor inference needs is present with a consistent shape.
 *
 * @param dim          D, the model width (768 base, 1024 large)
 * @param heads        attention heads, from {@code alibi_scale}
 * @param convChannels channels of the conv feature extractor (512 in the published models)
 * @param convKernels  kernel of each conv layer (strides are the fixed data2vec 2.0 ones)
 * @param posKernel    kernel of the positional convs (19)
 * @param posGroups    groups of the positional convs (16)
 * @param posLayers    positional conv layers (5)
 * @param extraTokens  learned tokens prepended before the blocks (10)
 * @param prenetBlocks {@code context_encoder.blocks} (4 base, 16 large)
 * @param mainBlocks   {@code blocks} (8)
 * @param mlpDim       hidden width of the block MLPs (4 D)
 * @param classes      rows of the head {@code proj} (9)
 * @param alibiLayers  rows of {@code alibi_scale}: 1 when all blocks share one scale per head (the
 *                     published models), or one row per block, prenet blocks first
 *                     (data2vec 2.0's {@code learned_alibi_scale_per_layer})
 */
record Emotion2VecArchitecture(int dim, int heads, int convChannels, int[] convKernels, int posKernel,
                               int posGroups, int posLayers, int extraTokens, int prenetBlocks,
                               int mainBlocks, int mlpDim, int classes, int alibiLayers) {

    static final String AUDIO = "modality_encoders.AUDIO.";
    /** Strides of the 7 conv layers: (10,5), (3,2) x4, (2,2) x2. */
    static final int[] CONV_STRIDES = {5, 2, 2, 2, 2, 2, 2};
    static final int[] CONV_KERNELS = {10, 3, 3, 3, 3, 2, 2};

    int blocks() {
        return prenetBlocks + mainBlocks;
    }

    int headDim() {
        return dim / heads;
    }

    /** Key prefix of block {@code i} counted over prenet then main blocks. */
    String blockPrefix(int i) {
        return i < prenetBlocks ? AUDIO + "context_encoder.blocks." + i + "."
                : "blocks." + (i - prenetBlocks) + ".";
    }

    /** Parameter count of the inference path (encoder + head). */
    long parameters(Map<String, TensorRef> tensors) {
        long n = 0;
        for (Map.Entry<String, TensorRef> e : tensors.entrySet()) {
            if (!e.getKey().contains(".decoder.")) {
                n += e.getValue().numel();
            }
        }
        return n;
    }

    /** Reads and checks the architecture; anything missing or inconsistent is MODEL_INVALID. */
    static Emotion2VecArchitecture of(Map<String, TensorRef> t, Path file) {
        Shapes s = new Shapes(t, file);
        long[] extra = s.shape(AUDIO + "extra_tokens", 3);
        int e = (int) extra[1];
        int d = (int) extra[2];
        s.expect(AUDIO + "extra_tokens", 1, e, d);
        long[] alibi = s.shape(AUDIO + "alibi_scale", 5);
        int alibiLayers = (int) alibi[0];
        int h = (int) alibi[2];
        s.expect(AUDIO + "alibi_scale", alibiLayers, 1, h, 1, 1);
        if (h <= 0 || d % h != 0) {
            throw s.bad("width D=" + d + " is not divisible by the " + h + " heads of alibi_scale");
        }
        int convLayers = CONV_KERNELS.length;
        String conv0 = AUDIO + "local_encoder.conv_layers.0.0.weight";
        int c = (int) s.shape(conv0, 3)[0];
        int[] kernels = new int[convLayers];
        for (int i = 0; i < convLayers; i++) {
            String p = AUDIO + "local_encoder.conv_layers." + i + ".";
            s.expect(p + "0.weight", c, i == 0 ? 1 : c, CONV_KERNELS[i]);
            s.expect(p + "2.1.weight", c);
            s.expect(p + "2.1.bias", c);
            kernels[i] = CONV_KERNELS[i];
        }
        if (t.containsKey(AUDIO + "local_encoder.conv_layers." + convLayers + ".0.weight")) {
            throw s.bad("the conv feature extractor has more than " + convLayers + " layers");
        }
        s.expect(AUDIO + "project_features.1.weight", c);
        s.expect(AUDIO + "project_features.1.bias", c);
        s.expect(AUDIO + "project_features.2.weight", d, c);
        s.expect(AUDIO + "project_features.2.bias", d);
        int posLayers = 0;
        while (t.containsKey(AUDIO + "relative_positional_encoder." + (posLayers + 1) + ".0.weight")) {
            posLayers++;
        }
        if (posLayers == 0) {
            throw s.bad("tensor " + AUDIO + "relative_positional_encoder.1.0.weight is missing");
        }
        long[] pos = s.shape(AUDIO + "relative_positional_encoder.1.0.weight", 3);
        if (pos[1] <= 0 || d % pos[1] != 0) {
            throw s.bad("positional conv weight has shape " + TensorRef.shapeText(pos) + " for D=" + d);
        }
        int groups = (int) (d / pos[1]);
        int k = (int) pos[2];
        for (int i = 1; i <= posLayers; i++) {
            s.expect(AUDIO + "relative_positional_encoder." + i + ".0.weight", d, d / groups, k);
            s.expect(AUDIO + "relative_positional_encoder." + i + ".0.bias", d);
        }
        s.expect(AUDIO + "context_encoder.norm.weight", d);
        s.expect(AUDIO + "context_encoder.norm.bias", d);
        int prenet = count(t, AUDIO + "context_encoder.blocks.");
        int main = count(t, "blocks.");
        if (main == 0) {
            throw s.bad("tensor blocks.0.norm1.weight is missing (no main transformer blocks)");
        }
        long[] fc1 = s.shape("blocks.0.mlp.fc1.weight", 2);
        int f = (int) fc1[0];
        if (!t.containsKey("proj.weight")) {
            throw s.bad("tensor proj.weight is missing: this checkpoint has no emotion head "
                    + "(emotion2vec_base is a feature extractor; use emotion2vec_plus_seed, _base or _large)");
        }
        int classes = (int) s.shape("proj.weight", 2)[0];
        s.expect("proj.weight", classes, d);
        s.expect("proj.bias", classes);
        if (alibiLayers != 1 && alibiLayers != prenet + main) {
            throw s.bad(AUDIO + "alibi_scale has shape " + TensorRef.shapeText(alibi) + ": expected one row shared "
                    + "by all blocks or one per block (" + (prenet + main) + ")");
        }
        Emotion2VecArchitecture a = new Emotion2VecArchitecture(d, h, c, kernels, k, groups, posLayers, e,
                prenet, main, f, classes, alibiLayers);
        for (int i = 0; i < a.blocks(); i++) {
            String p = a.blockPrefix(i);
            s.expect(p + "norm1.weight", d);
            s.expect(p + "norm1.bias", d);
            s.expect(p + "attn.qkv.weight", 3L * d, d);
            s.expect(p + "attn.qkv.bias", 3L * d);
            s.expect(p + "attn.proj.weight", d, d);
            s.expect(p + "attn.proj.bias", d);
            s.expect(p + "norm2.weight", d);
            s.expect(p + "norm2.bias", d);
            s.expect(p + "mlp.fc1.weight", f, d);
            s.expect(p + "mlp.fc1.bias", f);
            s.expect(p + "mlp.fc2.weight", d, f);
            s.expect(p + "mlp.fc2.bias", d);
        }
        return a;
    }

    private static int count(Map<String, TensorRef> t, String prefix) {
        int n = 0;
        while (t.containsKey(prefix + n + ".norm1.weight")) {
            n++;
        }
        return n;
    }

    /** Shape checks that fail with a message naming the tensor. */
    private record Shapes(Map<String, TensorRef> t, Path file) {
        long[] shape(String name, int rank) {
            TensorRef r = t.get(name);
            if (r == null) {
                throw bad("tensor " + name + " is missing");
            }
            if (r.shape().length != rank) {
                throw bad("tensor " + name + " has shape " + r.shapeText() + ", expected rank " + rank);
            }
            return r.shape();
        }

        void expect(String name, long... shape) {
            TensorRef r = t.get(name);
            if (r == null) {
                throw bad("tensor " + name + " is missing");
            }
            if (!r.hasShape(shape)) {
                throw bad("tensor " + name + " has shape " + r.shapeText() + ", expected "
                        + TensorRef.shapeText(shape));
            }
        }

        io.emovox.EmovoxException bad(String what) {
            return TorchCheckpoint.invalid(file, what);
        }
    }
}
