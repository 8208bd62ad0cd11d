package io.emovox.model;

import java.util.List;
import java.util.Set;

/**
 * What a loaded model is and what it can do. Results always carry {@link #name()} and
 * {@link #version()} so a user knows which model produced them.
 *
 * @param name                 model name as installed (e.g. "builtin", "emotion2vec_plus_large")
 * @param version              version or checksum prefix of the weights
 * @param family               "builtin" or "emotion2vec"
 * @param embeddingDim         D of the embeddings this model returns
 * @param supported            labels the model can output; others always score 0
 * @param frameRateHz          native frame rate of frame outputs (50 for emotion2vec), or 0 when
 *                             the model only scores whole clips
 * @param minSamples           fewest 16 kHz samples the model accepts
 * @param maxWindowSamples     longest input the model should get in one call; longer audio is
 *                             windowed by the analysis layer
 */
public record ModelInfo(String name, String version, String family, int embeddingDim,
                        Set<EmotionLabel> supported, double frameRateHz, int minSamples,
                        int maxWindowSamples) {
    public ModelInfo {
        supported = Set.copyOf(supported);
    }

    public List<EmotionLabel> supportedInOrder() {
        return EmotionLabel.ALL.stream().filter(supported::contains).toList();
    }
}
