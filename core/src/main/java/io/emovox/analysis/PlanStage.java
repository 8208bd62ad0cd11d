package io.emovox.analysis;

import io.emovox.audio.AudioFormat16k;
import io.emovox.audio.vad.SpeechSegment;
import io.emovox.speakers.SpeakerClusterer;
import io.emovox.speakers.Speakers;
import io.emovox.speakers.Voiceprints;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Stage 2 of an analysis, plan: which stretches are scored as utterances of their own, and who
 * speaks in each. Segments granularity: the mix's voice activity segments. Speakers by channel:
 * each channel's segments. RTTM: the turns for this input, split evenly when longer than a
 * segment may be. Clustered: the mix's segments, grouped by voiceprint. Stretches under the
 * model minimum (25 ms) are dropped.
 */
final class PlanStage {
    private PlanStage() {}

    static ScoringPlan run(Decoded decoded, AnalysisOptions options, String name) {
        Track mix = decoded.mix();
        Speakers speakers = options.speakers();
        List<Stretch> stretches = new ArrayList<>();
        if (speakers instanceof Speakers.Channels) {
            for (Track t : decoded.channels()) {
                for (SpeechSegment s : t.segments()) {
                    stretches.add(new Stretch(t, s.startSeconds(), s.endSeconds(), t.speaker()));
                }
            }
        } else if (speakers instanceof Speakers.Rttm rttm) {
            for (Speakers.Turn turn : rttm.turnsFor(name)) {
                double end = Math.min(turn.end(), mix.durationSeconds());
                for (double[] piece : split(turn.start(), end, options.vad().maxSegmentSeconds())) {
                    stretches.add(new Stretch(mix, piece[0], piece[1], turn.speaker()));
                }
            }
        } else if (speakers instanceof Speakers.Clustered clustered) {
            stretches.addAll(clustered(mix, clustered.count()));
        } else if (options.granularity() == Granularity.SEGMENTS) {
            for (SpeechSegment s : mix.segments()) {
                stretches.add(new Stretch(mix, s.startSeconds(), s.endSeconds(), null));
            }
        }
        stretches.removeIf(s -> AudioFormat16k.samples(s.end()) - AudioFormat16k.samples(s.start())
                < AudioFormat16k.MIN_SAMPLES);
        stretches.sort(Comparator.comparingDouble(Stretch::start).thenComparing(s -> String.valueOf(s.speaker())));
        boolean bySegments = speakers != Speakers.NONE || options.granularity() == Granularity.SEGMENTS;
        List<AnalysisWarning> warnings = new ArrayList<>(decoded.warnings());
        if (bySegments && stretches.isEmpty()
                && warnings.stream().noneMatch(w -> w.code().equals(AnalysisWarning.NO_SPEECH))) {
            warnings.add(new AnalysisWarning(AnalysisWarning.NO_SPEECH, SpeechCheck.NO_SPEECH_MESSAGE));
        }
        List<Stretch> mixedPass = bySegments ? List.of() : mixedPass(mix, options);
        return new ScoringPlan(stretches, bySegments, mixedPass, warnings);
    }

    /**
     * The extra pass of VAD segments scored only to check whether an utterance-granularity result
     * hides a mixed recording; empty for inputs too short to be mixed (see {@link MixedCheck}).
     */
    private static List<Stretch> mixedPass(Track mix, AnalysisOptions options) {
        if (options.granularity() != Granularity.UTTERANCE
                || mix.durationSeconds() < MixedCheck.UTTERANCE_PASS_MIN_SECONDS) {
            return List.of();
        }
        List<Stretch> out = new ArrayList<>();
        for (SpeechSegment s : mix.segments()) {
            Stretch st = new Stretch(mix, s.startSeconds(), s.endSeconds(), null);
            if (st.samples() >= AudioFormat16k.MIN_SAMPLES) {
                out.add(st);
            }
        }
        return out;
    }

    /** Cuts [start, end) into equal pieces no longer than {@code max} seconds. */
    static List<double[]> split(double start, double end, double max) {
        List<double[]> out = new ArrayList<>();
        if (end <= start) {
            return out;
        }
        int pieces = (int) Math.ceil((end - start) / max - 1e-9);
        double len = (end - start) / pieces;
        for (int i = 0; i < pieces; i++) {
            out.add(new double[] {start + i * len, i == pieces - 1 ? end : start + (i + 1) * len});
        }
        return out;
    }

    /**
     * The mix's VAD segments, each with the speaker its voiceprint clusters into. A voiceprint
     * needs no more than the first 30 s of a segment (segments may be set far longer).
     */
    private static List<Stretch> clustered(Track mix, int count) {
        Voiceprints voices = Voiceprints.builtin();
        List<double[]> prints = new ArrayList<>();
        for (SpeechSegment s : mix.segments()) {
            long from = AudioFormat16k.samples(s.startSeconds());
            long to = Math.min(mix.audio().size(), AudioFormat16k.samples(s.endSeconds()));
            int len = (int) Math.min(to - from, AudioFormat16k.samples(30));
            prints.add(len < AudioFormat16k.MIN_SAMPLES ? null : voices.of(mix.audio().read(from, len)));
        }
        int[] who = SpeakerClusterer.cluster(prints, count);
        List<Stretch> out = new ArrayList<>();
        for (int i = 0; i < mix.segments().size(); i++) {
            SpeechSegment s = mix.segments().get(i);
            out.add(new Stretch(mix, s.startSeconds(), s.endSeconds(), "speaker_" + (who[i] + 1)));
        }
        return out;
    }
}
