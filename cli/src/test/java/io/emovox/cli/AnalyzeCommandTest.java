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
import io.emovox.testing.FixtureModel;
import io.emovox.testing.ResultSchema;
import io.emovox.testing.TestAudio;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code emovox analyze} end to end on real recordings, with the FIXTURE model (plumbing only: the
 * emotions it reports mean nothing; the numbers are exact, so they can be checked against a direct
 * model call).
 */
class AnalyzeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AudioDecoder DECODER = new AudioDecoder();

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    static Run analyze(FixtureModel model, InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new AnalyzeCommand(name -> model, stdin));
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run analyze(FixtureModel model, String... args) {
        return analyze(model, InputStream.nullInputStream(), args);
    }

    private static float[] expectedScores(FixtureModel model, Path file) {
        return Probabilities.softmax(model.run(DECODER.decode(file).samples(), false).logits(), 1.0);
    }

    private static float[] scores(JsonNode result) {
        float[] s = new float[EmotionLabel.COUNT];
        for (EmotionLabel l : EmotionLabel.ALL) {
            s[l.ordinal()] = (float) result.get("scores").get(l.key()).asDouble();
        }
        return s;
    }

    @Test
    void aRealRecordingInSeveralFormatsGivesSchemaValidResultsAndTheModelsNumbers() throws IOException {
        Path wav = TestAudio.emodb("03a01Wa.wav");
        List<String> args = new ArrayList<>(List.of("--output", tmp.resolve("out").toString(), "--format", "jsonl"));
        args.add(wav.toString());
        for (String ext : List.of("mp3", "m4a", "flac", "ogg", "opus")) {
            Path f = tmp.resolve("03a01Wa-" + ext + "." + ext);
            TestAudio.ffmpeg("-i", wav.toString(), f.toString());
            args.add(f.toString());
        }
        FixtureModel model = FixtureModel.withFrames(30 * 16_000);
        Run run = analyze(model, args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        String[] lines = run.out().strip().split("\n");
        assertEquals(6, lines.length, run.out());
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            assertEquals("ok", n.get("status").asText(), line);
            assertEquals("fixture-frames", n.get("model").get("name").asText());
            JsonNode result = ResultSchema.validate(Path.of(n.get("output").asText()).resolve("result.json"));
            assertTrue(Files.size(Path.of(n.get("output").asText()).resolve("processed_audio.wav")) > 60_000);
            String input = n.get("input").asText();
            if (input.endsWith(".wav") || input.endsWith(".flac")) {
                // Lossless: exactly the model's output on the decoded original.
                assertArrayEquals(expectedScores(model, wav), scores(result), 1e-6f, input);
            } else {
                assertArrayEquals(expectedScores(model, Path.of(input)), scores(result), 1e-6f, input);
            }
        }
    }

    @Test
    void aFolderBatchKeepsGoingPastACorruptFileAndResumes() throws IOException {
        Path folder = tmp.resolve("batch");
        Files.createDirectories(folder.resolve("casia"));
        for (Path clip : TestAudio.manifestSample("emodb", 2)) {
            Files.copy(clip, folder.resolve(clip.getFileName()));
        }
        for (Path clip : TestAudio.manifestSample("casia", 2)) {
            // CASIA names repeat across speakers: keep the speaker folder (output folders get -2).
            Path to = folder.resolve("casia").resolve(clip.getParent().getParent().getFileName().toString()
                    + "-" + clip.getParent().getFileName()).resolve(clip.getFileName());
            Files.createDirectories(to.getParent());
            Files.copy(clip, to);
        }
        byte[] good = Files.readAllBytes(TestAudio.emodb("03a01Wa.wav"));
        Files.write(folder.resolve("broken.wav"), java.util.Arrays.copyOf(good, 40));
        Files.writeString(folder.resolve("notes.txt"), "not audio, and not picked up from a folder");
        Path out = tmp.resolve("results");
        FixtureModel model = FixtureModel.withFrames(30 * 16_000);

        Run first = analyze(model, "--output", out.toString(), "--jobs", "2", folder.toString());
        assertEquals(ExitCodes.PARTIAL_FAILURE, first.exit(), first.err());
        assertTrue(first.err().contains("these inputs failed"), first.err());
        assertTrue(first.err().contains("broken.wav: "), first.err());
        assertTrue(first.err().contains("4 analysed, 0 skipped (already done), 1 failed"), first.err());
        assertFalse(first.err().contains("Exception"), first.err());
        assertFalse(first.out().contains("notes"), first.out());
        try (var s = Files.list(out)) {
            Set<String> names = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            assertEquals(4, names.size(), names.toString());
        }
        int calls = model.calls();

        Run again = analyze(model, "--output", out.toString(), folder.toString());
        assertEquals(ExitCodes.PARTIAL_FAILURE, again.exit());
        assertTrue(again.err().contains("0 analysed, 4 skipped (already done), 1 failed"), again.err());
        assertEquals(calls, model.calls(), "resumed run re-analysed finished inputs");
        assertTrue(again.out().contains("(already done)"), again.out());

        // A changed input is analysed again; the others stay skipped.
        Path changed = io.emovox.audio.AudioFiles.under(folder.resolve("casia")).get(0);
        Files.setLastModifiedTime(changed, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        Run third = analyze(model, "--output", out.toString(), folder.toString());
        assertTrue(third.err().contains("1 analysed, 3 skipped (already done), 1 failed"), third.err());
    }

    @Test
    void aStereoCallWithChannelSpeakersReportsBothSpeakers() throws IOException {
        float[] a = DECODER.decode(TestAudio.emodb("03a01Wa.wav")).samples();
        float[] b = DECODER.decode(TestAudio.emodb("08a01Wa.wav")).samples();
        float[] left = new float[a.length + 8_000 + b.length];
        float[] right = new float[left.length];
        System.arraycopy(a, 0, left, 0, a.length);
        System.arraycopy(b, 0, right, a.length + 8_000, b.length);
        Path stereo = tmp.resolve("call.wav");
        TestAudio.writeWav(stereo, 16_000, left, right);
        Path m4a = tmp.resolve("call.m4a");
        TestAudio.ffmpeg("-i", stereo.toString(), "-c:a", "aac", "-b:a", "128k", m4a.toString());
        Run run = analyze(FixtureModel.withFrames(30 * 16_000), "--format", "json", "--output",
                tmp.resolve("out").toString(), "--speakers", "channels", m4a.toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode result = JSON.readTree(run.out());
        assertEquals(2, result.get("input").get("channels").asInt());
        Set<String> speakers = new java.util.HashSet<>();
        result.get("speakers").forEach(s -> speakers.add(s.get("speaker").asText()));
        assertEquals(Set.of("channel_1", "channel_2"), speakers);
        for (JsonNode s : result.get("segments")) {
            assertTrue(s.get("speaker").isTextual());
        }
        ResultSchema.validate(tmp.resolve("out/call_m4a/result.json"));
    }

    @Test
    void aLongConcatenatedRecordingStreamsFramesAndFindsSegments() throws IOException {
        // ~3.3 minutes: 90 EmoDB clips with 0.2 s pauses, as MP3.
        Path list = tmp.resolve("list.txt");
        List<String> lines = new ArrayList<>();
        for (Path clip : TestAudio.manifestSample("emodb", 90)) {
            lines.add("file '" + clip + "'");
        }
        Files.write(list, lines);
        Path longMp3 = tmp.resolve("long.mp3");
        TestAudio.ffmpeg("-f", "concat", "-safe", "0", "-i", list.toString(), "-af", "apad=pad_dur=0", "-ar", "22050",
                "-b:a", "64k", longMp3.toString());
        FixtureModel model = FixtureModel.withFrames(30 * 16_000);
        Path out = tmp.resolve("out");
        Run frames = analyze(model, "--granularity", "frame", "--embedding", "--output", out.toString(),
                longMp3.toString());
        assertEquals(0, frames.exit(), frames.err());
        JsonNode result = ResultSchema.validate(out.resolve("long_mp3/result.json"));
        double duration = result.get("duration").asDouble();
        assertTrue(duration > 170 && duration < 200, "duration " + duration);
        int n = result.get("frames").get("count").asInt();
        assertEquals((int) ((Math.round(duration * 16_000) - 400) / 320) + 1, n, 1);
        assertEquals(n, result.get("frames").get("scores").size());
        assertArrayEquals(new int[] {n, FixtureModel.DIM}, TestAudio.npyShape(out.resolve("long_mp3/embedding.npy")));
        assertTrue(model.longestClip() <= 30 * 16_000);
        assertTrue(frames.out().contains("frames: " + n + " at 50.00 Hz"), frames.out());

        Run segments = analyze(model, "--granularity", "segments", "--format", "json", "--output",
                tmp.resolve("seg").toString(), longMp3.toString());
        assertEquals(0, segments.exit(), segments.err());
        JsonNode seg = JSON.readTree(segments.out());
        assertTrue(seg.get("segments").size() >= 30, "segments: " + seg.get("segments").size());
        for (JsonNode s : seg.get("segments")) {
            assertTrue(s.get("end").asDouble() - s.get("start").asDouble() <= 30.0 + 1e-6);
        }
        // The terminal's segment table: without speakers, no (empty) speaker column.
        Run table = analyze(model, "--granularity", "segments", "--output", tmp.resolve("seg-table").toString(),
                longMp3.toString());
        assertEquals(0, table.exit(), table.err());
        List<String> segmentLines = table.out().lines().filter(l -> l.matches("\\s+\\d+\\.\\d\\d–.*")).toList();
        assertEquals(seg.get("segments").size(), segmentLines.size(), table.out());
        for (String line : segmentLines) {
            assertTrue(line.matches("\\s+\\d+\\.\\d\\d–\\d+\\.\\d\\d {1,8}\\S+ [a-z]+ \\d+\\.\\d%.*"),
                    "[" + line + "]");
        }
    }

    @Test
    void rttmSpeakerTurnsMayBeFollowedByPaths() throws IOException {
        Path rttm = tmp.resolve("03a01Wa.rttm");
        Files.writeString(rttm, "SPEAKER 03a01Wa 1 0.00 1.20 <NA> <NA> alice <NA> <NA>\n"
                + "SPEAKER 03a01Wa 1 1.20 0.80 <NA> <NA> bob <NA> <NA>\n");
        Run run = analyze(FixtureModel.withFrames(30 * 16_000), "--format", "json", "--output",
                tmp.resolve("out").toString(), "--speakers", "rttm", rttm.toString(),
                TestAudio.emodb("03a01Wa.wav").toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode result = JSON.readTree(run.out());
        assertEquals(2, result.get("speakers").size());
        assertEquals("alice", result.get("segments").get(0).get("speaker").asText());
        assertFalse(result.get("segments").get(0).get("low_reliability").asBoolean());
        assertTrue(result.get("segments").get(1).get("low_reliability").asBoolean(), "0.8 s turn");
    }

    @Test
    void clusteredSpeakersNameTheVoicesInOrderOfSpeaking() throws IOException {
        Run run = analyze(FixtureModel.withFrames(30 * 16_000), "--format", "json", "--output",
                tmp.resolve("out").toString(), "--speakers", "cluster:3", TestAudio.emodb("03a01Wa.wav").toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode result = JSON.readTree(run.out());
        assertEquals("speaker_1", result.get("segments").get(0).get("speaker").asText(),
                "who speaks first is speaker_1");
        assertEquals("speaker_1", result.get("speakers").get(0).get("speaker").asText());
    }

    @Test
    void jsonAndCsvFormatsCoverEveryInputOfABatch() throws IOException {
        List<Path> clips = TestAudio.manifestSample("emodb", 2);
        FixtureModel model = FixtureModel.withFrames(30 * 16_000);
        Run json = analyze(model, "--format", "json", "--output", tmp.resolve("j").toString(),
                clips.get(0).toString(), clips.get(1).toString());
        assertEquals(0, json.exit(), json.err());
        JsonNode array = JSON.readTree(json.out());
        assertEquals(2, array.size());
        assertEquals(clips.get(1).toString(), array.get(1).get("input").get("file").asText());
        Run csv = analyze(model, "--format", "csv", "--output", tmp.resolve("c").toString(),
                clips.get(0).toString(), tmp.resolve("missing.wav").toString());
        assertEquals(ExitCodes.PARTIAL_FAILURE, csv.exit());
        List<String> rows = csv.out().strip().lines().toList();
        assertEquals("input,output,status,verdict,verdict_reason,emotion,confidence,uncertain,low_reliability,duration,"
                + "angry,disgusted,fearful,happy,neutral,other,sad,surprised,unknown,model,warnings,error",
                        rows.get(0));
        assertEquals(22, rows.get(1).split(",", -1).length, rows.get(1));
        assertEquals(22, rows.get(2).split(",", -1).length, rows.get(2));
        assertTrue(rows.get(1).contains(",ok,"), rows.get(1));
        assertTrue(rows.get(2).contains(",failed,"), rows.get(2));
        // The clip's duration and reliability, as in its result.json.
        String[] cells = rows.get(1).split(",", -1);
        JsonNode r = JSON.readTree(Path.of(cells[1]).resolve("result.json").toFile());
        assertEquals(r.get("low_reliability").asText(), cells[8]);
        assertEquals(r.get("duration").asDouble(), Double.parseDouble(cells[9]), 1e-9);
    }

    @Test
    void aSongAndMusicReadAsNotSpeechOnTheTerminalInCsvAndJsonl() throws IOException {
        // Real speech alone; the same speaker over organ chords 6 dB below the voice (a song's
        // layout: voice over accompaniment); the organ alone.
        Path speech = TestAudio.emodb("03a01Wa.wav");
        Path song = TestAudio.speechOverOrgan(tmp.resolve("song.wav"), -6, List.of(TestAudio.emodb("03a01Fa.wav"),
                TestAudio.emodb("03a01Nc.wav"), TestAudio.emodb("03a01Wa.wav")));
        Path organ = TestAudio.organ(tmp.resolve("organ.wav"), 6);
        FixtureModel model = FixtureModel.withFrames(30 * 16_000);
        String[] inputs = {speech.toString(), song.toString(), organ.toString()};

        Run table = analyze(model, concat(new String[] {"--output", tmp.resolve("t").toString()}, inputs));
        assertEquals(0, table.exit(), table.err());
        List<String> lines = table.out().lines().toList();
        String speechLine = lines.stream().filter(l -> l.startsWith(speech.toString()
                + "  ")).findFirst().orElseThrow();
        assertTrue(speechLine.matches(".*wav  \\S+ [a-z]+ \\d+\\.\\d%.*") && !speechLine.contains("not speech"),
                speechLine);
        String songLine = lines.stream().filter(l -> l.startsWith(song + "  ")).findFirst().orElseThrow();
        assertTrue(songLine.matches(".*song\\.wav  🎵 not speech \\(voice over music\\) — emotion unreliable: \\S+ "
                + "[a-z]+ "
                + "\\d+\\.\\d%.*"), songLine);
        String organLine = lines.stream().filter(l -> l.startsWith(organ + "  ")).findFirst().orElseThrow();
        assertTrue(organLine.matches(".*organ\\.wav  🎵 not speech \\(music\\) — emotion unreliable: \\S+ [a-z]+ "
                + "\\d+\\.\\d%.*"), organLine);
        assertTrue(table.out().contains("⚠ voice_over_music: "), table.out());

        Run csv = analyze(model, concat(new String[] {"--format", "csv", "--output", tmp.resolve("t").toString()},
                inputs));
        assertEquals(0, csv.exit(), csv.err());
        List<String> rows = csv.out().strip().lines().toList();
        List<String> header = List.of(rows.get(0).split(","));
        int verdict = header.indexOf("verdict");
        int reason = header.indexOf("verdict_reason");
        assertEquals(List.of("speech", "not_speech", "not_speech"),
                rows.subList(1, 4).stream().map(r -> r.split(",", -1)[verdict]).toList(), csv.out());
        assertEquals(List.of("", "voice_over_music", "music"),
                rows.subList(1, 4).stream().map(r -> r.split(",", -1)[reason]).toList(), csv.out());

        Run jsonl = analyze(model, concat(new String[] {"--format", "jsonl", "--output", tmp.resolve("t").toString()},
                inputs));
        assertEquals(0, jsonl.exit(), jsonl.err());
        List<JsonNode> objects = new ArrayList<>();
        for (String l : jsonl.out().strip().lines().toList()) {
            objects.add(JSON.readTree(l));
        }
        assertEquals(List.of("speech", "not_speech", "not_speech"),
                objects.stream().map(o -> o.get("verdict").asText()).toList());
        assertTrue(objects.get(0).get("verdict_reason").isNull());
        assertEquals("voice_over_music", objects.get(1).get("verdict_reason").asText());
        // result.json says the same, and still validates against the schema.
        JsonNode result = ResultSchema.validate(Path.of(objects.get(1).get("output").asText()).resolve("result.json"));
        assertEquals("not_speech", result.get("verdict").asText());
        assertEquals("voice_over_music", result.get("verdict_reason").asText());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void standardInputIsAnalysed() throws IOException {
        byte[] wav = Files.readAllBytes(TestAudio.emodb("03a01Wa.wav"));
        FixtureModel model = FixtureModel.withFrames(30 * 16_000);
        Run run = analyze(model, new ByteArrayInputStream(wav), "--format", "json", "--output",
                tmp.resolve("out").toString(), "-");
        assertEquals(0, run.exit(), run.err());
        JsonNode result = JSON.readTree(run.out());
        assertEquals("stdin", result.get("input").get("file").asText());
        assertArrayEquals(expectedScores(model, TestAudio.emodb("03a01Wa.wav")), scores(result), 1e-6f);
    }

    @Test
    void theTableShowsModelEmojiLabelPercentAndTopThree() {
        Run run = analyze(FixtureModel.withFrames(30 * 16_000), "--output", tmp.resolve("out").toString(),
                TestAudio.emodb("03a01Wa.wav").toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("model: fixture-frames 1 (fixture)"), run.out());
        assertTrue(run.out().matches("(?s).*03a01Wa\\.wav  \\S+ [a-z]+ \\d+\\.\\d%.*"), run.out());
        assertTrue(run.out().contains("top-3: "), run.out());
        assertEquals(3,
                run.out().lines().filter(l -> l.contains("top-3")).findFirst().orElseThrow().split(" · ").length);
    }

    @Test
    void userErrorsGiveOneLineAndTheirExitCode() throws IOException {
        FixtureModel model = FixtureModel.withFrames(30 * 16_000);
        Run bad = analyze(model, "--granularity", "words", TestAudio.emodb("03a01Wa.wav").toString());
        assertEquals(ExitCodes.USAGE, bad.exit());
        assertTrue(bad.err().startsWith("emovox: Unknown granularity 'words'"), bad.err());
        Run window = analyze(model, "--max-window-seconds", "2", TestAudio.emodb("03a01Wa.wav").toString());
        assertEquals(ExitCodes.USAGE, window.exit(), window.err());
        assertTrue(window.err().startsWith("emovox: The longest window must be from 5 to 600 seconds, got 2.0"),
                window.err());
        assertEquals(1, window.err().strip().lines().count(), window.err());
        Run rttm = analyze(model, "--speakers", "rttm", tmp.resolve("none.rttm").toString(),
                TestAudio.emodb("03a01Wa.wav").toString());
        assertEquals(ExitCodes.USAGE, rttm.exit(), rttm.err());
        Run mono = analyze(model, "--speakers", "channels", "--output", tmp.resolve("o").toString(),
                TestAudio.emodb("03a01Wa.wav").toString());
        assertEquals(ExitCodes.USAGE, mono.exit(), mono.err());
        Run cluster = analyze(model, "--speakers", "cluster:1", TestAudio.emodb("03a01Wa.wav").toString());
        assertEquals(ExitCodes.USAGE, cluster.exit(), cluster.err());
        assertTrue(cluster.err().contains("cluster:N with N from 2 to 8"), cluster.err());
        Path corrupt = tmp.resolve("corrupt.mp3");
        Files.write(corrupt, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        Run one = analyze(model, "--output", tmp.resolve("o").toString(), corrupt.toString());
        assertEquals(ExitCodes.BAD_INPUT, one.exit(), one.err());
        assertEquals(1, one.err().strip().lines().count(), one.err());
        // Printed once: on standard error, not again in the table on standard output.
        assertFalse(one.out().contains("failed"), one.out());
        assertFalse(one.out().contains(corrupt.getFileName().toString()), one.out());
        assertFalse(Files.exists(tmp.resolve("o/corrupt_mp3")), "a failed input left an output folder");
    }

    @Test
    void aPathThatDoesNotExistIsNotFoundWithTheInputErrorCode() {
        Path missing = tmp.resolve("no-such-recording.wav");
        Run one = analyze(FixtureModel.withFrames(30 * 16_000), "--output", tmp.resolve("o").toString(),
                missing.toString());
        assertEquals(ExitCodes.BAD_INPUT, one.exit(), one.err());
        assertEquals("emovox: " + missing + " not found: no such file or folder. Check the path.", one.err().strip());
        assertFalse(Files.exists(tmp.resolve("o/no-such-recording_wav")), "a missing input got an output folder");
    }

    @Test
    void jsonFormatListsFailedInputsWithStatusAndError() throws IOException {
        FixtureModel model = FixtureModel.withFrames(30 * 16_000);
        Path good = TestAudio.emodb("03a01Wa.wav");
        Path missing = tmp.resolve("missing.wav");
        Run batch = analyze(model, "--format", "json", "--output", tmp.resolve("j").toString(), good.toString(),
                missing.toString());
        assertEquals(ExitCodes.PARTIAL_FAILURE, batch.exit(), batch.err());
        JsonNode array = JSON.readTree(batch.out());
        assertEquals(2, array.size(), batch.out());
        // An ok input prints its result.json unchanged; a failed one says so, in the API's error shape.
        assertEquals(JSON.readTree(tmp.resolve("j/03a01Wa_wav/result.json").toFile()), array.get(0));
        JsonNode failed = array.get(1);
        assertEquals("failed", failed.get("status").asText());
        assertEquals(missing.toString(), failed.get("input").get("file").asText());
        assertEquals("not_found", failed.get("error").get("code").asText());
        assertTrue(failed.get("error").get("message").asText().contains("not found"), failed.toString());

        Run one = analyze(model, "--format", "json", "--output", tmp.resolve("j1").toString(), missing.toString());
        assertEquals(ExitCodes.BAD_INPUT, one.exit(), one.err());
        assertEquals("failed", JSON.readTree(one.out()).get("status").asText(), one.out());
    }

    @Test
    void sameNameInOtherFormatsGetsFoldersOfItsOwnAndResumes() throws IOException {
        Path wav = Files.copy(TestAudio.emodb("03a01Wa.wav"), tmp.resolve("call.wav"));
        Path mp3 = tmp.resolve("call.mp3");
        TestAudio.ffmpeg("-i", wav.toString(), mp3.toString());
        FixtureModel model = FixtureModel.withFrames(30 * 16_000);
        Path out = tmp.resolve("out");
        Run first = analyze(model, "--output", out.toString(), "--format", "jsonl", wav.toString(), mp3.toString());
        assertEquals(0, first.exit(), first.err());
        try (var s = Files.list(out)) {
            assertEquals(Set.of("call_wav", "call_mp3"),
                    s.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
        assertEquals("mp3",
                JSON.readTree(out.resolve("call_mp3/result.json").toFile()).get("input").get("codec").asText());
        Run again = analyze(model, "--output", out.toString(), wav.toString(), mp3.toString());
        assertTrue(again.err().contains("0 analysed, 2 skipped (already done), 0 failed"), again.err());
    }
}
