package io.emovox.research;

import io.emovox.analysis.UncertaintyPolicy;
import io.emovox.audio.AudioDecoder;
import io.emovox.audio.AudioLimits;
import io.emovox.audio.Resampler;
import io.emovox.evaluation.LabelMapping;
import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.evaluation.Prediction;
import io.emovox.model.EmotionLabel;
import io.emovox.model.builtin.FeatureExtractor;
import io.emovox.model.builtin.training.BuiltinTrainer;
import io.emovox.model.builtin.training.LabelledFeatures;
import io.emovox.model.builtin.training.NetworkTrainer;
import io.emovox.model.builtin.training.SpeakerFolds;
import io.emovox.model.builtin.training.TrainingExample;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Development harness (not a test): leave-one-speaker-out UA ({@link SpeakerFolds}) when training
 * adds speed-perturbed copies of the training speakers' clips (held-out clips are never
 * perturbed), and with per-speaker feature normalisation. Features cached per speed factor.
 * Args: DATA_DIR CACHE_DIR SETTING... where SETTING is e.g. "aug=0.9/1.1,spk=1,h=32".
 */
final class AugmentExperiment {
    record Clip(ManifestEntry entry, EmotionLabel label, double[] f) {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path cacheDir = Path.of(args[1]);
        Files.createDirectories(cacheDir);
        List<ManifestEntry> entries = new ArrayList<>(Manifest.read(data.resolve("emodb/manifest.csv")));
        entries.addAll(Manifest.read(data.resolve("casia/manifest.csv")));
        Map<String, List<Clip>> byFactor = new HashMap<>();
        for (int a = 2; a < args.length; a++) {
            Map<String, String> kv = parse(args[a]);
            List<String> factors = new ArrayList<>(List.of("1.0"));
            if (kv.containsKey("aug")) {
                factors.addAll(List.of(kv.get("aug").split("/")));
            }
            for (String f : factors) {
                if (!byFactor.containsKey(f)) {
                    byFactor.put(f, features(entries, Double.parseDouble(f), cacheDir.resolve("speed-" + f + ".bin")));
                }
            }
            run(args[a], kv, byFactor.get("1.0"), factors.subList(1,
                    factors.size()).stream().map(byFactor::get).toList());
        }
    }

    static Map<String, String> parse(String s) {
        Map<String, String> kv = new HashMap<>();
        for (String p : s.split(",")) {
            if (!p.isEmpty()) {
                String[] x = p.split("=");
                kv.put(x[0], x[1]);
            }
        }
        return kv;
    }

    /** Hyperparameters from "key=value" settings (h, e, b, lr, l2, ens, noise); the rest default. */
    static NetworkTrainer.Hyperparameters hyperparameters(Map<String, String> kv) {
        NetworkTrainer.Hyperparameters d = NetworkTrainer.Hyperparameters.DEFAULT;
        return new NetworkTrainer.Hyperparameters(
                Integer.parseInt(kv.getOrDefault("h", "" + d.hidden())),
                Integer.parseInt(kv.getOrDefault("e", "" + d.epochs())),
                Integer.parseInt(kv.getOrDefault("b", "" + d.batchSize())),
                Double.parseDouble(kv.getOrDefault("lr", "" + d.learningRate())),
                Double.parseDouble(kv.getOrDefault("l2", "" + d.l2())),
                d.seed(),
                Integer.parseInt(kv.getOrDefault("ens", "" + d.ensemble())),
                Double.parseDouble(kv.getOrDefault("noise", "" + d.inputNoise())));
    }

    static void run(String name, Map<String, String> kv, List<Clip> orig, List<List<Clip>> augs) {
        long t0 = System.nanoTime();
        NetworkTrainer.Hyperparameters hp = hyperparameters(kv);
        boolean spk = kv.getOrDefault("spk", "0").equals("1");
        List<Clip> o = spk ? speakerNormalised(orig) : orig;
        List<List<Clip>> au = spk ? augs.stream().map(AugmentExperiment::speakerNormalised).toList() : augs;
        // The real leave-one-speaker-out code, with the copies as the perturbed training examples.
        List<TrainingExample> copies = new ArrayList<>();
        for (List<Clip> set : au) {
            set.forEach(c -> copies.add(new TrainingExample(c.f(), c.label(), c.entry().speaker(), true)));
        }
        LabelledFeatures data = new LabelledFeatures(o.stream().map(Clip::entry).toList(),
                o.stream().map(c -> new TrainingExample(c.f(), c.label(), c.entry().speaker())).toList(),
                copies, List.of(), Map.of());
        // Calibrated probabilities: their argmax is the logits' argmax.
        float[][] logits = new SpeakerFolds(new BuiltinTrainer(hp), UncertaintyPolicy.DEFAULT).evaluate(data)
                .predictions().stream().map(Prediction::probabilities).toArray(float[][]::new);
        report(name, o, logits, false);
        report(name + " [corpus labels]", o, logits, true);
        System.out.printf(Locale.ROOT, "  (%.0f s)%n", (System.nanoTime() - t0) / 1e9);
    }

    static void report(String name, List<Clip> o, float[][] logits, boolean restrict) {
        int n = o.size();
        int[] pred = new int[n];
        Map<String, java.util.Set<Integer>> byLang = new HashMap<>();
        for (Clip c : o) {
            byLang.computeIfAbsent(c.entry().columns().getOrDefault("lang", ""),
                    k -> new java.util.HashSet<>()).add(c.label().ordinal());
        }
        for (int i = 0; i < n; i++) {
            java.util.Set<Integer> allowed = byLang.get(o.get(i).entry().columns().getOrDefault("lang", ""));
            int best = -1;
            for (int k = 0; k < logits[i].length; k++) {
                if ((!restrict || allowed.contains(k)) && (best < 0 || logits[i][k] > logits[i][best])) {
                    best = k;
                }
            }
            pred[i] = best;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-36s", name));
        for (String lang : List.of("de", "zh")) {
            Map<EmotionLabel, int[]> recall = new HashMap<>();
            Map<String, int[]> perSpeaker = new java.util.TreeMap<>();
            for (int i = 0; i < n; i++) {
                if (!o.get(i).entry().columns().getOrDefault("lang", "").equals(lang)) {
                    continue;
                }
                int[] r = recall.computeIfAbsent(o.get(i).label(), k -> new int[2]);
                boolean ok = pred[i] == o.get(i).label().ordinal();
                r[0] += ok ? 1 : 0;
                r[1]++;
                int[] ps = perSpeaker.computeIfAbsent(o.get(i).entry().speaker(), k -> new int[2]);
                ps[0] += ok ? 1 : 0;
                ps[1]++;
            }
            double ua = recall.values().stream().mapToDouble(r -> r[0] / (double) r[1]).average().orElse(0);
            sb.append(String.format(Locale.ROOT, " | %s UA %.3f", lang, ua));
            if (lang.equals("zh")) {
                perSpeaker.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %.2f", k.substring(0, 3),
                        v[0] / (double) v[1])));
            }
        }
        System.out.println(sb);
    }

    /** Z-normalises every feature with the mean/std of the clip's own speaker (all of that speaker's clips). */
    static List<Clip> speakerNormalised(List<Clip> clips) {
        Map<String, List<Clip>> bySpeaker = new HashMap<>();
        clips.forEach(c -> bySpeaker.computeIfAbsent(c.entry().speaker(), k -> new ArrayList<>()).add(c));
        Map<String, double[][]> stats = new HashMap<>();
        bySpeaker.forEach((s, cs) -> {
            int dim = cs.get(0).f().length;
            double[] mean = new double[dim];
            double[] sd = new double[dim];
            for (Clip c : cs) {
                for (int j = 0; j < dim; j++) {
                    mean[j] += c.f()[j] / cs.size();
                }
            }
            for (Clip c : cs) {
                for (int j = 0; j < dim; j++) {
                    sd[j] += (c.f()[j] - mean[j]) * (c.f()[j] - mean[j]) / cs.size();
                }
            }
            for (int j = 0; j < dim; j++) {
                sd[j] = Math.sqrt(sd[j]) + 1e-9;
            }
            stats.put(s, new double[][] {mean, sd});
        });
        List<Clip> out = new ArrayList<>();
        for (Clip c : clips) {
            double[][] st = stats.get(c.entry().speaker());
            double[] f = new double[c.f().length];
            for (int j = 0; j < f.length; j++) {
                f[j] = (c.f()[j] - st[0][j]) / st[1][j];
            }
            out.add(new Clip(c.entry(), c.label(), f));
        }
        return out;
    }

    static List<Clip> features(List<ManifestEntry> entries, double speed, Path cache) throws IOException {
        Map<String, ManifestEntry> byPath = new HashMap<>();
        entries.forEach(e -> byPath.put(e.path().toString(), e));
        List<Clip> out = new ArrayList<>();
        if (Files.exists(cache)) {
            try (DataInputStream in = new DataInputStream(Files.newInputStream(cache))) {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    ManifestEntry e = byPath.get(in.readUTF());
                    double[] f = new double[in.readInt()];
                    for (int j = 0; j < f.length; j++) {
                        f[j] = in.readDouble();
                    }
                    out.add(new Clip(e, LabelMapping.map(e.label()).orElseThrow(), f));
                }
            }
            return out;
        }
        long t0 = System.nanoTime();
        AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULT);
        FeatureExtractor fx = new FeatureExtractor();
        double[][] fs = new double[entries.size()][];
        IntStream.range(0, entries.size()).parallel().forEach(i -> {
            float[] s = decoder.decode(entries.get(i).path()).samples();
            if (speed != 1.0) {
                // Played 'speed' times faster: pitch and tempo scale together (Kaldi-style speed perturbation).
                s = Resampler.resample(s, (int) Math.round(16000 * speed));
            }
            fs[i] = fx.extract(s);
        });
        try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(cache))) {
            o.writeInt(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                o.writeUTF(entries.get(i).path().toString());
                o.writeInt(fs[i].length);
                for (double v : fs[i]) {
                    o.writeDouble(v);
                }
                out.add(new Clip(entries.get(i), LabelMapping.map(entries.get(i).label()).orElseThrow(), fs[i]));
            }
        }
        System.out.printf(Locale.ROOT, "features speed %s: %.1f s%n", speed, (System.nanoTime() - t0) / 1e9);
        return out;
    }
}
