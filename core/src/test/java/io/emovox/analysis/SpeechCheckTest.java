package io.emovox.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** The not-speech check on synthesised music, noise and silence, and on real speech (no false alarm). */
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
        float[] x = DECODER.decode(file).samples();
        SignalStats stats = new SignalStats();
        stats.accept(x, 0, x.length);
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
        List<String> flagged = new ArrayList<>();
        for (Path clip : clips) {
            String got = check(clip);
            if (!got.startsWith("speech ")) {
                flagged.add(clip.getFileName() + ": " + got);
            }
        }
        assertEquals(List.of(), flagged, "false warnings on real speech");
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
