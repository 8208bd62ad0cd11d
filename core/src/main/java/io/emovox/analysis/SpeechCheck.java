package io.emovox.analysis;

import io.emovox.audio.vad.VadSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Is this input speech at all? Emotion models score anything, so music, songs, noise and silence
 * get confident-looking but meaningless results; this check turns them into warnings, and
 * {@link SpeechVerdict} turns those into the verdict "not speech".
 *
 * <p>Features over the 32 ms hops of {@link SignalStats}: the loud level (95th percentile), the
 * share of "active" hops (within 30 dB of it), the median spectral flatness of active hops (noise
 * is flat, voiced speech and music are peaky), the share of active hops inside runs of at least
 * {@value #STABLE_RUN_HOPS} hops (~0.38 s) whose dominant peak stays within 2% of where the run
 * began (held notes: instruments and singing hold a pitch, speech glides), the tone share (active
 * hops in which a sustained tone of {@link SignalStats#sustainedDb} sounds within
 * {@value #TONE_MARGIN_DB} dB of the loud spectral peaks: accompaniment under a voice and through
 * its pauses), and the VAD speech ratio. Runs and tones on mains harmonics are hum, not notes.
 *
 * <p>Rules, first match wins: silence (loud level under -50 dBFS); noise (flatness over 0.2 and
 * VAD speech under half the input); music (stable share over {@value #MUSIC_STABLE_SHARE}, or
 * little VAD speech in continuous sound, or tones with little VAD speech); voice over music (tone
 * share over {@value #VOICE_OVER_MUSIC_TONE_SHARE}); no speech (the VAD found none); little speech
 * (VAD speech under 15% of the input).
 *
 * <p>Measured (docs/analysis.md, "Warnings"): on all 1,719 clips of the shared EmoDB, CASIA and URDU
 * corpora the tone share was at most 0.32 (URDU television speech with faint background tones;
 * EmoDB at most 0.19, CASIA 0), so the voice-over-music threshold sits above it. Real speech of
 * 24 voices over synthesised chords, organ, arpeggio and drums with bass was found 96 of 96
 * times at 0 and -6 dB, 89 of 96 at -12 dB, 39 at -18 dB and 4 at -24 dB.
 */
final class SpeechCheck {
    static final int STABLE_RUN_HOPS = 12;
    static final double STABLE_TOLERANCE = 0.02;
    static final double NOISE_FLATNESS = 0.2;
    static final double MUSIC_STABLE_SHARE = 0.30;
    static final double SILENCE_DB = -50;
    static final double LITTLE_SPEECH_RATIO = 0.15;
    static final String NO_SPEECH_MESSAGE = "No speech was found, so the whole input was scored as one utterance;"
            + " the emotion result is meaningless.";
    /** Sustained tones count from this far (dB) below the loud spectral peaks. */
    static final double TONE_MARGIN_DB = 30;
    /** Voice over music: sustained tones sound in more than this share of the active hops. */
    static final double VOICE_OVER_MUSIC_TONE_SHARE = 0.40;

    /** The measured features, reported for diagnostics and tests. */
    record Features(double loudDb, double activeShare, double flatness, double stableShare,
                    double toneShare, double vadSpeechRatio) {}

    static Features features(SignalStats stats, VadSummary vad) {
        int n = stats.hops();
        if (n == 0) {
            return new Features(-120, 0, 0, 0, 0, vad.speechRatio());
        }
        float[] levels = new float[n];
        for (int i = 0; i < n; i++) {
            levels[i] = stats.levelDb(i);
        }
        float[] sorted = levels.clone();
        Arrays.sort(sorted);
        double loud = sorted[(int) Math.min(n - 1, Math.floor(0.95 * n))];
        double activeFloor = Math.max(loud - 30, -70);
        boolean[] active = new boolean[n];
        int activeCount = 0;
        List<Float> flat = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            active[i] = levels[i] >= activeFloor;
            if (active[i]) {
                activeCount++;
                flat.add(stats.flatness(i));
            }
        }
        double medianFlatness = 0;
        if (!flat.isEmpty()) {
            float[] f = new float[flat.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = flat.get(i);
            }
            Arrays.sort(f);
            medianFlatness = f[f.length / 2];
        }
        // Runs of active hops whose dominant peak stays within STABLE_TOLERANCE of the run's first.
        int stableHops = 0;
        int runStart = 0;
        for (int i = 1; i <= n; i++) {
            boolean continues = i < n && active[i] && active[i - 1]
                    && Math.abs(stats.peakHz(i) - stats.peakHz(runStart)) <= STABLE_TOLERANCE * stats.peakHz(runStart);
            if (!continues) {
                int len = i - runStart;
                if (len >= STABLE_RUN_HOPS && active[runStart]
                        && !SignalStats.isMainsHarmonic(stats.peakHz(runStart))) {
                    stableHops += len;
                }
                runStart = i;
            }
        }
        double activeShare = activeCount / (double) n;
        double stableShare = activeCount == 0 ? 0 : stableHops / (double) activeCount;
        return new Features(loud, activeShare, medianFlatness, stableShare,
                toneShare(stats, active, activeCount, TONE_MARGIN_DB), vad.speechRatio());
    }

    /**
     * Share of the active hops in which a sustained tone ({@link SignalStats#sustainedDb}) sounds
     * no more than {@code marginDb} below the loud spectral peaks (95th percentile of each hop's
     * dominant peak): accompaniment loud enough to matter, not a faint hum or a distant radio.
     */
    static double toneShare(SignalStats stats, boolean[] active, int activeCount, double marginDb) {
        int n = stats.hops();
        if (activeCount == 0) {
            return 0;
        }
        float[] peaks = new float[n];
        for (int i = 0; i < n; i++) {
            peaks[i] = stats.peakDb(i);
        }
        Arrays.sort(peaks);
        double floor = peaks[(int) Math.min(n - 1, Math.floor(0.95 * n))] - marginDb;
        int toned = 0;
        for (int i = 0; i < n; i++) {
            if (active[i] && stats.sustainedDb(i) >= floor) {
                toned++;
            }
        }
        return toned / (double) activeCount;
    }

    static List<AnalysisWarning> warnings(Features f) {
        List<AnalysisWarning> out = new ArrayList<>();
        if (f.loudDb() < SILENCE_DB) {
            out.add(new AnalysisWarning(AnalysisWarning.SILENCE, String.format(java.util.Locale.ROOT,
                    "The input is nearly silent (loudest parts at %.0f dBFS); the emotion result is meaningless.",
                    f.loudDb())));
        } else if (f.flatness() > NOISE_FLATNESS && f.vadSpeechRatio() < 0.5) {
            out.add(new AnalysisWarning(AnalysisWarning.NOISE,
                    "The input sounds like noise rather than speech; the emotion result is likely meaningless."));
        } else if (f.stableShare() > MUSIC_STABLE_SHARE
                || (f.vadSpeechRatio() < 0.3 && f.activeShare() > 0.8)
                || (f.toneShare() > VOICE_OVER_MUSIC_TONE_SHARE && f.vadSpeechRatio() < LITTLE_SPEECH_RATIO)) {
            out.add(new AnalysisWarning(AnalysisWarning.MUSIC,
                    "The input sounds like music or singing rather than speech; emotion models are trained on "
                            + "speech, so the result is likely meaningless."));
        } else if (f.toneShare() > VOICE_OVER_MUSIC_TONE_SHARE) {
            out.add(new AnalysisWarning(AnalysisWarning.VOICE_OVER_MUSIC, String.format(java.util.Locale.ROOT,
                    "The voice is accompanied by music (held notes or chords sound under it in %.0f%% of the"
                            + " input): a song or speech over music. Emotion models are trained on speech alone,"
                            + " so the result is likely meaningless.", 100 * f.toneShare())));
        } else if (f.vadSpeechRatio() == 0) {
            out.add(new AnalysisWarning(AnalysisWarning.NO_SPEECH, NO_SPEECH_MESSAGE));
        } else if (f.vadSpeechRatio() < LITTLE_SPEECH_RATIO) {
            out.add(new AnalysisWarning(AnalysisWarning.LITTLE_SPEECH, String.format(java.util.Locale.ROOT,
                    "Only %.0f%% of the input is speech; the result rests on little evidence.",
                    100 * f.vadSpeechRatio())));
        }
        return out;
    }
}
