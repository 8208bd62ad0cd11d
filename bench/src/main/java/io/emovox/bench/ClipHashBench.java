package io.emovox.bench;

import io.emovox.audio.AudioDecoder;
import io.emovox.audio.AudioLimits;
import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.model.ClipFingerprint;
import io.emovox.model.builtin.FeatureExtractor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What recording a model's training clips costs ({@link ClipFingerprint}: SHA-256 of the file
 * bytes and of the decoded 16 kHz audio), next to the work train and evaluate already do per clip:
 * decoding and the built-in model's features. One thread, clip after clip; each manifest is run
 * twice and the second pass is reported (the files are then in the page cache, as they are for
 * the fingerprint, which runs right after the decode).
 *
 * <pre>
 * ClipHashBench MANIFEST.csv...     (bench/run.sh clipHash ../shared/data/emodb/manifest.csv ...)
 * </pre>
 */
public final class ClipHashBench {
    private ClipHashBench() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("Give one or more manifests (CSV path,label,...).");
        }
        System.out.printf(Locale.ROOT, "clip hash benchmark: java %s, %d cores%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.println("| manifest | clips | audio s | decode s | features s | file SHA-256 s | audio SHA-256 s "
                + "| hashes / (decode + features) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (String a : args) {
            List<ManifestEntry> entries = Manifest.read(Path.of(a));
            run(entries);
            System.out.println(row(a, run(entries)));
        }
    }

    private record Times(int clips, double audioSeconds, double decode, double features, double file, double audio) {}

    private static Times run(List<ManifestEntry> entries) {
        AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULT);
        FeatureExtractor fx = new FeatureExtractor();
        double decode = 0;
        double features = 0;
        double file = 0;
        double audio = 0;
        double seconds = 0;
        double guard = 0; // uses the features, so the JIT cannot drop their computation
        List<String> sink = new ArrayList<>();
        for (ManifestEntry e : entries) {
            long t0 = System.nanoTime();
            float[] s = decoder.decode(e.path()).samples();
            long t1 = System.nanoTime();
            double[] f = fx.extract(s);
            long t2 = System.nanoTime();
            sink.add(ClipFingerprint.fileSha256(e.path()));
            long t3 = System.nanoTime();
            sink.add(ClipFingerprint.audioSha256(s));
            long t4 = System.nanoTime();
            decode += (t1 - t0) / 1e9;
            features += (t2 - t1) / 1e9;
            guard += f[0];
            file += (t3 - t2) / 1e9;
            audio += (t4 - t3) / 1e9;
            seconds += s.length / 16_000.0;
        }
        if (sink.size() != 2 * entries.size() || Double.isNaN(guard)) {
            throw new IllegalStateException("lost a hash");
        }
        return new Times(entries.size(), seconds, decode, features, file, audio);
    }

    private static String row(String manifest, Times t) {
        return String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %.3f | %.3f | %.1f%% |", manifest,
                t.clips(),
                t.audioSeconds(), t.decode(), t.features(), t.file(), t.audio(),
                100 * (t.file() + t.audio()) / (t.decode() + t.features()));
    }
}
