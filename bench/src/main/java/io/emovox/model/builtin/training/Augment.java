package io.emovox.model.builtin.training;

import io.emovox.audio.AudioDecoder;
import io.emovox.audio.AudioFormat16k;
import io.emovox.audio.AudioLimits;
import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.ManifestClips;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.model.builtin.FeatureExtractor;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Development harness (issue 13): the features of each clip's {@link ChannelAugmentation} copies,
 * cached in a file. (The screening run in docs/builtin-model.md used an earlier copy of the same
 * filters with seeds from the clip's length; the shipped code path seeds from its samples.)
 */
final class Augment {
    private Augment() {}

    /**
     * Features of each clip's codec round trips, made outside Java (bench/codec-copies.sh: mp3 24
     * kbit/s with LAME, opus 12 kbit/s VoIP, back to 16 kHz wav under {@code dir/KIND/CORPUS/PATH},
     * PATH as in the manifest of {@code data/CORPUS}): [clip][kind], cached in {@code file}.
     * Research only: the shipped trainer has no codec copies.
     */
    static double[][][] codecFeatures(List<ManifestEntry> entries, Path data, Path dir, List<String> kinds, Path file)
            throws IOException {
        return cached(file, entries.size(), kinds.size(), () -> {
            FeatureExtractor fx = new FeatureExtractor();
            AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULT);
            return IntStream.range(0, entries.size()).parallel().mapToObj(i -> {
                ManifestEntry e = entries.get(i);
                String corpus = e.column(Manifest.CORPUS);
                Path rel = data.resolve(corpus).relativize(e.path()); // the manifest's path column
                double[][] r = new double[kinds.size()][];
                for (int k = 0; k < kinds.size(); k++) {
                    r[k] = fx.extract(decoder.decode(dir.resolve(kinds.get(k)).resolve(corpus).resolve(rel)).samples());
                }
                return r;
            }).toList();
        });
    }

    /** Features of each clip's {@link ChannelAugmentation} copies: [clip][telephone, noise, room]. */
    static double[][][] features(List<ManifestEntry> entries, Path file) throws IOException {
        return cached(file, entries.size(), 3, () -> {
            FeatureExtractor fx = new FeatureExtractor();
            return new ManifestClips<double[][]>().run(entries, s -> new double[][] {
                fx.extract(ChannelAugmentation.TELEPHONE.apply(s)), fx.extract(ChannelAugmentation.NOISE.apply(s)),
                fx.extract(ChannelAugmentation.ROOM.apply(s))}, i -> { }).values();
        });
    }

    /**
     * Features of each clip's first and last 75 % ({@code [clip][first, last]}): time crops, so the
     * networks meet an utterance's summaries with a part of it missing, as a cut recording gives them.
     */
    static double[][][] cropFeatures(List<ManifestEntry> entries, Path file) throws IOException {
        return cached(file, entries.size(), 2, () -> {
            FeatureExtractor fx = new FeatureExtractor();
            return new ManifestClips<double[][]>().run(entries, s -> {
                int keep = Math.max(AudioFormat16k.MIN_SAMPLES, (int) (s.length * 0.75));
                return new double[][] {fx.extract(java.util.Arrays.copyOfRange(s, 0, keep)),
                    fx.extract(java.util.Arrays.copyOfRange(s, s.length - keep, s.length))};
            }, i -> { }).values();
        });
    }

    /**
     * Features of the channel copies of each clip's speed copies: [clip][telephone, noise, room at
     * the first speed, then at the second ...] ({@link SpeedPerturbation#TRAINING_SPEEDS}).
     */
    static double[][][] speedChannelFeatures(List<ManifestEntry> entries, Path file) throws IOException {
        List<Double> speeds = SpeedPerturbation.TRAINING_SPEEDS;
        List<ChannelAugmentation> channels = List.of(ChannelAugmentation.TELEPHONE, ChannelAugmentation.NOISE,
                ChannelAugmentation.ROOM);
        return cached(file, entries.size(), speeds.size() * channels.size(), () -> {
            FeatureExtractor fx = new FeatureExtractor();
            return new ManifestClips<double[][]>().run(entries, s -> {
                double[][] r = new double[speeds.size() * channels.size()][];
                for (int k = 0; k < speeds.size(); k++) {
                    float[] sped = SpeedPerturbation.apply(s, speeds.get(k));
                    for (int c = 0; c < channels.size(); c++) {
                        r[k * channels.size() + c] = fx.extract(channels.get(c).apply(sped));
                    }
                }
                return r;
            }, i -> { }).values();
        });
    }

    /** [clip][kind] feature vectors: read from {@code file}, or computed once and written there. */
    private static double[][][] cached(Path file, int clips, int kinds, Supplier<List<double[][]>> compute)
            throws IOException {
        if (!Files.exists(file)) {
            long t0 = System.nanoTime();
            List<double[][]> rows = compute.get();
            System.out.printf("%s: %d clips, %.0f s%n", file.getFileName(), rows.size(),
                    (System.nanoTime() - t0) / 1e9);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
                for (double[][] r : rows) {
                    for (double[] v : r) {
                        out.writeInt(v.length);
                        for (double x : v) {
                            out.writeDouble(x);
                        }
                    }
                }
            }
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            double[][][] out = new double[clips][kinds][];
            for (int i = 0; i < clips; i++) {
                for (int k = 0; k < kinds; k++) {
                    double[] v = new double[in.readInt()];
                    for (int d = 0; d < v.length; d++) {
                        v[d] = in.readDouble();
                    }
                    out[i][k] = v;
                }
            }
            return out;
        }
    }
}
