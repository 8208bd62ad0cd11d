package io.emovox.speakers;

import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.testing.SharedCorpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Voiceprints on real speech: every EmoDB and CASIA clip's cepstral statistics (computed once).
 * The out-of-sample check trains the LDA without the two speakers it then tells apart. (That the
 * shipped projection is what {@code emovox train voiceprints} makes is checked in the CLI's
 * TrainVoiceprintsCommandTest.)
 */
@Tag("slow") // the slow tier: statistics of all 1,435 shared clips, 48 LDA retrainings
class VoiceprintsTest {
    /** One clip's speaker, corpus and cepstral statistics. */
    record Clip(String speaker, String corpus, double[] stats) {}

    static List<Clip> clips;

    @BeforeAll
    static void computeStats() {
        clips = new ArrayList<>();
        for (String corpus : List.of("emodb", "casia")) {
            List<ManifestEntry> entries = Manifest.read(SharedCorpus.data().resolve(corpus + "/manifest.csv"));
            for (VoiceprintTrainer.Clip c : VoiceprintTrainer.corpus(entries, n -> { }).clips()) {
                clips.add(new Clip(c.speaker(), corpus, c.stats()));
            }
        }
    }

    @Test
    void everySharedClipHasAVoiceprintAndSilenceHasNone() {
        assertEquals(535 + 900, clips.size(), "every clip has at least 0.3 s of sound");
        assertNull(Voiceprints.builtin().of(new float[16000 * 2]), "digital silence has no voiceprint");
        assertEquals(12, Voiceprints.builtin().dimensions());
    }

    @Test
    void speakersLeftOutOfTrainingAreToldApart() {
        // Two-speaker "conversations": 8 random clips of each of two same-corpus speakers, the LDA
        // trained on the other 11 speakers (10 directions), clustered into two.
        Random rnd = new Random(7);
        List<Double> emodb = new ArrayList<>();
        List<Double> sameSex = new ArrayList<>();
        List<Double> crossSex = new ArrayList<>();
        List<Double> casia = new ArrayList<>();
        List<String> male = List.of("03", "10", "11", "12", "15", "wangzhe");
        for (String corpus : List.of("emodb", "casia")) {
            List<String> speakers = clips.stream().filter(c ->
                    c.corpus.equals(corpus)).map(Clip::speaker).distinct().toList();
            for (int x = 0; x < speakers.size(); x++) {
                for (int y = x + 1; y < speakers.size(); y++) {
                    String a = speakers.get(x);
                    String b = speakers.get(y);
                    List<Clip> train = clips.stream().filter(c -> !c.speaker.equals(a)
                            && !c.speaker.equals(b)).toList();
                    Voiceprints v = Voiceprints.train(train.stream().map(Clip::speaker).toList(),
                            train.stream().map(Clip::stats).toList(), 10);
                    List<double[]> prints = new ArrayList<>();
                    List<Integer> truth = new ArrayList<>();
                    for (String s : List.of(a, b)) {
                        List<Clip> own = new ArrayList<>(clips.stream().filter(c -> c.speaker.equals(s)).toList());
                        Collections.shuffle(own, rnd);
                        for (Clip c : own.subList(0, 8)) {
                            prints.add(v.project(c.stats));
                            truth.add(s.equals(a) ? 0 : 1);
                        }
                    }
                    int[] got = SpeakerClusterer.cluster(prints, 2);
                    int agree = 0;
                    for (int i = 0; i < got.length; i++) {
                        agree += got[i] == truth.get(i) ? 1 : 0;
                    }
                    double acc = Math.max(agree, got.length - agree) / (double) got.length;
                    (corpus.equals("emodb") ? emodb : casia).add(acc);
                    if (corpus.equals("emodb")) {
                        (male.contains(a) == male.contains(b) ? sameSex : crossSex).add(acc);
                    }
                }
            }
        }
        double e = mean(emodb);
        double s = mean(sameSex);
        double c = mean(casia);
        System.out.printf(Locale.ROOT, "Voiceprint clustering, speakers unseen in training: EmoDB %.3f (45 pairs;"
                + " same sex %.3f over %d, man and woman %.3f over %d), CASIA %.3f (3 pairs)%n",
                e, s, sameSex.size(), mean(crossSex), crossSex.size(), c);
        assertTrue(e >= 0.85, "EmoDB pairs: " + e);
        assertTrue(s >= 0.75, "same-sex EmoDB pairs: " + s);
        assertTrue(c >= 0.75, "CASIA pairs: " + c);
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
