package io.emovox.model.builtin.training;

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

/**
 * Development harness (issue 13): the features of each clip's {@link ChannelAugmentation} copies,
 * cached in a file. (The screening run in docs/builtin-model.md used an earlier copy of the same
 * filters with seeds from the clip's length; the shipped code path seeds from its samples.)
 */
final class Augment {
    private Augment() {}

    /**
     * Features of each clip's codec round trips, made outside Java (bench/codec-copies.sh: mp3 24
     * kbit/s with LAME, opus 12 kbit/s VoIP, back to 16 kHz wav under {@code dir/KIND/CORPUS/PATH}, PATH as in the manifest of
     * {@code data/CORPUS}):
     * [clip][kind], cached in {@code file}. Research only: the shipped trainer has no codec copies.
     */
    static double[][][] codecFeatures(List<ManifestEntry> entries, Path data, Path dir, List<String> kinds, Path file)
            throws IOException {
        int n = entries.size();
        if (Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                double[][][] out = new double[n][kinds.size()][];
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < kinds.size(); k++) {
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
        long t0 = System.nanoTime();
        FeatureExtractor fx = new FeatureExtractor();
        io.emovox.audio.AudioDecoder decoder = new io.emovox.audio.AudioDecoder(io.emovox.audio.AudioLimits.DEFAULT);
        double[][][] out = java.util.stream.IntStream.range(0, n).parallel().mapToObj(i -> {
            ManifestEntry e = entries.get(i);
            String corpus = e.column(io.emovox.evaluation.Manifest.CORPUS);
            Path rel = data.resolve(corpus).relativize(e.path()); // the manifest's path column
            double[][] r = new double[kinds.size()][];
            for (int k = 0; k < kinds.size(); k++) {
                r[k] = fx.extract(decoder.decode(dir.resolve(kinds.get(k)).resolve(corpus).resolve(rel)).samples());
            }
            return r;
        }).toArray(double[][][]::new);
        System.out.printf("codec features: %d clips, %.0f s%n", n, (System.nanoTime() - t0) / 1e9);
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            for (double[][] r : out) {
                for (double[] v : r) {
                    o.writeInt(v.length);
                    for (double x : v) {
                        o.writeDouble(x);
                    }
                }
            }
        }
        return codecFeatures(entries, data, dir, kinds, file);
    }

    static double[][][] features(List<ManifestEntry> entries, Path file) throws IOException {
        int n = entries.size();
        if (Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                double[][][] out = new double[n][3][];
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < 3; k++) {
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
        long t0 = System.nanoTime();
        FeatureExtractor fx = new FeatureExtractor();
        ManifestClips.Outcome<double[][]> o = new ManifestClips<double[][]>().run(entries, s -> new double[][] {
            fx.extract(ChannelAugmentation.TELEPHONE.apply(s)), fx.extract(ChannelAugmentation.NOISE.apply(s)),
            fx.extract(ChannelAugmentation.ROOM.apply(s))}, i -> { });
        System.out.printf("augmented features: %d clips, %.0f s%n", n, (System.nanoTime() - t0) / 1e9);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            for (double[][] r : o.values()) {
                for (double[] v : r) {
                    out.writeInt(v.length);
                    for (double x : v) {
                        out.writeDouble(x);
                    }
                }
            }
        }
        return features(entries, file);
    }
}
