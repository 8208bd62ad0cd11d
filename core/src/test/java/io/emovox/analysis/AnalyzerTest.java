package io.emovox.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.audio.AudioDecoder;
import io.emovox.audio.Channels;
import io.emovox.audio.vad.SileroVad;
import io.emovox.model.EmotionLabel;
import io.emovox.model.ModelOutput;
import io.emovox.speakers.Speakers;
import io.emovox.testing.FixtureModel;
import io.emovox.testing.ResultSchema;
import io.emovox.testing.TestAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis pipeline on real recordings, with the FIXTURE model (plumbing only: its scores mean
 * nothing, but they are exact, so windowing, stitching and aggregation can be checked to the bit).
 */
class AnalyzerTest {
    private static final int WINDOW = 10 * 16_000;
    private static final String CLIP = "03a01Wa.wav";

    @TempDir
    static Path tmp;
    static SileroVad vad;
    static AudioDecoder decoder = new AudioDecoder();
    static Path longFile;
    static float[] longAudio;

    @BeforeAll
    static void setUp() {
        vad = SileroVad.load();
        // ~50 s of real speech: 20 EmoDB clips of two speakers with 0.6 s pauses.
        List<float[]> parts = new ArrayList<>();
        for (Path clip : TestAudio.manifestSample("emodb", 20)) {
            parts.add(decoder.decode(clip).samples());
            parts.add(new float[9_600]);
        }
        longAudio = TestAudio.concat(parts);
        longFile = tmp.resolve("long.wav");
        TestAudio.writeWav(longFile, 16_000, longAudio);
        longAudio = decoder.decode(longFile).samples();
    }

    @AfterAll
    static void tearDown() {
        vad.close();
    }

    /** Work folders of this class's analyses go under tmp, so the test can count its own (other JVMs share /tmp). */
    private static Analyzer analyzer(FixtureModel model) {
        return new Analyzer(model, decoder, vad, workRoot());
    }

    private static Path workRoot() {
        return tmp.resolve("work");
    }

    @Test
    void utteranceOfAShortClipIsTheModelsOwnOutput() {
        FixtureModel model = FixtureModel.withFrames(WINDOW);
        Path clip = TestAudio.emodb(CLIP);
        float[] expected = model.run(decoder.decode(clip).samples(), false).logits();
        try (AnalysisResult r = analyzer(model).analyze(clip, AnalysisOptions.DEFAULT, ProgressListener.NONE)) {
            Verdict v = Verdict.fromLogits(expected, 1.0, UncertaintyPolicy.DEFAULT);
            assertArrayEquals(v.scores(), r.verdict().scores(), 1e-6f);
            assertEquals(v.emotion(), r.emotion());
            assertEquals(2.0, r.durationSeconds(), 1e-3);
            assertEquals(22_050, r.input().sampleRate());
            assertEquals("fixture-frames", r.model().name());
            assertTrue(r.warnings().isEmpty(), r.warnings().toString());
            assertEquals(SpeechVerdict.IS_SPEECH, r.speechVerdict());
            assertTrue(r.segments().isEmpty());
            assertNull(r.frames());
        }
    }

    @Test
    void aSongIsNotSpeechInTheResultAndInResultJson() throws IOException {
        Path song = TestAudio.speechOverOrgan(tmp.resolve("song.wav"), -6, TestAudio.manifestSample("emodb", 3));
        Path organ = TestAudio.organ(tmp.resolve("organ.wav"), 6);
        for (Granularity g : List.of(Granularity.UTTERANCE, Granularity.SEGMENTS)) {
            AnalysisOptions options = AnalysisOptions.DEFAULT.withGranularity(g);
            try (AnalysisResult r = analyzer(FixtureModel.withFrames(WINDOW)).analyze(song, options,
                    ProgressListener.NONE)) {
                assertEquals(new SpeechVerdict(false, AnalysisWarning.VOICE_OVER_MUSIC), r.speechVerdict(),
                        g + ": " + r.warnings());
                Path out = tmp.resolve("song-" + g.key());
                ResultWriter.write(r, out);
                JsonNode json = ResultSchema.validate(out.resolve("result.json"));
                assertEquals("not_speech", json.get("verdict").asText());
                assertEquals("voice_over_music", json.get("verdict_reason").asText());
                assertTrue(json.get("emotion").isTextual(), "the WebUI's fields stay");
            }
            try (AnalysisResult r = analyzer(FixtureModel.withFrames(WINDOW)).analyze(organ, options,
                    ProgressListener.NONE)) {
                assertEquals(new SpeechVerdict(false, AnalysisWarning.MUSIC), r.speechVerdict(),
                        g + ": " + r.warnings());
            }
        }
        try (AnalysisResult r = analyzer(FixtureModel.withFrames(WINDOW)).analyze(TestAudio.emodb(CLIP),
                AnalysisOptions.DEFAULT, ProgressListener.NONE)) {
            JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ResultWriter.toJson(r));
            assertEquals("speech", json.get("verdict").asText());
            assertTrue(json.get("verdict_reason").isNull());
        }
    }

    @Test
    void longInputIsWindowedAndFramesStitchToTheWholeClipFrames() throws IOException {
        FixtureModel windowed = FixtureModel.withFrames(WINDOW);
        FixtureModel whole = FixtureModel.withFrames(longAudio.length);
        ModelOutput reference = whole.run(longAudio, true);
        AnalysisOptions options = AnalysisOptions.DEFAULT.withGranularity(Granularity.FRAME).withEmbedding(true);
        try (AnalysisResult r = analyzer(windowed).analyze(longFile, options, ProgressListener.NONE)) {
            assertTrue(windowed.longestClip() <= WINDOW, "a window longer than the model allows");
            assertTrue(windowed.calls() >= 6, "expected several windows, got " + windowed.calls());
            FrameTimeline f = r.frames();
            int n = (longAudio.length - 400) / 320 + 1;
            assertEquals(n, f.count());
            assertEquals(50.0, f.rateHz());
            for (int i = 0; i < n; i++) {
                assertArrayEquals(reference.frameLogits()[i], f.logits(i), 1e-5f, "frame " + i);
            }
            assertEquals(n, r.embeddings().rows());
            assertArrayEquals(reference.frameEmbeddings()[n / 2], r.embeddings().row(n / 2), 1e-6f);
            // The utterance is the owned-length-weighted mean of window logits: close to the mean of
            // all frame logits (equal up to the frames each window's mean includes beyond its share).
            float[] wholeLogits = reference.logits();
            float[] got = new float[EmotionLabel.COUNT];
            List<float[]> windows = new ArrayList<>();
            WindowPlan plan = WindowPlan.of(longAudio.length, WINDOW, 4 * 16_000, 320);
            double[] sum = new double[EmotionLabel.COUNT];
            for (int w = 0; w < plan.size(); w++) {
                float[] clip = Arrays.copyOfRange(longAudio, (int) plan.start(w), (int) plan.end(w));
                float[] l = whole.run(clip, false).logits();
                windows.add(l);
                for (int c = 0; c < sum.length; c++) {
                    sum[c] += (plan.ownedTo(w) - plan.ownedFrom(w)) * (double) l[c];
                }
            }
            for (int c = 0; c < got.length; c++) {
                got[c] = (float) (sum[c] / longAudio.length);
                assertEquals(wholeLogits[c], got[c], 0.2, "aggregate far from the whole-clip logits");
            }
            assertArrayEquals(Verdict.fromLogits(got, 1, UncertaintyPolicy.DEFAULT).scores(),
                    r.verdict().scores(), 1e-5f);

            Path out = tmp.resolve("frames-out");
            ResultWriter.write(r, out);
            JsonNode json = ResultSchema.validate(out.resolve("result.json"));
            assertEquals("frame", json.get("granularity").asText());
            assertEquals(n, json.get("frames").get("scores").size());
            assertEquals(n, json.get("frames").get("smoothed").size());
            assertArrayEquals(new int[] {n, FixtureModel.DIM}, TestAudio.npyShape(out.resolve("embedding.npy")));
            assertEquals(44 + 2L * longAudio.length, Files.size(out.resolve("processed_audio.wav")));
            float[] p0 = Probabilities.softmax(reference.frameLogits()[0], 1);
            assertEquals(p0[3], json.get("frames").get("scores").get(0).get(3).asDouble(), 1e-4);
        }
    }

    @Test
    void segmentsAreVadSegmentsEachScoredAsAnUtterance() {
        FixtureModel model = FixtureModel.withFrames(WINDOW);
        FixtureModel reference = FixtureModel.withFrames(Integer.MAX_VALUE);
        AnalysisOptions options = AnalysisOptions.DEFAULT.withGranularity(Granularity.SEGMENTS).withEmbedding(true);
        try (AnalysisResult r = analyzer(model).analyze(longFile, options, ProgressListener.NONE)) {
            assertTrue(r.segments().size() >= 15 && r.segments().size() <= 40,
                    "20 clips with pauses gave " + r.segments().size() + " segments");
            double[] sum = new double[EmotionLabel.COUNT];
            double total = 0;
            for (SegmentResult s : r.segments()) {
                int from = (int) Math.round(s.startSeconds() * 16_000);
                int to = (int) Math.min(longAudio.length, Math.round(s.endSeconds() * 16_000));
                float[] l = reference.run(Arrays.copyOfRange(longAudio, from, to), false).logits();
                assertArrayEquals(Verdict.fromLogits(l, 1, UncertaintyPolicy.DEFAULT).scores(),
                        s.verdict().scores(), 1e-6f);
                assertNull(s.speaker());
                assertEquals(s.duration() < 1.0, s.lowReliability());
                for (int c = 0; c < sum.length; c++) {
                    sum[c] += s.duration() * l[c];
                }
                total += s.duration();
            }
            float[] mean = new float[sum.length];
            for (int c = 0; c < sum.length; c++) {
                mean[c] = (float) (sum[c] / total);
            }
            assertArrayEquals(Verdict.fromLogits(mean, 1, UncertaintyPolicy.DEFAULT).scores(), r.verdict().scores(),
                    1e-5f);
            assertEquals(r.segments().size(), r.embeddings().rows());
            Path out = tmp.resolve("segments-out");
            ResultWriter.write(r, out);
            ResultSchema.validate(out.resolve("result.json"));
            assertArrayEquals(new int[] {r.segments().size(), FixtureModel.DIM},
                    TestAudio.npyShape(out.resolve("embedding.npy")));
        }
    }

    @Test
    void clipOnlyModelsGetASlidingWindowTimeline() {
        FixtureModel model = FixtureModel.clipsOnly(WINDOW);
        Path clip = TestAudio.emodb(CLIP);
        float[] audio = decoder.decode(clip).samples();
        AnalysisOptions options = AnalysisOptions.DEFAULT.withGranularity(Granularity.FRAME).withEmbedding(true);
        try (AnalysisResult r = analyzer(model).analyze(clip, options, ProgressListener.NONE)) {
            FrameTimeline f = r.frames();
            assertEquals(4.0, f.rateHz(), 1e-9);
            assertEquals((audio.length - 16_000) / 4_000 + 1, f.count());
            float[] second = model.run(Arrays.copyOfRange(audio, 4_000, 20_000), false).logits();
            assertArrayEquals(second, f.logits(1), 1e-6f);
            assertEquals(0.5, f.firstSeconds(), 1e-9);
            assertEquals(f.count(), r.embeddings().rows());
        }
    }

    @Test
    void channelSpeakersAreScoredSeparately() {
        // Turn-taking call: speaker 03 on the left, then speaker 08 on the right.
        float[] a = decoder.decode(TestAudio.emodb("03a01Wa.wav")).samples();
        float[] b = decoder.decode(TestAudio.emodb("08a01Wa.wav")).samples();
        int gap = 8_000;
        float[] left = new float[a.length + gap + b.length];
        float[] right = new float[left.length];
        System.arraycopy(a, 0, left, 0, a.length);
        System.arraycopy(b, 0, right, a.length + gap, b.length);
        for (int i = 0; i < left.length; i++) {
            left[i] += 1e-3f * (float) Math.sin(i * 0.37);  // a faint line tone so no channel is digital silence
            right[i] += 1e-3f * (float) Math.sin(i * 0.41);
        }
        Path stereo = tmp.resolve("call.wav");
        TestAudio.writeWav(stereo, 16_000, left, right);
        FixtureModel model = FixtureModel.withFrames(WINDOW);
        AnalysisOptions options = AnalysisOptions.DEFAULT.withSpeakers(Speakers.CHANNELS);
        try (AnalysisResult r = analyzer(model).analyze(stereo, options, ProgressListener.NONE)) {
            Set<String> speakers = r.speakers().stream().map(SpeakerSummary::speaker).collect(Collectors.toSet());
            assertEquals(Set.of("channel_1", "channel_2"), speakers);
            double half = a.length / 16_000.0 + 0.25;
            for (SegmentResult s : r.segments()) {
                if (s.speaker().equals("channel_1")) {
                    assertTrue(s.endSeconds() <= half + 0.1, "left speaker after its turn: " + s);
                } else {
                    assertTrue(s.startSeconds() >= half - 0.1, "right speaker before its turn: " + s);
                }
            }
            float[] rightDecoded = decoder.decode(stereo, Channels.only(1)).samples();
            SegmentResult first = r.segments().stream().filter(s ->
                    s.speaker().equals("channel_2")).findFirst().orElseThrow();
            float[] l = model.run(Arrays.copyOfRange(rightDecoded, (int) Math.round(first.startSeconds() * 16_000),
                    (int) Math.min(rightDecoded.length, Math.round(first.endSeconds() * 16_000))), false).logits();
            assertArrayEquals(Verdict.fromLogits(l, 1, UncertaintyPolicy.DEFAULT).scores(), first.verdict().scores(),
                    1e-6f);
            Path out = tmp.resolve("call-out");
            ResultWriter.write(r, out);
            JsonNode json = ResultSchema.validate(out.resolve("result.json"));
            assertEquals(2, json.get("speakers").size());
        }
    }

    @Test
    void rttmTurnsCarryTheirSpeakers() throws IOException {
        Path rttm = tmp.resolve("long.rttm");
        Files.writeString(rttm, """
                SPEAKER long 1 0.000 10.000 <NA> <NA> alice <NA> <NA>
                SPEAKER long 1 10.000 2.500 <NA> <NA> bob <NA> <NA>
                SPEAKER long 1 12.500 0.600 <NA> <NA> alice <NA> <NA>
                """);
        FixtureModel model = FixtureModel.withFrames(WINDOW);
        AnalysisOptions options = AnalysisOptions.DEFAULT.withSpeakers(Speakers.rttm(rttm))
                .withVad(AnalysisOptions.DEFAULT.vad().withMaxSegmentSeconds(6));
        try (AnalysisResult r = analyzer(model).analyze(longFile, options, ProgressListener.NONE)) {
            assertEquals(4, r.segments().size(), "the 10 s turn is split in two 5 s pieces");
            assertEquals(List.of("alice", "alice", "bob", "alice"),
                    r.segments().stream().map(SegmentResult::speaker).toList());
            SpeakerSummary alice = r.speakers().get(0);
            assertEquals("alice", alice.speaker());
            assertEquals(10.6, alice.speechSeconds(), 1e-9);
            assertEquals(3, alice.segments());
            assertTrue(r.segments().get(3).lowReliability());
            assertFalse(r.speakers().get(1).lowReliability());
        }
    }

    @Test
    void uploadsGiveTheSameResultAsFiles() throws IOException {
        FixtureModel model = FixtureModel.withFrames(WINDOW);
        Path clip = TestAudio.emodb(CLIP);
        try (AnalysisResult fromFile = analyzer(model).analyze(clip, AnalysisOptions.DEFAULT, ProgressListener.NONE);
             AnalysisResult fromBytes = analyzer(model).analyze(Files.readAllBytes(clip), "upload.wav",
                     AnalysisOptions.DEFAULT, ProgressListener.NONE)) {
            assertEquals(fromFile.verdict(), fromBytes.verdict());
            assertEquals("upload.wav", fromBytes.input().file());
        }
        boolean[] closed = {false};
        java.io.InputStream stream = new java.io.ByteArrayInputStream(Files.readAllBytes(clip)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try (AnalysisResult fromStream = analyzer(model).analyze(stream, "stream.wav", AnalysisOptions.DEFAULT,
                ProgressListener.NONE)) {
            assertEquals("stream.wav", fromStream.input().file());
            assertFalse(closed[0], "the caller's stream was closed");
        }
    }

    @Test
    void badInputsFailWithTheirKindAndLeaveNoWorkFolder() throws IOException {
        FixtureModel model = FixtureModel.withFrames(WINDOW);
        Path corrupt = tmp.resolve("corrupt.wav");
        byte[] good = Files.readAllBytes(TestAudio.emodb(CLIP));
        Files.write(corrupt, Arrays.copyOf(good, 30));
        Path silence = tmp.resolve("silence.wav");
        TestAudio.writeWav(silence, 16_000, new float[32_000]);
        long before = workFolders();
        EmovoxException e = assertThrows(EmovoxException.class,
                () -> analyzer(model).analyze(corrupt, AnalysisOptions.DEFAULT, ProgressListener.NONE));
        assertTrue(Set.of(ErrorKind.CORRUPT_INPUT, ErrorKind.NOT_AUDIO, ErrorKind.TOO_SHORT).contains(e.kind()),
                e.kind().toString());
        e = assertThrows(EmovoxException.class,
                () -> analyzer(model).analyze(silence, AnalysisOptions.DEFAULT, ProgressListener.NONE));
        assertEquals(ErrorKind.SILENCE_ONLY, e.kind());
        e = assertThrows(EmovoxException.class, () -> analyzer(model).analyze(TestAudio.emodb(CLIP),
                AnalysisOptions.DEFAULT.withSpeakers(Speakers.CHANNELS), ProgressListener.NONE));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        // Shell-neutral: it names the setting in words, no CLI flag (the API calls it speakers=channels).
        assertTrue(e.getMessage().contains("has 1 channel") && e.getMessage().contains("by channel"), e.getMessage());
        assertFalse(e.getMessage().contains("--"), e.getMessage());
        assertEquals(before, workFolders());
    }

    @Test
    void clusteredSpeakersFollowTheVoices() throws IOException {
        // A mono turn-taking "call": a man (03) and a woman (16) of EmoDB alternate, in several
        // emotions, with 0.7 s pauses. The shipped voiceprint projection was trained on these
        // speakers, so this checks the plumbing; VoiceprintsTest measures unseen speakers.
        List<String> turns = List.of("03a01Fa.wav", "16a01Ec.wav", "03a02Ta.wav", "16a01Fc.wav", "03a04Ad.wav",
                "16a01Lb.wav", "03a02Wb.wav", "16a02Nb.wav", "03a04Lc.wav", "16a02Wb.wav");
        List<float[]> parts = new ArrayList<>();
        List<double[]> spans = new ArrayList<>();
        double at = 0.7;
        parts.add(new float[11_200]);
        for (String t : turns) {
            float[] clip = decoder.decode(TestAudio.emodb(t)).samples();
            parts.add(clip);
            parts.add(new float[11_200]);
            spans.add(new double[] {at, at + clip.length / 16_000.0});
            at += clip.length / 16_000.0 + 0.7;
        }
        Path call = tmp.resolve("mono-call.wav");
        TestAudio.writeWav(call, 16_000, TestAudio.concat(parts));
        AnalysisOptions options = AnalysisOptions.DEFAULT.withSpeakers(Speakers.clustered("cluster:2"));
        try (AnalysisResult r = analyzer(FixtureModel.withFrames(WINDOW)).analyze(call, options,
                ProgressListener.NONE)) {
            assertTrue(r.segments().size() >= turns.size(), r.segments().toString());
            int right = 0;
            for (SegmentResult s : r.segments()) {
                double mid = (s.startSeconds() + s.endSeconds()) / 2;
                int turn = -1;
                for (int i = 0; i < spans.size(); i++) {
                    if (mid > spans.get(i)[0] - 0.3 && mid < spans.get(i)[1] + 0.3) {
                        turn = i;
                    }
                }
                assertTrue(turn >= 0, "segment outside every turn: " + s);
                right += s.speaker().equals(turn % 2 == 0 ? "speaker_1" : "speaker_2") ? 1 : 0;
            }
            assertEquals(r.segments().size(), right, "segments with the speaker of their turn: " + r.segments());
            assertEquals(List.of("speaker_1", "speaker_2"),
                    r.speakers().stream().map(SpeakerSummary::speaker).toList());
            Path out = tmp.resolve("mono-call-out");
            ResultWriter.write(r, out);
            assertEquals(2, ResultSchema.validate(out.resolve("result.json")).get("speakers").size());
        }
        assertThrows(EmovoxException.class, () -> Speakers.clustered("cluster:1"));
        assertThrows(EmovoxException.class, () -> Speakers.clustered("cluster:two"));
        assertEquals(new Speakers.Clustered(2), Speakers.clustered("cluster"));
    }

    private static long workFolders() throws IOException {
        if (!Files.isDirectory(workRoot())) {
            return 0;
        }
        try (var s = Files.list(workRoot())) {
            return s.filter(p -> p.getFileName().toString().startsWith(WorkFolders.PREFIX)).count();
        }
    }
}
