package io.emovox.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emovox.analysis.Probabilities;
import io.emovox.audio.AudioDecoder;
import io.emovox.model.EmotionLabel;
import io.emovox.model.builtin.BuiltinModel;
import io.emovox.testing.ResultSchema;
import io.emovox.testing.TestAudio;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The real {@code emovox} command line with the shipped built-in model, on real recordings. */
class AnalyzeBuiltinModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = EmovoxCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    private static float[] scores(JsonNode r) {
        float[] s = new float[EmotionLabel.COUNT];
        for (EmotionLabel l : EmotionLabel.ALL) {
            s[l.ordinal()] = (float) r.get("scores").get(l.key()).asDouble();
        }
        return s;
    }

    @Test
    void builtInModelResultsAreTheModelsOwnNumbers() throws Exception {
        Path wav = TestAudio.emodb("03a01Wa.wav");
        Path mp3 = tmp.resolve("03a01Wa.mp3");
        TestAudio.ffmpeg("-i", wav.toString(), mp3.toString());
        // A 40 s recording (over the built-in model's 30 s window) made of 20 clips of one speaker.
        List<String> list = new ArrayList<>();
        for (Path clip : TestAudio.manifestSample("emodb", 20)) {
            list.add("file '" + clip + "'");
        }
        Files.write(tmp.resolve("list.txt"), list);
        Path longFlac = tmp.resolve("long.flac");
        TestAudio.ffmpeg("-f", "concat", "-safe", "0", "-i", tmp.resolve("list.txt").toString(), longFlac.toString());

        String[] r = run("analyze", "--model", "builtin", "--format", "jsonl", "--output",
                tmp.resolve("out").toString(),
                wav.toString(), mp3.toString(), longFlac.toString());
        assertEquals("0", r[0], r[2]);
        AudioDecoder decoder = new AudioDecoder();
        try (BuiltinModel model = BuiltinModel.load()) {
            String[] lines = r[1].strip().split("\n");
            assertEquals(3, lines.length, r[1]);
            for (String line : lines) {
                JsonNode summary = JSON.readTree(line);
                assertEquals("builtin", summary.get("model").get("name").asText());
                JsonNode result = ResultSchema.validate(Path.of(summary.get("output").asText()).resolve("result.json"));
                Path input = Path.of(summary.get("input").asText());
                float[] audio = decoder.decode(input).samples();
                if (audio.length <= BuiltinModel.MAX_WINDOW_SAMPLES) {
                    float[] expected = Probabilities.softmax(model.run(audio, false).logits(), model.temperature());
                    assertArrayEquals(expected, scores(result), 1e-6f, input.toString());
                } else {
                    assertTrue(result.get("duration").asDouble() > 30, "long input: " + result.get("duration"));
                }
                assertEquals(0, result.get("warnings").size(), "real speech got warnings: " + result.get("warnings"));
            }
        }
    }

    @Test
    void fortyRealClipsFromBothCorporaGetNoWarning() throws Exception {
        Path folder = tmp.resolve("clips");
        List<Path> clips = new ArrayList<>(TestAudio.manifestSample("emodb", 20));
        clips.addAll(TestAudio.manifestSample("casia", 20));
        for (Path clip : clips) {
            Path to = folder.resolve(TestAudio.sharedData().relativize(clip));
            Files.createDirectories(to.getParent());
            Files.copy(clip, to);
        }
        String[] r = run("analyze", "--model", "builtin", "--format", "jsonl", "--output",
                tmp.resolve("out").toString(),
                folder.toString());
        assertEquals("0", r[0], r[2]);
        List<String> warned = new ArrayList<>();
        String[] lines = r[1].strip().split("\n");
        assertEquals(40, lines.length);
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            if (n.get("warnings").size() > 0) {
                warned.add(n.get("input").asText() + " " + n.get("warnings"));
            }
        }
        assertEquals(List.of(), warned, "false warnings on real speech");
    }

    /** EmoDB clips of one label (the manifest's), every speaker, until {@code seconds}, with 0.25 s pauses. */
    private static List<float[]> clipsOf(String label, double seconds) {
        AudioDecoder decoder = new AudioDecoder();
        List<float[]> out = new ArrayList<>();
        double have = 0;
        for (io.emovox.evaluation.ManifestEntry e : io.emovox.evaluation.Manifest.read(
                TestAudio.sharedData().resolve("emodb/manifest.csv"))) {
            if (e.label().equals(label) && have < seconds) {
                float[] x = decoder.decode(e.path()).samples();
                out.add(x);
                out.add(new float[4_000]);
                have += (x.length + 4_000) / 16_000.0;
            }
        }
        return out;
    }

    private static Path wav(Path file, List<float[]> parts) {
        TestAudio.writeWav(file, 16_000, TestAudio.concat(parts));
        return file;
    }

    @Test

    @Tag("slow") // a 13.5-minute recording through the CLI
    void aMixedRecordingIsFlaggedAndALogGetsProgressLines() throws Exception {
        // Three blocks of 50 s: angry, sad, neutral (real EmoDB speech); and 90 s of anger alone.
        List<float[]> parts = new ArrayList<>(clipsOf("angry", 50));
        parts.addAll(clipsOf("sad", 50));
        parts.addAll(clipsOf("neutral", 50));
        Path mixed = wav(tmp.resolve("mixed.wav"), parts);
        Path angry = wav(tmp.resolve("angry.wav"), clipsOf("angry", 90));

        String[] seg = run("analyze", "--granularity", "segments", "--output", tmp.resolve("out").toString(),
                mixed.toString());
        assertEquals("0", seg[0], seg[2]);
        assertTrue(seg[1].contains("⚠ mixed: The parts of this recording disagree"), seg[1]);
        String[] utt = run("analyze", "--output", tmp.resolve("out").toString(), mixed.toString());
        assertTrue(utt[1].contains("⚠ mixed: "), utt[1]);
        assertTrue(utt[1].contains("see the parts with --granularity segments"), utt[1]);
        for (String g : List.of("utterance", "segments", "frame")) {
            String[] one = run("analyze", "--granularity", g, "--format", "json", "--output",
                    tmp.resolve("a-" + g).toString(),
                    angry.toString());
            assertEquals("0", one[0], one[2]);
            assertFalse(one[1].contains("\"mixed\""),
                    g + ": one emotion throughout is not mixed: " + one[1].substring(0, 400));
        }

        // Not a terminal: after 5 s quiet, a plain line now and then, each further on, with an ETA.
        // Five minutes at frame granularity (the mixed blocks twice) run long enough on any machine.
        List<float[]> twice = new ArrayList<>(parts);
        twice.addAll(parts);
        Path longMixed = wav(tmp.resolve("mixed-5min.wav"), twice);
        String[] frame = run("analyze", "--granularity", "frame", "--output", tmp.resolve("f").toString(),
                longMixed.toString());
        assertEquals("0", frame[0], frame[2]);
        assertTrue(frame[1].contains("⚠ mixed: "), frame[1]);
        String prefix = "emovox: " + longMixed + " ";
        List<String> lines = frame[2].lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .toList();
        assertTrue(lines.size() >= 2, frame[2]);
        int last = -1;
        for (String line : lines) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(" *(\\d+)% (decoding|scoring|writing).*")
                    .matcher(line);
            assertTrue(m.matches(), line);
            assertTrue(Integer.parseInt(m.group(1)) >= last, frame[2]);
            last = Integer.parseInt(m.group(1));
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains(" scoring") && l.endsWith(" left")), frame[2]);
    }
}

