package io.emovox.model.builtin.training;

import io.emovox.analysis.UncertaintyPolicy;
import io.emovox.evaluation.ClassificationMetrics;
import io.emovox.evaluation.EvaluationReport;
import io.emovox.evaluation.EvaluationResult;
import io.emovox.evaluation.Evaluator;
import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.ManifestClips;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.evaluation.Prediction;
import io.emovox.evaluation.TrainingCheck;
import io.emovox.model.EmotionLabel;
import io.emovox.model.builtin.FeatureScaler;
import io.emovox.model.builtin.Network;
import io.emovox.research.SpeechEmbedding;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Development harness for issue 13 (not a test, not the shipped code path): leave-one-corpus-out
 * screening of feature sets and class inventories with the shipped networks, features cached.
 * Usage: Issue13Screen DATA_DIR CACHE_DIR SPEECH_EMBEDDING_DIR CONFIG... where CONFIG is a
 * comma-separated list of
 * <ul>
 *   <li>{@code feat=base|emb|both}, {@code drop=REGEX;REGEX} (feature names left out);</li>
 *   <li>{@code inv=asis|other2neutral|noother|five} (class inventory);</li>
 *   <li>{@code aug=tel;noise;rev;mp3;opus;cropa;cropb;speedch} (copies learned from beside the speed copies;
 *       the codec copies are wav files made by bench/codec-copies.sh under CACHE_DIR/codec; cropa and
 *       cropb: the first and the last 75 % of the clip; speedch: telephone, noise and room copies of
 *       each speed copy, six more copies per clip);</li>
 *   <li>{@code norm=none|center|speaker|speakermulti|speakeronly|neutralref} (subtract the corpus's
 *       or the speaker's mean; speakeronly: only speakers heard in several emotions, the others
 *       dropped; neutralref: the mean of half of the speaker's neutral clips, which are not scored);</li>
 *   <li>{@code clf=net|lr|svm|ext|net+ext}, {@code C=} (liblinear; ext is a learner set by
 *       XgbScreen, {@code -Pxgboost}), {@code hidden=}, {@code noise=}, {@code l2=}, {@code seed=},
 *       {@code ens=} (networks per ensemble), {@code mix=} (blends of same-label clips of two
 *       training corpora per clip), {@code bal=corpus} (every training corpus weighs the same);</li>
 *   <li>{@code folds=corpus|speaker}, {@code only=CORPUS;CORPUS} (held-out speakers of these only);</li>
 *   <li>{@code cal=pooled|worst|bias} (the temperature of fold c: fitted on the other folds pooled, or to
 *       the worse of them; bias: a temperature and a bias per class, class-balanced NLL, other folds);</li>
 *   <li>{@code sel=K} (the K features whose class effects agree most between the training corpora;
 *       -1: every feature that agrees at all), {@code tta=speed|channel|all} (the held-out clip's
 *       logits averaged with those of its speed or channel copies);</li>
 *   <li>{@code seeds=N}: the config run with N seed sets (seed, seed + 7, ...), then the mean and
 *       range of each corpus's UA (the seeds alone move a single run by up to 3.5 points);</li>
 *   <li>{@code policy=P;P}: for each top-probability floor P (margin as shipped), the share of
 *       verdicts not flagged uncertain and their accuracy, per held-out corpus;</li>
 *   <li>{@code skew=S} with a speaker norm: also scores each held-out speaker against a baseline
 *       taken from a set in which one emotion is share S of the clips (the trap of the mode).</li>
 * </ul>
 */
final class Issue13Screen {
    private static final List<String> CORPORA = List.of("emodb", "casia", "urdu");

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args[0]);
        Path cache = Path.of(args[1]);
        Files.createDirectories(cache);
        List<ManifestEntry> all = new ArrayList<>();
        for (String c : CORPORA) {
            all.addAll(Manifest.read(data.resolve(c).resolve("manifest.csv")));
        }
        Cached base = baseFeatures(all, cache.resolve("base.bin"));
        double[][][] emb = embeddings(base.entries(), cache.resolve("emb.bin"), Path.of(args[2]));
        double[][][] channel = Augment.features(base.entries(), cache.resolve("aug.bin"));
        double[][][] codec = null;
        double[][][] crop = null;
        double[][][] speedChannel = null;
        for (int a = 3; a < args.length; a++) {
            if (speedChannel == null && args[a].contains("speedch")) {
                speedChannel = Augment.speedChannelFeatures(base.entries(), cache.resolve("speedch.bin"));
            }
            if (codec == null && (args[a].contains("mp3") || args[a].contains("opus"))) {
                codec = Augment.codecFeatures(base.entries(), data, cache.resolve("codec"),
                        List.of("mp3", "opus"), cache.resolve("codec.bin"));
            }
            if (crop == null && args[a].contains("crop")) {
                crop = Augment.cropFeatures(base.entries(), cache.resolve("crop.bin"));
            }
            Map<String, String> kv = new TreeMap<>();
            for (String p : args[a].split(",")) {
                String[] k = p.split("=");
                kv.put(k[0], k[1]);
            }
            // seeds=N: the config with N seed sets (seed, seed + 7, ...): single runs differ by up to
            // 3.5 points UA per corpus from the seeds alone
            int sets = Integer.parseInt(kv.getOrDefault("seeds", "1"));
            long seed0 = Long.parseLong(kv.getOrDefault("seed", "" + NetworkTrainer.Hyperparameters.DEFAULT.seed()));
            Map<String, List<double[]>> byCorpus = new TreeMap<>(); // corpus -> {UA, ECE} per seed set
            for (int r = 0; r < sets; r++) {
                aug = new double[channel.length][SLOTS][]; // fresh per run: norm= replaces its entries
                for (int i = 0; i < aug.length; i++) {
                    System.arraycopy(channel[i], 0, aug[i], 0, CODEC);
                    if (codec != null) {
                        System.arraycopy(codec[i], 0, aug[i], CODEC, CROP - CODEC);
                    }
                    if (crop != null) {
                        System.arraycopy(crop[i], 0, aug[i], CROP, SPEED_CHANNEL - CROP);
                    }
                    if (speedChannel != null) {
                        System.arraycopy(speedChannel[i], 0, aug[i], SPEED_CHANNEL, SLOTS - SPEED_CHANNEL);
                    }
                }
                Map<String, String> run = new TreeMap<>(kv);
                if (sets > 1) {
                    run.put("seed", Long.toString(seed0 + 7L * r));
                }
                long t0 = System.nanoTime();
                Row row = run(base, emb, run);
                System.out.printf(Locale.ROOT, "%-40s %s | %.0f s%n", args[a] + (sets > 1 ? " seed " + run.get("seed")
                        : ""), row.line(), (System.nanoTime() - t0) / 1e9);
                row.masked().forEach((c, m) -> byCorpus.computeIfAbsent(c, x -> new ArrayList<>())
                        .add(new double[] {m.ua(), m.ece()}));
            }
            if (sets > 1) {
                StringBuilder sb = new StringBuilder(args[a] + " mean of " + sets + " seed sets (masked):");
                byCorpus.forEach((c, v) -> {
                    java.util.DoubleSummaryStatistics ua = v.stream().mapToDouble(x -> x[0]).summaryStatistics();
                    sb.append(String.format(Locale.ROOT, " %s UA %.3f (%.3f-%.3f) ECE %.3f;", c, ua.getAverage(),
                            ua.getMin(), ua.getMax(), v.stream().mapToDouble(x -> x[1]).average().orElse(0)));
                });
                System.out.println(sb);
            }
        }
    }

    /**
     * Features of each clip's copies, [clip][slot]: slots 0-2 the channel copies (telephone, noise,
     * room), then the codec copies, the crops and the channel copies of the speed copies, each
     * null until its cache is loaded.
     */
    static double[][][] aug;
    private static final int CODEC = 3;
    private static final int CROP = 5;
    private static final int SPEED_CHANNEL = 7;
    private static final int SLOTS = 13;

    record Cached(List<ManifestEntry> entries, double[][] clip, double[][] copies, String[] group,
                  EmotionLabel[] label) {}

    /** One run's printed line and the metrics of its verdicts among the scored classes, by corpus. */
    record Row(String line, Map<String, ClassificationMetrics> masked) {}

    static Row run(Cached base, double[][][] emb, Map<String, String> kv) {
        int n = base.entries().size();
        int copies = base.copies().length / n;
        String feat = kv.getOrDefault("feat", "base");
        String inv = kv.getOrDefault("inv", "asis");
        // features of clip i at speed copy k (0 = original)
        double[][][] f = new double[n][copies + 1][];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k <= copies; k++) {
                double[] b = k == 0 ? base.clip()[i] : base.copies()[i * copies + k - 1];
                double[] e = emb[i][k];
                f[i][k] = switch (feat) {
                    case "base" -> b;
                    case "emb" -> e;
                    case "both" -> concat(b, e);
                    default -> throw new IllegalArgumentException(feat);
                };
            }
        }
        if (kv.containsKey("drop")) {
            java.util.regex.Pattern drop = java.util.regex.Pattern.compile(kv.get("drop").replace(';', '|'));
            List<String> names = io.emovox.model.builtin.FeatureExtractor.names();
            int[] keep = IntStream.range(0, f[0][0].length)
                    .filter(d -> d >= names.size() || !drop.matcher(names.get(d)).matches()).toArray();
            for (double[][] fi : f) {
                for (int k = 0; k < fi.length; k++) {
                    double[] v = fi[k];
                    fi[k] = Arrays.stream(keep).mapToDouble(d -> v[d]).toArray();
                }
            }
            System.out.println("kept " + keep.length + " features");
        }
        String[] corpus = base.entries().stream().map(e -> e.column(Manifest.CORPUS)).toArray(String[]::new);
        rawOriginal = base.clip();
        reference = new boolean[n];
        switch (kv.getOrDefault("norm", "none")) {
            case "none" -> { }
            case "center" -> center(f, corpus);
            // speaker baseline: each speaker's clips minus that speaker's mean (all, or only speakers
            // heard in more than one emotion: URDU's speakers carry one emotion each)
            case "speaker" -> center(f, base.group());
            case "speakermulti" -> center(f, multiEmotionGroups(base));
            // the baseline mode proper: only speakers heard in several emotions, centred; the others
            // are neither trained on nor scored (no baseline can be taken from one emotion)
            case "speakeronly" -> {
                String[] g = multiEmotionGroups(base);
                center(f, g);
                for (int i = 0; i < n; i++) {
                    if (g[i] == null) {
                        f[i] = null;
                    }
                }
            }
            // an enrolled neutral reference: each speaker's baseline is the mean of half of their
            // neutral clips (the reference: trained on, never scored); speakers with fewer than two
            // neutral clips are dropped
            case "neutralref" -> {
                String[] g = new String[n];
                Map<String, Integer> seen = new TreeMap<>();
                for (int i = 0; i < n; i++) {
                    if (base.label()[i] == EmotionLabel.NEUTRAL) {
                        int k = seen.merge(base.group()[i], 1, Integer::sum);
                        reference[i] = k % 2 == 1;
                    }
                }
                for (int i = 0; i < n; i++) {
                    g[i] = seen.getOrDefault(base.group()[i], 0) >= 2 ? base.group()[i] : null;
                }
                centerOn(f, g, reference);
                for (int i = 0; i < n; i++) {
                    if (g[i] == null) {
                        f[i] = null;
                    }
                }
            }
            default -> throw new IllegalArgumentException(kv.get("norm"));
        }
        clf = kv.getOrDefault("clf", "net");
        cal = kv.getOrDefault("cal", "pooled");
        skew = Double.parseDouble(kv.getOrDefault("skew", "0"));
        SKEW_COUNTS.clear();
        cost = Double.parseDouble(kv.getOrDefault("C", "1"));
        mixes = Integer.parseInt(kv.getOrDefault("mix", "0"));
        corpusBalance = "corpus".equals(kv.get("bal"));
        select = Integer.parseInt(kv.getOrDefault("sel", "0"));
        tta = kv.getOrDefault("tta", "none");
        NetworkTrainer.Hyperparameters hp = NetworkTrainer.Hyperparameters.DEFAULT;
        if (kv.containsKey("hidden")) {
            hp = new NetworkTrainer.Hyperparameters(Integer.parseInt(kv.get("hidden")), hp.epochs(), hp.batchSize(),
                    hp.learningRate(), hp.l2(), hp.seed(), hp.ensemble(), hp.inputNoise());
        }
        if (kv.containsKey("noise")) {
            hp = new NetworkTrainer.Hyperparameters(hp.hidden(), hp.epochs(), hp.batchSize(),
                    hp.learningRate(), hp.l2(), hp.seed(), hp.ensemble(), Double.parseDouble(kv.get("noise")));
        }
        if (kv.containsKey("l2")) {
            hp = new NetworkTrainer.Hyperparameters(hp.hidden(), hp.epochs(), hp.batchSize(),
                    hp.learningRate(), Double.parseDouble(kv.get("l2")), hp.seed(), hp.ensemble(), hp.inputNoise());
        }
        if (kv.containsKey("ens")) {
            hp = new NetworkTrainer.Hyperparameters(hp.hidden(), hp.epochs(), hp.batchSize(),
                    hp.learningRate(), hp.l2(), hp.seed(), Integer.parseInt(kv.get("ens")), hp.inputNoise());
        }
        if (kv.containsKey("seed")) {
            hp = hp.withSeed(Long.parseLong(kv.get("seed")));
        }
        final NetworkTrainer.Hyperparameters fhp = hp;
        int[] kinds = kv.containsKey("aug") ? Arrays.stream(kv.get("aug").split(";")).flatMapToInt(k -> switch (k) {
            case "tel" -> IntStream.of(0);
            case "noise" -> IntStream.of(1);
            case "rev" -> IntStream.of(2);
            case "mp3" -> IntStream.of(CODEC);
            case "opus" -> IntStream.of(CODEC + 1);
            case "cropa" -> IntStream.of(CROP);
            case "cropb" -> IntStream.of(CROP + 1);
            case "speedch" -> IntStream.range(SPEED_CHANNEL, SLOTS);
            default -> throw new IllegalArgumentException(k);
        }).toArray() : new int[0];
        augKinds = kinds;
        Function<EmotionLabel, EmotionLabel> trainLabel = switch (inv) {
            case "asis" -> l -> l;
            case "other2neutral" -> l -> l == EmotionLabel.OTHER ? EmotionLabel.NEUTRAL : l;
            case "noother" -> l -> l == EmotionLabel.OTHER ? null : l;
            case "five" -> l -> (l == EmotionLabel.OTHER || l == EmotionLabel.DISGUSTED
                    || l == EmotionLabel.SURPRISED) ? null : l;
            default -> throw new IllegalArgumentException(inv);
        };
        // fold per held-out corpus: masked logits (verdict among scored classes) and open logits
        List<float[][]> masked = new ArrayList<>();
        List<float[][]> open = new ArrayList<>();
        boolean bySpeaker = "speaker".equals(kv.getOrDefault("folds", "corpus"));
        String[] key = bySpeaker ? base.group() : corpus;
        List<String> folds = bySpeaker ? new ArrayList<>(new TreeSet<>(Arrays.asList(key))) : CORPORA;
        if (kv.containsKey("only")) { // held-out folds of these corpora only (training still uses all)
            List<String> only = List.of(kv.get("only").split(";"));
            folds = folds.stream().filter(g -> IntStream.range(0, n).anyMatch(i -> key[i].equals(g)
                    && only.contains(corpus[i]) && f[i] != null)).toList();
        }
        List<String> heldOutFolds = folds;
        IntStream.range(0, heldOutFolds.size()).parallel()
                .mapToObj(c -> fold(f, base, key, heldOutFolds.get(c), trainLabel, fhp, bySpeaker)).toList()
                .forEach(r -> {
                    masked.add(r[0]);
                    open.add(r[1]);
                });
        // calibration rows of each fold (its scored clips over every scored label); fold c's
        // temperature is fitted on the other folds' rows, as in CorpusFolds
        TreeSet<EmotionLabel> truths = new TreeSet<>();
        for (float[][] run : masked) {
            for (int i = 0; i < n; i++) {
                if (run[i] != null) {
                    truths.add(base.label()[i]);
                }
            }
        }
        List<EmotionLabel> labels = new ArrayList<>(truths);
        List<List<double[]>> foldRows = new ArrayList<>();
        List<int[]> foldTruth = new ArrayList<>();
        for (float[][] run : masked) {
            List<double[]> rows = new ArrayList<>();
            List<Integer> truth = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (run[i] != null) {
                    rows.add(SpeakerFolds.over(run[i], labels));
                    truth.add(labels.indexOf(base.label()[i]));
                }
            }
            foldRows.add(rows);
            foldTruth.add(truth.stream().mapToInt(Integer::intValue).toArray());
        }
        // cal=bias: fold c's temperature and per-class biases fitted together on the other folds' rows
        List<double[]> biases = IntStream.range(0, masked.size()).mapToObj(c -> "bias".equals(cal)
                ? temperatureAndBias(foldRows, foldTruth, c, labels.size()) : null).toList();
        List<Double> temperatures = IntStream.range(0, masked.size())
                .mapToObj(c -> "worst".equals(cal) ? worstFoldTemperature(foldRows, foldTruth, c)
                        : pooledTemperature(foldRows, foldTruth, c)).toList();
        StringBuilder sb = new StringBuilder();
        Map<String, ClassificationMetrics> maskedMetrics = new TreeMap<>();
        for (boolean mask : new boolean[] {true, false}) {
            List<float[][]> runs = mask ? masked : open;
            Prediction[] byClip = new Prediction[n];
            for (int c = 0; c < runs.size(); c++) {
                for (int i = 0; i < n; i++) {
                    if (runs.get(c)[i] != null && mask && biases.get(c) != null) {
                        double[] tb = biases.get(c);
                        float[] z = runs.get(c)[i].clone();
                        for (int k = 0; k < labels.size(); k++) {
                            int o = labels.get(k).ordinal();
                            z[o] = (float) (z[o] / tb[0] + tb[k + 1]);
                        }
                        byClip[i] = Evaluator.predict(base.entries().get(i), z, 1, UncertaintyPolicy.DEFAULT);
                    } else if (runs.get(c)[i] != null) {
                        byClip[i] = Evaluator.predict(base.entries().get(i), runs.get(c)[i], temperatures.get(c),
                                UncertaintyPolicy.DEFAULT);
                    }
                }
            }
            if (mask && biases.get(0) != null) {
                sb.append("T+b ").append(biases.stream().map(tb -> Arrays.stream(tb)
                        .mapToObj(v -> String.format(Locale.ROOT, "%.2f", v)).toList()).toList())
                        .append(" ").append(labels)
                        .append(" | ");
            }
            if (mask) {
                sb.append(String.format(Locale.ROOT, "T %s | ", temperatures.stream()
                        .map(x -> String.format(Locale.ROOT, "%.2f", x)).toList()));
            }
            List<Prediction> preds = Arrays.stream(byClip).filter(p -> p != null).toList();
            if (mask && kv.containsKey("policy")) { // share not flagged and their accuracy per top-probability floor
                for (String floor : kv.get("policy").split(";")) {
                    UncertaintyPolicy pol = new UncertaintyPolicy(Double.parseDouble(floor),
                            UncertaintyPolicy.DEFAULT.minMargin());
                    sb.append("policy ").append(floor);
                    for (String c : CORPORA) {
                        List<Prediction> kept = preds.stream().filter(p -> p.entry().column(Manifest.CORPUS).equals(c)
                                && !pol.isUncertain(p.probabilities())).toList();
                        long all = preds.stream().filter(p -> p.entry().column(Manifest.CORPUS).equals(c)).count();
                        sb.append(String.format(Locale.ROOT, " %s %.2f/%.3f", c, kept.size() / (double) all,
                                kept.stream().filter(Prediction::correct).count() / (double) kept.size()));
                    }
                    sb.append(" | ");
                }
            }
            EvaluationResult r = new EvaluationResult("screen", 1, preds, List.of(), Map.of(),
                    TrainingCheck.heldOut(preds.size(), Manifest.CORPUS));
            EvaluationReport report = EvaluationReport.of("x", r, Manifest.CORPUS, UncertaintyPolicy.DEFAULT);
            if (mask && skew > 0) {
                SKEW_COUNTS.forEach((c, k) -> sb.append(String.format(Locale.ROOT,
                        "%s skew %.1f: majority acc %.3f (balanced baseline %.3f), called neutral %.3f (%.3f); "
                        + "minority acc %.3f (%.3f) | ", c, skew, k[1] / (double) k[0], k[2] / (double) k[0],
                        k[3] / (double) k[0], k[4] / (double) k[0], k[6] / (double) k[5], k[7] / (double) k[5])));
            }
            sb.append(mask ? "masked" : " | open");
            for (String c : CORPORA) {
                ClassificationMetrics m = report.groups().get(c);
                if (m == null) {
                    continue;
                }
                sb.append(String.format(Locale.ROOT, " %s UA %.3f ECE %.3f cert %.2f acc %.3f", c, m.ua(), m.ece(),
                        m.certainShare(), m.certainAccuracy()));
                if (mask) {
                    maskedMetrics.put(c, m);
                }
            }
        }
        return new Row(sb.toString(), maskedMetrics);
    }

    /** {@code tta=speed|channel|all}: the held-out clip's copies whose logits are averaged with its own. */
    private static volatile String tta = "none";

    private static List<double[]> testTimeCopies(int i, double[][] fi) {
        List<double[]> v = new ArrayList<>();
        v.add(fi[0]);
        if (tta.equals("speed") || tta.equals("all")) {
            v.addAll(Arrays.asList(fi).subList(1, fi.length));
        }
        if (tta.equals("channel") || tta.equals("all")) {
            v.addAll(Arrays.asList(aug[i]).subList(0, CODEC));
        }
        return v;
    }

    private static double[] plus(double[] a, double[] b) {
        double[] s = a.clone();
        for (int d = 0; d < s.length; d++) {
            s[d] += b[d];
        }
        return s;
    }

    /** {@code sel=K}: features kept by {@link #consistentFeatures} (0: all; negative: every one scoring above 0). */
    private static volatile int select;

    /**
     * Cross-corpus feature selection from the training clips alone: each feature is z-scored within
     * each speaker heard in 2+ emotions (single-emotion speakers: within their corpus, pooled), its
     * class means averaged per corpus, and scored by the mean over pairs of training corpora of the
     * product of their class-mean profiles over the classes both have: high where both corpora show
     * the same large effect, negative where they disagree. Returns the indices of the {@link #select}
     * best (or of every positive one), in feature order.
     */
    private static int[] consistentFeatures(double[][][] f, Cached base, String[] key, String heldOut,
                                            Function<EmotionLabel, EmotionLabel> trainLabel) {
        int n = f.length;
        int dims = f[0] == null ? rawOriginal[0].length : f[0][0].length;
        Map<String, java.util.Set<EmotionLabel>> emotions = new TreeMap<>();
        List<Integer> train = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!key[i].equals(heldOut) && f[i] != null && trainLabel.apply(base.label()[i]) != null) {
                train.add(i);
                emotions.computeIfAbsent(base.group()[i], g -> new TreeSet<>()).add(trainLabel.apply(base.label()[i]));
            }
        }
        Map<String, List<Integer>> groups = new TreeMap<>();
        for (int i : train) {
            String c = base.entries().get(i).column(Manifest.CORPUS);
            String g = emotions.get(base.group()[i]).size() > 1 ? c + "/" + base.group()[i] : c + "/";
            groups.computeIfAbsent(g, x -> new ArrayList<>()).add(i);
        }
        // per corpus, per class: sum over its groups of the group's z-scored class mean, and the count
        Map<String, Map<EmotionLabel, double[]>> effect = new TreeMap<>();
        Map<String, Map<EmotionLabel, Integer>> count = new TreeMap<>();
        groups.forEach((g, clips) -> {
            String c = g.substring(0, g.indexOf('/'));
            double[] mean = new double[dims];
            double[] sq = new double[dims];
            for (int i : clips) {
                for (int d = 0; d < dims; d++) {
                    mean[d] += f[i][0][d] / clips.size();
                }
            }
            for (int i : clips) {
                for (int d = 0; d < dims; d++) {
                    sq[d] += (f[i][0][d] - mean[d]) * (f[i][0][d] - mean[d]) / clips.size();
                }
            }
            Map<EmotionLabel, double[]> classMean = new TreeMap<>();
            Map<EmotionLabel, Integer> classCount = new TreeMap<>();
            for (int i : clips) {
                EmotionLabel l = trainLabel.apply(base.label()[i]);
                double[] m = classMean.computeIfAbsent(l, x -> new double[dims]);
                classCount.merge(l, 1, Integer::sum);
                for (int d = 0; d < dims; d++) {
                    m[d] += (f[i][0][d] - mean[d]) / Math.sqrt(sq[d] + 1e-12);
                }
            }
            classMean.forEach((l, m) -> {
                double[] e = effect.computeIfAbsent(c, x -> new TreeMap<>()).computeIfAbsent(l, x -> new double[dims]);
                for (int d = 0; d < dims; d++) {
                    e[d] += m[d] / classCount.get(l);
                }
                count.computeIfAbsent(c, x -> new TreeMap<>()).merge(l, 1, Integer::sum);
            });
        });
        List<String> cs = new ArrayList<>(effect.keySet());
        double[] score = new double[dims];
        int pairs = 0;
        for (int a = 0; a < cs.size(); a++) {
            for (int b = a + 1; b < cs.size(); b++) {
                Map<EmotionLabel, double[]> ea = effect.get(cs.get(a));
                Map<EmotionLabel, double[]> eb = effect.get(cs.get(b));
                List<EmotionLabel> shared = ea.keySet().stream().filter(eb::containsKey).toList();
                for (EmotionLabel l : shared) {
                    double na = count.get(cs.get(a)).get(l);
                    double nb = count.get(cs.get(b)).get(l);
                    for (int d = 0; d < dims; d++) {
                        score[d] += ea.get(l)[d] / na * eb.get(l)[d] / nb / shared.size();
                    }
                }
                pairs++;
            }
        }
        final int p = Math.max(pairs, 1);
        Integer[] order = IntStream.range(0, dims).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (u, v) -> Double.compare(score[v] / p, score[u] / p));
        int k = select > 0 ? Math.min(select, dims) : (int) Arrays.stream(score).filter(s -> s > 0).count();
        List<String> names = io.emovox.model.builtin.FeatureExtractor.names();
        System.out.println("sel " + heldOut + ": " + k + " kept; best " + Arrays.stream(order, 0, 12)
                .map(d -> String.format(Locale.ROOT, "%s %.2f", d < names.size() ? names.get(d) : "#" + d,
                        score[d] / p)).toList() + "; worst " + Arrays.stream(order, dims - 6, dims)
                .map(d -> String.format(Locale.ROOT, "%s %.2f", d < names.size() ? names.get(d) : "#" + d,
                        score[d] / p)).toList());
        return Arrays.stream(order, 0, k).mapToInt(Integer::intValue).sorted().toArray();
    }

    /** {@code mix=}: mixed examples per training clip ({@link #crossCorpusMixes}). */
    private static volatile int mixes;

    /**
     * Appends {@code mixes} examples per training clip: its original features blended with those of
     * a clip of the same (training) label from another corpus, weight drawn from [0.2, 0.8], so the
     * networks meet points between the corpora they learn from (none if no other corpus has the label).
     */
    private static void crossCorpusMixes(double[][][] f, Cached base, String[] key, String heldOut,
                                         Function<EmotionLabel, EmotionLabel> trainLabel, List<double[]> raw,
                                         List<EmotionLabel> ys, List<String> rowCorpus) {
        int n = f.length;
        java.util.Random rnd = new java.util.Random(20261203L + heldOut.hashCode());
        List<Integer> train = IntStream.range(0, n).filter(i -> !key[i].equals(heldOut) && f[i] != null
                && trainLabel.apply(base.label()[i]) != null).boxed().toList();
        for (int i : train) {
            EmotionLabel l = trainLabel.apply(base.label()[i]);
            String ci = base.entries().get(i).column(Manifest.CORPUS);
            List<Integer> partners = train.stream().filter(j -> trainLabel.apply(base.label()[j]) == l
                    && !base.entries().get(j).column(Manifest.CORPUS).equals(ci)).toList();
            for (int m = 0; m < mixes && !partners.isEmpty(); m++) {
                double[] a = f[i][0];
                double[] b = f[partners.get(rnd.nextInt(partners.size()))][0];
                double w = 0.2 + 0.6 * rnd.nextDouble();
                double[] v = new double[a.length];
                for (int d = 0; d < v.length; d++) {
                    v[d] = w * a[d] + (1 - w) * b[d];
                }
                raw.add(v);
                ys.add(l);
                rowCorpus.add(ci);
            }
        }
    }

    /** {@code bal=corpus}: every training corpus weighs about the same ({@link #balanceCorpora}). */
    private static volatile boolean corpusBalance;

    /**
     * Repeats the rows of each training corpus round(largest / its rows) times in all, so a small
     * corpus weighs in training about as much as the largest one (every clip has as many copies).
     */
    private static void balanceCorpora(List<double[]> raw, List<EmotionLabel> ys, List<String> rowCorpus) {
        Map<String, Integer> rows = new TreeMap<>();
        rowCorpus.forEach(c -> rows.merge(c, 1, Integer::sum));
        int largest = rows.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int before = raw.size();
        for (int r = 0; r < before; r++) {
            int times = (int) Math.round(largest / (double) rows.get(rowCorpus.get(r))) - 1;
            for (int t = 0; t < times; t++) {
                raw.add(raw.get(r));
                ys.add(ys.get(r));
            }
        }
    }

    /** One held-out corpus: {masked logits, open logits} per clip (null where not scored). */
    private static float[][][] fold(double[][][] f, Cached base, String[] corpus, String heldOut,
                                    Function<EmotionLabel, EmotionLabel> trainLabel,
                                    NetworkTrainer.Hyperparameters hp, boolean allTrained) {
        int n = f.length;
        List<double[]> raw = new ArrayList<>();
        List<EmotionLabel> ys = new ArrayList<>();
        List<String> rowCorpus = new ArrayList<>();
        for (int k = 0; k < f[0].length; k++) { // originals first, then the copies, as trainingSet() orders them
            for (int i = 0; i < n; i++) {
                EmotionLabel l = trainLabel.apply(base.label()[i]);
                if (!corpus[i].equals(heldOut) && l != null && f[i] != null) {
                    raw.add(f[i][k]);
                    ys.add(l);
                    rowCorpus.add(base.entries().get(i).column(Manifest.CORPUS));
                }
            }
        }
        for (int a : augKinds) {
            for (int i = 0; i < n; i++) {
                EmotionLabel l = trainLabel.apply(base.label()[i]);
                if (!corpus[i].equals(heldOut) && l != null && f[i] != null) {
                    raw.add(aug[i][a]);
                    ys.add(l);
                    rowCorpus.add(base.entries().get(i).column(Manifest.CORPUS));
                }
            }
        }
        if (mixes > 0) {
            crossCorpusMixes(f, base, corpus, heldOut, trainLabel, raw, ys, rowCorpus);
        }
        if (corpusBalance) {
            balanceCorpora(raw, ys, rowCorpus);
        }
        List<EmotionLabel> labels = new ArrayList<>(new TreeSet<>(ys));
        int[] keep = select == 0 ? null : consistentFeatures(f, base, corpus, heldOut, trainLabel);
        Function<double[], double[]> pick = keep == null ? v -> v : v -> Arrays.stream(keep).mapToDouble(d -> v[d])
                .toArray();
        if (keep != null) {
            raw.replaceAll(pick::apply);
        }
        FeatureScaler scaler = FeatureScaler.fit(raw);
        List<double[]> x = raw.stream().map(scaler::apply).toList();
        int[] y = ys.stream().mapToInt(labels::indexOf).toArray();
        Function<double[], double[]> learner = learner(x, y, labels.size(), hp);
        Function<double[], double[]> logitsOf = v -> learner.apply(scaler.apply(pick.apply(v))); // raw -> logits
        TreeSet<EmotionLabel> scored = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            if (corpus[i].equals(heldOut) && labels.contains(base.label()[i]) && f[i] != null) {
                scored.add(base.label()[i]);
            }
        }
        if (allTrained) { // leave-one-speaker-out: the verdict is among every trained class
            scored.addAll(labels);
        }
        if (skew > 0) {
            skewed(base, corpus, heldOut, f, logitsOf, labels, scored);
        }
        float[][] masked = new float[n][];
        float[][] open = new float[n][];
        for (int i = 0; i < n; i++) {
            if (corpus[i].equals(heldOut) && scored.contains(base.label()[i]) && f[i] != null && !reference[i]) {
                double[] z = testTimeCopies(i, f[i]).stream().map(logitsOf).reduce(Issue13Screen::plus).orElseThrow();
                float[] o = new float[EmotionLabel.COUNT];
                Arrays.fill(o, Float.NEGATIVE_INFINITY);
                for (int k = 0; k < z.length; k++) {
                    o[labels.get(k).ordinal()] = (float) z[k];
                }
                float[] mk = o.clone();
                for (EmotionLabel l : EmotionLabel.ALL) {
                    if (!scored.contains(l)) {
                        mk[l.ordinal()] = Float.NEGATIVE_INFINITY;
                    }
                }
                masked[i] = mk;
                open[i] = o;
            }
        }
        return new float[][][] {masked, open};
    }

    private static volatile String clf = "net";
    private static volatile String cal = "pooled";
    private static volatile double skew;
    /**
     * Per held-out corpus: majority clips, right with the skewed baseline, right with the balanced one,
     * called neutral skewed, called neutral balanced; minority clips, right skewed, right balanced.
     */
    private static final Map<String, long[]> SKEW_COUNTS = new java.util.concurrent.ConcurrentSkipListMap<>();

    /**
     * The trap of a speaker baseline: each held-out speaker heard mostly in one emotion E (share
     * {@link #skew} of the clips the baseline is taken from: all their E clips plus a deterministic
     * sample of their others), scored against that skewed baseline and against their balanced one.
     */
    private static void skewed(Cached base, String[] corpus, String heldOut, double[][][] f,
                               Function<double[], double[]> score, List<EmotionLabel> labels,
                               java.util.SortedSet<EmotionLabel> scored) {
        Map<String, List<Integer>> byGroup = new TreeMap<>();
        for (int i = 0; i < f.length; i++) {
            if (corpus[i].equals(heldOut) && f[i] != null && scored.contains(base.label()[i])) {
                byGroup.computeIfAbsent(base.group()[i], g -> new ArrayList<>()).add(i);
            }
        }
        long[] k = SKEW_COUNTS.computeIfAbsent(heldOut, c -> new long[8]);
        byGroup.forEach((g, clips) -> {
            for (EmotionLabel e : new TreeSet<>(clips.stream().map(i -> base.label()[i]).toList())) {
                List<Integer> major = clips.stream().filter(i -> base.label()[i] == e).toList();
                List<Integer> minor = new ArrayList<>(clips.stream().filter(i -> base.label()[i] != e).toList());
                java.util.Collections.shuffle(minor, new java.util.Random(g.hashCode() * 31L + e.ordinal()));
                int r = Math.min(minor.size(), (int) Math.round(major.size() * (1 - skew) / skew));
                List<Integer> subset = new ArrayList<>(major);
                subset.addAll(minor.subList(0, r));
                double[] mean = new double[rawOriginal[0].length];
                for (int i : subset) {
                    for (int d = 0; d < mean.length; d++) {
                        mean[d] += rawOriginal[i][d] / subset.size();
                    }
                }
                for (int i : subset) {
                    EmotionLabel skewedVerdict = verdict(score.apply(minus(rawOriginal[i], mean)), labels, scored);
                    EmotionLabel balancedVerdict = verdict(score.apply(f[i][0]), labels, scored);
                    boolean isMajor = base.label()[i] == e;
                    synchronized (k) {
                        if (isMajor) {
                            k[0]++;
                            k[1] += skewedVerdict == e ? 1 : 0;
                            k[2] += balancedVerdict == e ? 1 : 0;
                            k[3] += skewedVerdict == EmotionLabel.NEUTRAL ? 1 : 0;
                            k[4] += balancedVerdict == EmotionLabel.NEUTRAL ? 1 : 0;
                        } else {
                            k[5]++;
                            k[6] += skewedVerdict == base.label()[i] ? 1 : 0;
                            k[7] += balancedVerdict == base.label()[i] ? 1 : 0;
                        }
                    }
                }
            }
        });
    }

    private static EmotionLabel verdict(double[] z, List<EmotionLabel> labels,
                                        java.util.SortedSet<EmotionLabel> scored) {
        int best = -1;
        for (int c = 0; c < z.length; c++) {
            if (scored.contains(labels.get(c)) && (best < 0 || z[c] > z[best])) {
                best = c;
            }
        }
        return labels.get(best);
    }

    /** The {@code clf=} learner trained on standardised rows: standardised features -> per-class scores. */
    private static Function<double[], double[]> learner(List<double[]> x, int[] y, int classes,
                                                        NetworkTrainer.Hyperparameters hp) {
        switch (clf) {
            case "ext" -> {
                return external.apply(x, y);
            }
            case "lr", "svm" -> {
                de.bwaldvogel.liblinear.Model linear = linear(x, y, clf, cost);
                return v -> linearLogits(linear, v, classes);
            }
            default -> {
                List<Network> nets = new ArrayList<>();
                for (int m = 0; m < hp.ensemble(); m++) {
                    nets.add(new NetworkTrainer(hp.withSeed(hp.seed() + m)).train(x, y, classes));
                }
                Function<double[], double[]> net = v -> Network.ensembleLogits(nets, v, null);
                if (clf.equals("net")) {
                    return net;
                }
                if (!clf.equals("net+ext")) {
                    throw new IllegalArgumentException("clf=" + clf);
                }
                Function<double[], double[]> ext = external.apply(x, y); // mean of the two log-probabilities
                return v -> meanLogProbabilities(net.apply(v), ext.apply(v));
            }
        }
    }

    /** Fold c's temperature fitted on the other folds' calibration rows pooled (the shipped rule). */
    private static double pooledTemperature(List<List<double[]>> rows, List<int[]> truth, int c) {
        List<double[]> pooled = new ArrayList<>();
        List<Integer> t = new ArrayList<>();
        for (int o = 0; o < rows.size(); o++) {
            if (o != c) {
                pooled.addAll(rows.get(o));
                Arrays.stream(truth.get(o)).forEach(t::add);
            }
        }
        return BuiltinTrainer.fitTemperature(pooled, t.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * {@code cal=bias}: a temperature T and a bias per class (logits / T + b), fitted by gradient
     * descent on the class-balanced NLL of the other folds' rows (every class weighs the same, as
     * in UA; small L2 on b). Returns {T, b...}.
     */
    private static double[] temperatureAndBias(List<List<double[]>> rows, List<int[]> truth, int c, int classes) {
        List<double[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (int o = 0; o < rows.size(); o++) {
            if (o != c) {
                x.addAll(rows.get(o));
                Arrays.stream(truth.get(o)).forEach(y::add);
            }
        }
        double[] perClass = new double[classes];
        y.forEach(t -> perClass[t]++);
        double logT = Math.log(2);
        double[] b = new double[classes];
        for (int it = 0; it < 3000; it++) {
            double t = Math.exp(logT);
            double gT = 0;
            double[] gb = new double[classes];
            double wSum = 0;
            for (int i = 0; i < x.size(); i++) {
                double[] z = x.get(i);
                double w = 1 / perClass[y.get(i)];
                double[] p = new double[classes];
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < classes; k++) {
                    p[k] = z[k] / t + b[k];
                    max = Math.max(max, p[k]);
                }
                double sum = 0;
                for (int k = 0; k < classes; k++) {
                    p[k] = Math.exp(p[k] - max);
                    sum += p[k];
                }
                for (int k = 0; k < classes; k++) {
                    double d = p[k] / sum - (k == y.get(i) ? 1 : 0);
                    gb[k] += w * d;
                    if (z[k] > -1e3) {
                        gT += w * d * (-z[k] / t);
                    }
                }
                wSum += w;
            }
            logT -= 0.1 * gT / wSum;
            for (int k = 0; k < classes; k++) {
                b[k] -= 0.1 * (gb[k] / wSum + 0.01 * b[k]);
            }
        }
        double[] out = new double[classes + 1];
        out[0] = Math.exp(logT);
        System.arraycopy(b, 0, out, 1, classes);
        return out;
    }

    /** The temperature whose worst other fold (not c) has the lowest mean NLL, on a 0.01 grid. */
    private static double worstFoldTemperature(List<List<double[]>> rows, List<int[]> truth, int c) {
        double best = 1;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (double t = 0.5; t <= 8; t += 0.01) {
            double worst = 0;
            for (int o = 0; o < rows.size(); o++) {
                if (o != c && !rows.get(o).isEmpty()) {
                    worst = Math.max(worst, TemperatureScaling.nll(rows.get(o), truth.get(o), t));
                }
            }
            if (worst < bestLoss) {
                bestLoss = worst;
                best = t;
            }
        }
        return best;
    }

    /** A learner supplied from outside the build (research: XgbScreen): training rows, classes -> scorer. */
    static volatile java.util.function.BiFunction<List<double[]>, int[], Function<double[], double[]>> external;
    private static volatile double cost = 1;

    private static de.bwaldvogel.liblinear.Model linear(List<double[]> x, int[] y, String kind, double c) {
        de.bwaldvogel.liblinear.Problem p = new de.bwaldvogel.liblinear.Problem();
        p.l = x.size();
        p.n = x.get(0).length + 1;
        p.bias = 1;
        p.x = new de.bwaldvogel.liblinear.Feature[p.l][];
        p.y = new double[p.l];
        for (int i = 0; i < p.l; i++) {
            double[] v = x.get(i);
            de.bwaldvogel.liblinear.Feature[] row = new de.bwaldvogel.liblinear.Feature[v.length + 1];
            for (int d = 0; d < v.length; d++) {
                row[d] = new de.bwaldvogel.liblinear.FeatureNode(d + 1, v[d]);
            }
            row[v.length] = new de.bwaldvogel.liblinear.FeatureNode(v.length + 1, 1);
            p.x[i] = row;
            p.y[i] = y[i];
        }
        de.bwaldvogel.liblinear.SolverType solver = switch (kind) {
            case "lr" -> de.bwaldvogel.liblinear.SolverType.L2R_LR;
            case "svm" -> de.bwaldvogel.liblinear.SolverType.L2R_L2LOSS_SVC;
            default -> throw new IllegalArgumentException(kind);
        };
        de.bwaldvogel.liblinear.Linear.disableDebugOutput();
        de.bwaldvogel.liblinear.Linear.resetRandom();
        return de.bwaldvogel.liblinear.Linear.train(p, new de.bwaldvogel.liblinear.Parameter(solver, c, 0.001));
    }

    /** Per-class scores in class-index order: log-probabilities (lr) or decision values (svm). */
    private static double[] linearLogits(de.bwaldvogel.liblinear.Model m, double[] v, int classes) {
        de.bwaldvogel.liblinear.Feature[] row = new de.bwaldvogel.liblinear.Feature[v.length + 1];
        for (int d = 0; d < v.length; d++) {
            row[d] = new de.bwaldvogel.liblinear.FeatureNode(d + 1, v[d]);
        }
        row[v.length] = new de.bwaldvogel.liblinear.FeatureNode(v.length + 1, 1);
        double[] s = new double[m.getNrClass()];
        if (m.isProbabilityModel()) {
            de.bwaldvogel.liblinear.Linear.predictProbability(m, row, s);
            for (int k = 0; k < s.length; k++) {
                s[k] = Math.log(Math.max(s[k], 1e-12));
            }
        } else {
            de.bwaldvogel.liblinear.Linear.predictValues(m, row, s);
        }
        double[] z = new double[classes];
        int[] order = m.getLabels();
        for (int k = 0; k < s.length; k++) {
            z[order[k]] = s[k];
        }
        return z;
    }

    private static double[] meanLogProbabilities(double[] a, double[] b) {
        double[] la = logSoftmax(a);
        double[] lb = logSoftmax(b);
        double[] out = new double[a.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = (la[k] + lb[k]) / 2;
        }
        return out;
    }

    private static double[] logSoftmax(double[] z) {
        double max = Arrays.stream(z).max().orElse(0);
        double sum = Arrays.stream(z).map(v -> Math.exp(v - max)).sum();
        return Arrays.stream(z).map(v -> v - max - Math.log(sum)).toArray();
    }

    private static String[] multiEmotionGroups(Cached base) {
        Map<String, java.util.Set<EmotionLabel>> seen = new TreeMap<>();
        for (int i = 0; i < base.group().length; i++) {
            seen.computeIfAbsent(base.group()[i], g -> new TreeSet<>()).add(base.label()[i]);
        }
        String[] g = new String[base.group().length];
        for (int i = 0; i < g.length; i++) {
            // one shared key for single-emotion speakers: their clips are left uncentred below
            g[i] = seen.get(base.group()[i]).size() > 1 ? base.group()[i] : null;
        }
        return g;
    }

    private static volatile boolean[] reference = new boolean[0];

    /**
     * Subtracts from each clip the mean of its group's clips that {@code from} accepts (per speed
     * copy; channel copies by the originals' mean).
     */
    private static void centerOn(double[][][] f, String[] group, boolean[] from) {
        String[] fromGroup = new String[group.length];
        for (int i = 0; i < group.length; i++) {
            fromGroup[i] = from[i] ? group[i] : null;
        }
        for (int k = 0; k < f[0].length; k++) { // copy k's means are taken before copy k is changed
            Map<String, double[]> mean = groupMeans(f, fromGroup, k);
            for (int i = 0; i < f.length; i++) {
                if (group[i] != null) {
                    f[i][k] = minus(f[i][k], mean.get(group[i]));
                }
            }
        }
        double[][][] originals = new double[f.length][1][];
        for (int i = 0; i < f.length; i++) {
            originals[i][0] = rawOriginal[i];
        }
        Map<String, double[]> mean = groupMeans(originals, fromGroup, 0);
        for (int i = 0; i < f.length; i++) {
            if (group[i] != null) {
                for (int a = 0; a < aug[i].length; a++) {
                    aug[i][a] = aug[i][a] == null ? null : minus(aug[i][a], mean.get(group[i]));
                }
            }
        }
    }

    /** Subtracts each group's mean from its clips (per speed copy; channel copies by the originals' mean). */
    private static void center(double[][][] f, String[] group) {
        boolean[] all = new boolean[f.length];
        Arrays.fill(all, true);
        centerOn(f, group, all);
    }

    private static Map<String, double[]> groupMeans(double[][][] f, String[] group, int k) {
        Map<String, double[]> sum = new TreeMap<>();
        Map<String, Integer> cnt = new TreeMap<>();
        for (int i = 0; i < f.length; i++) {
            if (group[i] != null) {
                int dim = f[i][k].length;
                double[] s = sum.computeIfAbsent(group[i], c -> new double[dim]);
                for (int d = 0; d < s.length; d++) {
                    s[d] += f[i][k][d];
                }
                cnt.merge(group[i], 1, Integer::sum);
            }
        }
        sum.forEach((g, s) -> {
            for (int d = 0; d < s.length; d++) {
                s[d] /= cnt.get(g);
            }
        });
        return sum;
    }

    private static double[] minus(double[] v, double[] m) {
        double[] out = v.clone();
        for (int d = 0; d < out.length; d++) {
            out[d] -= m[d];
        }
        return out;
    }

    private static volatile double[][] rawOriginal;

    private static volatile int[] augKinds = new int[0];

    static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Summary of one clip's embeddings: per-dimension mean and standard deviation. */
    static double[] stats(float[][] e) {
        double[] out = new double[2 * SpeechEmbedding.DIM];
        for (int d = 0; d < SpeechEmbedding.DIM; d++) {
            double s = 0;
            double s2 = 0;
            for (float[] w : e) {
                s += w[d];
                s2 += (double) w[d] * w[d];
            }
            double mean = s / e.length;
            out[d] = mean;
            out[SpeechEmbedding.DIM + d] = Math.sqrt(Math.max(0, s2 / e.length - mean * mean));
        }
        return out;
    }

    private static Cached baseFeatures(List<ManifestEntry> all, Path file) throws IOException {
        if (Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                int n = in.readInt();
                int copies = in.readInt();
                List<ManifestEntry> entries = new ArrayList<>();
                double[][] clip = new double[n][];
                double[][] cp = new double[n * copies][];
                String[] group = new String[n];
                EmotionLabel[] label = new EmotionLabel[n];
                for (int i = 0; i < n; i++) {
                    entries.add(all.get(in.readInt()));
                    group[i] = in.readUTF();
                    label[i] = EmotionLabel.valueOf(in.readUTF());
                    clip[i] = read(in);
                }
                for (int j = 0; j < n * copies; j++) {
                    cp[j] = read(in);
                }
                return new Cached(entries, clip, cp, group, label);
            }
        }
        long t0 = System.nanoTime();
        LabelledFeatures lf = LabelledFeatures.extract(all,
                new TrainingCopies(SpeedPerturbation.TRAINING_SPEEDS, List.of()), i -> { });
        System.out.printf(Locale.ROOT, "base features: %d clips, %.0f s%n", lf.examples().size(),
                (System.nanoTime() - t0) / 1e9);
        int n = lf.examples().size();
        int copies = lf.perturbed().size() / n;
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(n);
            out.writeInt(copies);
            for (int i = 0; i < n; i++) {
                out.writeInt(all.indexOf(lf.entries().get(i)));
                out.writeUTF(lf.examples().get(i).group());
                out.writeUTF(lf.examples().get(i).label().name());
                write(out, lf.examples().get(i).features());
            }
            for (TrainingExample e : lf.perturbed()) {
                write(out, e.features());
            }
        }
        return baseFeatures(all, file);
    }

    private static double[][][] embeddings(List<ManifestEntry> entries, Path file, Path model) throws IOException {
        int n = entries.size();
        List<Double> speeds = SpeedPerturbation.TRAINING_SPEEDS;
        if (Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                double[][][] e = new double[n][speeds.size() + 1][];
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k <= speeds.size(); k++) {
                        e[i][k] = read(in);
                    }
                }
                return e;
            }
        }
        long t0 = System.nanoTime();
        ThreadLocal<SpeechEmbedding> se = ThreadLocal.withInitial(() -> SpeechEmbedding.load(model));
        ManifestClips.Outcome<double[][]> out = new ManifestClips<double[][]>().run(entries, s -> {
            double[][] r = new double[speeds.size() + 1][];
            r[0] = stats(se.get().embed(s));
            for (int k = 0; k < speeds.size(); k++) {
                r[k + 1] = stats(se.get().embed(SpeedPerturbation.apply(s, speeds.get(k))));
            }
            return r;
        }, i -> { });
        System.out.printf(Locale.ROOT, "embeddings: %d clips, %.0f s, %d failures%n", n,
                (System.nanoTime() - t0) / 1e9, out.failures().size());
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            for (double[][] r : out.values()) {
                for (double[] v : r) {
                    write(o, v);
                }
            }
        }
        return embeddings(entries, file, model);
    }

    private static double[] read(DataInputStream in) throws IOException {
        double[] v = new double[in.readInt()];
        for (int d = 0; d < v.length; d++) {
            v[d] = in.readDouble();
        }
        return v;
    }

    private static void write(DataOutputStream out, double[] v) throws IOException {
        out.writeInt(v.length);
        for (double x : v) {
            out.writeDouble(x);
        }
    }
}
