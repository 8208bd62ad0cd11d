package io.emovox.model.store;

import java.util.List;

/**
 * What {@code manifest.json} records about an installed model; written at install, read by
 * {@code list}, {@code info} and {@code open}.
 *
 * @param format       how the model runs: "emovox-graph" or "funasr-encoder"
 * @param name         install name (folder name under the store)
 * @param family       "emotion2vec"
 * @param size         "base" (D=768), "large" (D=1024) or "custom", from the checkpoint's shapes
 * @param dim          D
 * @param heads        attention heads
 * @param prenetBlocks prenet blocks ({@code context_encoder.blocks})
 * @param mainBlocks   main blocks
 * @param parameters   parameters of encoder + head
 * @param labels       tokens.txt rows in head order
 * @param masked       per row, whether it is masked ({@code unuse_*})
 * @param sampleRate   input sample rate (16000)
 * @param normalize    whether the waveform is normalised in the graph
 * @param sha256       SHA-256 of the imported model.pt
 * @param sourceBytes  size of the imported model.pt
 * @param installedBytes size of the installed files
 * @param installedAt  ISO-8601 instant of installation
 * @param modelFile    graph file inside the model folder
 */
public record ModelManifest(String format, String name, String family, String size, int dim, int heads,
        int prenetBlocks,
                            int mainBlocks, long parameters, List<String> labels, boolean[] masked, int sampleRate,
                            boolean normalize, String sha256, long sourceBytes, long installedBytes,
                            String installedAt, String modelFile) {
    public ModelManifest {
        labels = List.copyOf(labels);
        masked = masked.clone();
    }

    public int layers() {
        return prenetBlocks + mainBlocks;
    }

    /** Short version string shown with results: the checksum prefix. */
    public String version() {
        return "sha256:" + sha256.substring(0, Math.min(12, sha256.length()));
    }
}
