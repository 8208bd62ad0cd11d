package io.emovox.analysis;

import io.emovox.audio.AudioDecoder;
import io.emovox.audio.AudioLimits;
import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.model.EmotionLabel;
import io.emovox.model.builtin.BuiltinModel;
import io.emovox.testing.TestAudio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Development harness (not a test): when do segments disagree with the whole-recording verdict?
 * Builds recordings of real clips (../shared/data) — one emotion throughout ("single"), two or
 * four emotions in blocks ("mixed2", "mixed4"), or every clip a random emotion ("shuffled") —
 * analyses each with the built-in model at utterance, segments and frame granularity, and prints
 * one CSV row per recording with the candidate statistics of {@link MixedCheck}: the duration share
 * of pieces whose top class differs from the overall emotion, and the normalised entropy of the
 * duration-weighted class distribution of the pieces. Args: PER_KIND [SECONDS [CORPORA]]. Results
 * and the chosen rule: docs/analysis.md "Mixed recordings".
 */
final class MixedExperiment {
    private static final double GAP_SECONDS = 0.25;

    public static void main(String[] args) throws Exception {
        int perKind = Integer.parseInt(args[0]);
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 90;
        List<String> corpora = args.length > 2 ? List.of(args[2].split(",")) : List.of("emodb", "casia", "urdu");
        boolean frames = !Boolean.getBoolean("noframes");
        AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULT);
        Path tmp = Files.createTempDirectory("mixed-exp");
        System.out.println("corpus,kind,n,emotions,seconds,utt_emotion,utt_conf,seg_emotion,"
                + "seg_share,seg_entropy,utt_share,frame_share,frame_entropy,t_utt,t_seg,t_frame");
        try (BuiltinModel model = BuiltinModel.load(); Analyzer analyzer = new Analyzer(model)) {
            for (String corpus : corpora) {
                Map<String, List<List<ManifestEntry>>> runs = runsByLabel(corpus);
                List<String> labels = new ArrayList<>(runs.keySet());
                Random rnd = new Random(corpus.hashCode());
                for (String kind : List.of("single", "mixed2", "mixed4", "shuffled")) {
                    for (int n = 0; n < perKind; n++) {
                        Collections.shuffle(labels, rnd);
                        int k = switch (kind) {
                            case "single" -> 1;
                            case "mixed2" -> 2;
                            default -> Math.min(4, labels.size());
                        };
                        List<String> chosen = List.copyOf(labels.subList(0, k));
                        List<float[]> clips = kind.equals("shuffled")
                                ? shuffled(runs, chosen, seconds, rnd, decoder)
                                : blocks(runs, chosen, seconds, rnd, decoder);
                        Path wav = tmp.resolve(corpus + "-" + kind + "-" + n + ".wav");
                        TestAudio.writeWav(wav, 16_000, join(clips));
                        row(analyzer, wav, corpus, kind, n, chosen, frames);
                        Files.deleteIfExists(wav);
                    }
                }
            }
        }
    }

    private static void row(Analyzer analyzer, Path wav, String corpus, String kind, int n, List<String> chosen,
                            boolean frames) {
        long t0 = System.nanoTime();
        AnalysisResult utt = analyzer.analyze(wav, AnalysisOptions.DEFAULT, ProgressListener.NONE);
        long t1 = System.nanoTime();
        AnalysisResult seg = analyzer.analyze(wav, AnalysisOptions.DEFAULT.withGranularity(Granularity.SEGMENTS),
                ProgressListener.NONE);
        long t2 = System.nanoTime();
        double fShare = Double.NaN;
        double fEntropy = Double.NaN;
        long t3 = t2;
        if (frames) {
            try (AnalysisResult fr = analyzer.analyze(wav, AnalysisOptions.DEFAULT.withGranularity(Granularity.FRAME),
                    ProgressListener.NONE)) {
                t3 = System.nanoTime();
                double[] dist = new double[EmotionLabel.COUNT];
                double[] off = new double[1];
                EmotionLabel overall = fr.emotion();
                List<SegmentResult> speech = seg.segments();
                fr.frames().forEach((i, t, p, s) -> {
                    if (inSpeech(speech, t)) {
                        int top = Probabilities.argmax(s);
                        dist[top]++;
                        if (top != overall.ordinal()) {
                            off[0]++;
                        }
                    }
                });
                double total = 0;
                for (double d : dist) {
                    total += d;
                }
                fShare = total == 0 ? 0 : off[0] / total;
                fEntropy = entropy(dist);
            }
        }
        double[] segDist = new double[EmotionLabel.COUNT];
        double segOff = 0;
        double uttOff = 0;
        double total = 0;
        for (SegmentResult s : seg.segments()) {
            segDist[s.verdict().emotion().ordinal()] += s.duration();
            segOff += s.verdict().emotion() == seg.emotion() ? 0 : s.duration();
            uttOff += s.verdict().emotion() == utt.emotion() ? 0 : s.duration();
            total += s.duration();
        }
        System.out.printf(Locale.ROOT, "%s,%s,%d,%s,%.1f,%s,%.3f,%s,%.3f,%.3f,%.3f,%.3f,%.3f,%.2f,%.2f,%.2f%n",
                corpus, kind, n, String.join("+", chosen), utt.durationSeconds(), utt.emotion().key(),
                utt.confidence(), seg.emotion().key(), segOff / total, entropy(segDist), uttOff / total, fShare,
                fEntropy, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
        utt.close();
        seg.close();
    }

    private static boolean inSpeech(List<SegmentResult> speech, double t) {
        for (SegmentResult s : speech) {
            if (t >= s.startSeconds() && t < s.endSeconds()) {
                return true;
            }
        }
        return false;
    }

    /** Shannon entropy of the distribution, divided by ln 8 (the built-in model's eight classes). */
    static double entropy(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double h = 0;
        for (double w : weights) {
            if (w > 0) {
                h -= (w / total) * Math.log(w / total);
            }
        }
        return h / Math.log(8);
    }

    /** Each label's clips in runs of one speaker (manifest order), so blocks sound like one person. */
    private static Map<String, List<List<ManifestEntry>>> runsByLabel(String corpus) {
        Map<String, List<List<ManifestEntry>>> out = new LinkedHashMap<>();
        List<ManifestEntry> all = Manifest.read(TestAudio.sharedData().resolve(corpus).resolve("manifest.csv"));
        Map<String, List<ManifestEntry>> byKey = new LinkedHashMap<>();
        for (ManifestEntry e : all) {
            byKey.computeIfAbsent(e.label() + "|" + e.speaker(), x -> new ArrayList<>()).add(e);
        }
        byKey.forEach((key, clips) -> out.computeIfAbsent(key.split("\\|")[0], x -> new ArrayList<>()).add(clips));
        return out;
    }

    /** Blocks of equal length, one label each, each block clips of one speaker after another. */
    private static List<float[]> blocks(Map<String, List<List<ManifestEntry>>> runs, List<String> labels,
                                        double seconds, Random rnd, AudioDecoder decoder) {
        List<float[]> out = new ArrayList<>();
        for (String label : labels) {
            out.addAll(take(runs.get(label), seconds / labels.size(), rnd, decoder));
        }
        return out;
    }

    /** Every clip a random label of {@code labels}. */
    private static List<float[]> shuffled(Map<String, List<List<ManifestEntry>>> runs, List<String> labels,
                                          double seconds, Random rnd, AudioDecoder decoder) {
        List<float[]> out = new ArrayList<>();
        double have = 0;
        while (have < seconds) {
            String label = labels.get(rnd.nextInt(labels.size()));
            List<List<ManifestEntry>> speakers = runs.get(label);
            List<ManifestEntry> clips = speakers.get(rnd.nextInt(speakers.size()));
            float[] x = decoder.decode(clips.get(rnd.nextInt(clips.size())).path()).samples();
            out.add(x);
            have += x.length / 16_000.0 + GAP_SECONDS;
        }
        return out;
    }

    private static List<float[]> take(List<List<ManifestEntry>> speakers, double seconds, Random rnd,
                                      AudioDecoder decoder) {
        List<float[]> out = new ArrayList<>();
        double have = 0;
        List<List<ManifestEntry>> order = new ArrayList<>(speakers);
        Collections.shuffle(order, rnd);
        outer:
        while (true) {
            for (List<ManifestEntry> run : order) {
                List<ManifestEntry> clips = new ArrayList<>(run);
                Collections.shuffle(clips, rnd);
                for (ManifestEntry e : clips.subList(0, Math.min(clips.size(), 6))) {
                    float[] x = decoder.decode(e.path()).samples();
                    out.add(x);
                    have += x.length / 16_000.0 + GAP_SECONDS;
                    if (have >= seconds) {
                        break outer;
                    }
                }
            }
        }
        return out;
    }

    /** The clips with a pause after each. */
    private static float[] join(List<float[]> clips) {
        List<float[]> parts = new ArrayList<>();
        for (float[] c : clips) {
            parts.add(c);
            parts.add(new float[(int) (GAP_SECONDS * 16_000)]);
        }
        return TestAudio.concat(parts);
    }
}
