package io.emovox.model.emotion2vec.importer;

import java.util.List;

/**
 * What an import produced and read: the facts a model store records in its manifest.
 *
 * @param format       {@link #GRAPH} (converted from model.pt) or {@link #FUNASR_ENCODER} (a FunASR
 *                     encoder export plus the checkpoint's head)
 * @param modelFile    the file to load, inside the install folder
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
public record ImportedModel(String format, String modelFile, String sizeClass, int dim, int heads, int prenetBlocks,
        int mainBlocks,
                            long parameters, List<String> tokens, boolean[] masked, boolean normalize,
                            String sha256, long sourceBytes) {
    /** The graph emovox writes from model.pt: exact batching, all outputs. */
    public static final String GRAPH = "emovox-graph";
    /** FunASR's encoder export ({@code input} → {@code output}) with the head run in Java. */
    public static final String FUNASR_ENCODER = "funasr-encoder";

    public ImportedModel {
        tokens = List.copyOf(tokens);
        masked = masked.clone();
    }

    public int layers() {
        return prenetBlocks + mainBlocks;
    }
}
