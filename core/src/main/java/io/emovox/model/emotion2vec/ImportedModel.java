package io.emovox.model.emotion2vec;

import java.util.List;

/**
 * What an import produced and read: the facts a model store records in its manifest.
 *
 * @param sizeClass    "base" (D=768), "large" (D=1024) or "custom": named from the shapes
 * @param dim          D
 * @param heads        attention heads
 * @param prenetBlocks {@code context_encoder.blocks}
 * @param mainBlocks   {@code blocks}
 * @param parameters   parameters of the inference path (encoder + head)
 * @param tokens       tokens.txt rows, in head order
 * @param masked       per row, whether it is an {@code unuse_*} (masked) label
 * @param normalize    whether the graph normalises the waveform
 * @param sha256       SHA-256 of the source model.pt
 * @param sourceBytes  size of model.pt
 */
public record ImportedModel(String sizeClass, int dim, int heads, int prenetBlocks, int mainBlocks,
                            long parameters, List<String> tokens, boolean[] masked, boolean normalize,
                            String sha256, long sourceBytes) {
    public ImportedModel {
        tokens = List.copyOf(tokens);
        masked = masked.clone();
    }

    public int layers() {
        return prenetBlocks + mainBlocks;
    }
}
