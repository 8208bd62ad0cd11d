package io.emovox.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emovox.audio.AudioDecoder;
import io.emovox.audio.vad.SileroVad;
import io.emovox.audio.vad.VadOptions;
import io.emovox.audio.vad.VadResult;
import io.emovox.testing.TestAudio;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The not-speech check on synthesised music, noise and silence, on real and sung voices over
 * synthesised accompaniment, and on real speech (no false alarm), clean, in room noise, babble, a
 * fan's noise and hum, and as a long recording.
 */
class SpeechCheckTest {
    @TempDir
    static Path tmp;
    static SileroVad vad;
    static final AudioDecoder DECODER = new AudioDecoder();

    @BeforeAll
    static void load() {
        vad = SileroVad.load();
    }

    @AfterAll
    static void close() {
        vad.close();
    }

    private static String check(Path file) {
        return check(DECODER.decode(file).samples());
    }

    /** The first warning's code (or "speech") and the features; the samples are fed in 1 s blocks, as decoded. */
    private static String check(float[] x) {
        SignalStats stats = new SignalStats();
        for (int off = 0; off < x.length; off += 16_000) {
            stats.accept(x, off, Math.min(16_000, x.length - off));
        }
        VadResult v = vad.analyze(x, VadOptions.DEFAULT);
        SpeechCheck.Features f = SpeechCheck.features(stats, v.summary());
        List<AnalysisWarning> w = SpeechCheck.warnings(f);
        return (w.isEmpty() ? "speech" : w.get(0).code()) + " " + f;
    }

    private static void assertVerdict(String expected, Path file) {
        String got = check(file);
        assertTrue(got.startsWith(expected + " "), file.getFileName() + ": expected " + expected + ", got " + got);
    }

    private static Path lavfi(String name, String source) {
        Path out = tmp.resolve(name);
        TestAudio.ffmpeg("-f", "lavfi", "-i", source, "-ac", "1", "-ar", "44100", out.toString());
        return out;
    }

    @Test
    void realSpeechGetsNoWarning() {
        List<Path> clips = new ArrayList<>(TestAudio.manifestSample("emodb", 30));
        clips.addAll(TestAudio.manifestSample("casia", 30));
        clips.addAll(TestAudio.manifestSample("urdu", 30));
        List<String> flagged = new ArrayList<>();
        for (Path clip : clips) {
            String got = check(clip);
            if (!got.startsWith("speech ")) {
                flagged.add(clip.getFileName() + ": " + got);
            }
        }
        assertEquals(List.of(), flagged, "false warnings on real speech");
    }

    /** Three consecutive clips of one speaker from each corpus, one after another: 5 to 10 s of real speech. */
    private static List<float[]> voices() {
        List<float[]> out = new ArrayList<>();
        for (String corpus : List.of("emodb", "casia", "urdu")) {
            for (List<Path> clips : TestAudio.speakerRuns(corpus, 2, 3)) {
                List<float[]> parts = new ArrayList<>();
                for (Path clip : clips) {
                    parts.add(DECODER.decode(clip).samples());
                }
                out.add(TestAudio.concat(parts));
            }
        }
        return out;
    }

    /**
     * Real speech of six speakers (two per corpus) over each synthesised accompaniment 6 and 12 dB
     * below it. Measured on 24 voices x 4 accompaniments (see docs/analysis.md): 100% found at -6 dB, 93%
     * at -12 dB, 41% at -18 dB; so every -6 dB mix must be found and nearly all at -12 dB.
     */
    @Test
    void voiceOverAccompanimentIsFound() {
        List<String> missed6 = new ArrayList<>();
        List<String> missed12 = new ArrayList<>();
        int n = 0;
        List<float[]> voices = voices();
        for (int v = 0; v < voices.size(); v++) {
            float[] voice = voices.get(v);
            for (Synth.Accompaniment a : Synth.Accompaniment.values()) {
                float[] acc = a.make(voice.length / (double) Synth.RATE + 1);
                String at6 = check(Synth.mix(voice, acc, -6));
                if (!at6.startsWith("voice_over_music ")) {
                    missed6.add("voice " + v + " " + a.key() + ": " + at6);
                }
                String at12 = check(Synth.mix(voice, acc, -12));
                if (!at12.startsWith("voice_over_music ")) {
                    missed12.add("voice " + v + " " + a.key() + ": " + at12);
                }
                n++;
            }
        }
        assertEquals(List.of(), missed6, "voice over music 6 dB down, missed");
        assertTrue(missed12.size() <= n / 8, missed12.size() + " of " + n + " missed 12 dB down: " + missed12);
    }

    @Test
    void realSpeechOverOrganChordsMadeByFfmpegIsVoiceOverMusic() {
        Path song = TestAudio.speechOverOrgan(tmp.resolve("song.wav"), -6, TestAudio.manifestSample("casia", 3));
        assertVerdict("voice_over_music", song);
    }

    @Test
    void aSungVoiceWithOrWithoutAccompanimentIsNotSpeech() {
        for (double base : new double[] {110, 220}) {
            float[] sung = Synth.sung(8, base, (long) base);
            List<String> got = new ArrayList<>();
            got.add(check(sung));
            for (Synth.Accompaniment a : Synth.Accompaniment.values()) {
                got.add(check(Synth.mix(sung, a.make(9), -6)));
            }
            for (String g : got) {
                String code = g.substring(0, g.indexOf(' '));
                assertFalse(SpeechVerdict.of(List.of(code)).speech(), base + " Hz: " + g);
            }
        }
    }

    /** Speech with everyday noise under it is not voice over music: room noise, babble, a fan, mains hum. */
    @Test
    void speechInNoiseBabbleFanAndHumIsNotVoiceOverMusic() {
        List<float[]> voices = voices();
        List<String> flagged = new ArrayList<>();
        for (int v = 0; v < voices.size(); v++) {
            float[] voice = voices.get(v);
            double seconds = voice.length / (double) Synth.RATE + 1;
            float[] babble = new float[voice.length];
            for (int k = 1; k <= 5; k++) {
                float[] other = voices.get((v + k) % voices.size());
                for (int i = 0; i < babble.length; i++) {
                    babble[i] += other[(i + 4_000 * k) % other.length];
                }
            }
            for (String[] mix : new String[][] {{"room noise -20 dB", "pink", "-20"}, {"babble -10 dB", "babble",
                    "-10"},
                {"fan -15 dB", "fan", "-15"}, {"50 Hz hum -25 dB", "hum50", "-25"}, {"60 Hz buzz -20 dB", "hum60",
                        "-20"}}) {
                float[] noise = switch (mix[1]) {
                    case "pink" -> Synth.pinkNoise(0.3, seconds);
                    case "babble" -> babble;
                    case "fan" -> Synth.fan(seconds);
                    case "hum50" -> Synth.hum(50, seconds);
                    default -> Synth.hum(60, seconds);
                };
                String got = check(Synth.mix(voice, noise, Double.parseDouble(mix[2])));
                if (got.startsWith("voice_over_music ") || got.startsWith("music ")) {
                    flagged.add("voice " + v + " " + mix[0] + ": " + got);
                }
            }
        }
        assertEquals(List.of(), flagged, "speech in everyday noise taken for music");
    }

    /** A long recording of real speech (80 clips, about 3 minutes) fed block by block: no warning. */
    @Test
    void aLongRecordingOfRealSpeechGetsNoWarning() {
        List<float[]> parts = new ArrayList<>();
        for (String corpus : List.of("emodb", "casia", "urdu")) {
            for (Path clip : TestAudio.manifestSample(corpus, 27)) {
                parts.add(DECODER.decode(clip).samples());
                parts.add(new float[4_800]);
            }
        }
        float[] x = TestAudio.concat(parts);
        assertTrue(x.length > 150 * Synth.RATE, "long: " + x.length);
        String got = check(x);
        assertTrue(got.startsWith("speech "), got);
    }

    private static Path wav(String name, float[] samples) {
        Path out = tmp.resolve(name);
        TestAudio.writeWav(out, Synth.RATE, samples);
        return out;
    }

    @Test
    void chordsWithRhythmAreMusic() {
        assertVerdict("music", wav("chords.wav", Synth.chords(8)));
    }

    @Test
    void aSungMelodyIsMusic() {
        assertVerdict("music", wav("melody.wav", Synth.melody(8)));
    }

    @Test
    void aPlainToneIsMusic() {
        assertVerdict("music", lavfi("tone.wav", "sine=frequency=440:duration=5"));
    }

    @Test
    void whiteAndPinkNoiseAreNoise() {
        assertVerdict("noise", lavfi("white.wav", "anoisesrc=color=white:amplitude=0.3:duration=5"));
        assertVerdict("noise", lavfi("pink.wav", "anoisesrc=color=pink:amplitude=0.3:duration=5"));
        assertVerdict("noise", wav("pink-java.wav", Synth.pinkNoise(0.3, 5)));
    }

    @Test
    void nearSilenceIsSilence() {
        assertVerdict("silence", lavfi("hiss.wav", "anoisesrc=color=white:amplitude=0.001:duration=4"));
    }
}
