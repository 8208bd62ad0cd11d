package io.emovox.testing;

import io.emovox.audio.AudioDecoder;
import io.emovox.model.EmotionLabel;
import io.emovox.model.builtin.FeatureExtractor;
import io.emovox.model.builtin.training.TrainingExample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The labelled recordings of ../shared/data: where they are,
        and small training sets for the built-in model's tests. */
public final class SharedCorpus {
    private SharedCorpus() {}

    /** {@code ../shared/data} beside the repository (Maven passes the root as emovox.repo.root). */
    public static Path data() {
        return Path.of(System.getProperty("emovox.repo.root",
                ".")).toAbsolutePath().resolve("../shared/data").normalize();
    }

    /** The first {@code perClass} clips of each listed emotion for every CASIA speaker, as features. */
    public static List<TrainingExample> casiaSubset(int perClass, String... labels) {
        Path dir = data().resolve("casia");
        List<TrainingExample> out = new ArrayList<>();
        AudioDecoder decoder = new AudioDecoder();
        FeatureExtractor fx = new FeatureExtractor();
        try {
            List<String> lines = Files.readAllLines(dir.resolve("manifest.csv"));
            java.util.Map<String, Integer> taken = new java.util.HashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                if (!List.of(labels).contains(f[1]) || taken.merge(f[3] + f[1], 1, Integer::sum) > perClass) {
                    continue;
                }
                float[] s = decoder.decode(dir.resolve(f[0])).samples();
                out.add(new TrainingExample(fx.extract(s), EmotionLabel.fromKey(f[1]), f[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
