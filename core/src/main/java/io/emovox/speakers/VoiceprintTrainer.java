package io.emovox.speakers;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.evaluation.Failure;
import io.emovox.evaluation.ManifestClips;
import io.emovox.evaluation.ManifestEntry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Trains the voiceprint projection ({@link Voiceprints}) on labelled recordings: every clip of the
 * manifests gives its cepstral statistics (decoded on all cores), and an LDA on the speaker column
 * keeps the directions that tell speakers apart. Deterministic: the same manifests give the same
 * file, which is how the shipped {@value Voiceprints#RESOURCE} is made
 * ({@code emovox train voiceprints}).
 */
public final class VoiceprintTrainer {
    private VoiceprintTrainer() {}

    /**
     * One clip's speaker and cepstral statistics.
     *
     * @param entry the manifest line
     * @param stats {@link Voiceprints#cepstralStats} of its audio
     */
    public record Clip(ManifestEntry entry, double[] stats) {
        public String speaker() {
            return entry.speaker();
        }
    }

    /**
     * What the clips of a manifest gave.
     *
     * @param clips      clips with enough sound (0.3 s), in manifest order
     * @param quiet      clips left out for having too little sound
     * @param failures   clips that could not be decoded, and why
     */
    public record Corpus(List<Clip> clips, int quiet, List<Failure> failures) {
        public Corpus {
            clips = List.copyOf(clips);
            failures = List.copyOf(failures);
        }

        /** The speakers, in order of first appearance. */
        public List<String> speakers() {
            Set<String> s = new LinkedHashSet<>();
            clips.forEach(c -> s.add(c.speaker()));
            return List.copyOf(s);
        }
    }

    /** Decodes every clip and computes its statistics; {@code progress} gets the count done. */
    public static Corpus corpus(List<ManifestEntry> entries, IntConsumer progress) {
        ManifestClips.Outcome<double[]> out = new ManifestClips<double[]>().run(entries, Voiceprints::cepstralStats,
                progress);
        List<Clip> clips = new ArrayList<>();
        int quiet = 0;
        for (int i = 0; i < entries.size(); i++) {
            double[] stats = out.values().get(i);
            if (stats != null) {
                clips.add(new Clip(entries.get(i), stats));
            } else if (out.fingerprints().get(i) != null) {
                quiet++; // decoded, but under 0.3 s of sound
            }
        }
        return new Corpus(clips, quiet, out.failures());
    }

    /**
     * The projection onto {@code dims} directions (at most one fewer than the speakers).
     *
     * @throws EmovoxException INVALID_ARGUMENT with fewer than two speakers, a clip without a
     *         speaker, or too many directions
     */
    public static Voiceprints train(List<Clip> clips, int dims) {
        List<String> speakers = clips.stream().map(Clip::speaker).toList();
        if (speakers.contains("")) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Every clip needs its speaker: give the manifests"
                    + " a 'speaker' column with a value on every line.");
        }
        int distinct = (int) speakers.stream().distinct().count();
        if (distinct < 2 || dims < 1 || dims > distinct - 1) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Voiceprints need at least two speakers and at"
                    + " most one direction fewer than speakers; got " + distinct + " speakers and " + dims
                    + " directions.");
        }
        return Voiceprints.train(speakers, clips.stream().map(Clip::stats).toList(), dims);
    }
}
