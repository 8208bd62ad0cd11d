package io.emovox.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.EmovoxException;
import io.emovox.analysis.AnalysisOptions;
import io.emovox.analysis.AnalysisResult;
import io.emovox.analysis.Analyzer;
import io.emovox.analysis.Granularity;
import io.emovox.analysis.ProgressListener;
import io.emovox.analysis.ResultSummary;
import io.emovox.analysis.ResultWriter;
import io.emovox.analysis.SegmentResult;
import io.emovox.analysis.TextConflict;
import io.emovox.analysis.Verdict;
import io.emovox.model.EmotionLabel;
import io.emovox.model.builtin.BuiltinModel;
import io.emovox.speakers.Speakers;
import io.emovox.testing.ResultSchema;
import io.emovox.testing.SharedCorpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's trap: bereavement words spoken in a bright voice. Real clips, scored by the built-in
 * model: a CASIA "happy" and an EmoDB "Freude" clip the model scores confidently happy (checked
 * here, not assumed), and sad clips of the same speakers.
 */
class TextCheckTest {
    static final Path CASIA_HAPPY = SharedCorpus.data().resolve("casia/liuchanhg/happy/230.wav");
    static final Path CASIA_SAD = SharedCorpus.data().resolve("casia/liuchanhg/sad/202.wav");
    static final Path EMODB_HAPPY = SharedCorpus.data().resolve("emodb/wav/13a01Fd.wav");
    static final Path EMODB_SAD = SharedCorpus.data().resolve("emodb/wav/08a07Ta.wav");

    static BuiltinModel model;
    static Analyzer analyzer;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        model = BuiltinModel.load();
        analyzer = new Analyzer(model);
    }

    @AfterAll
    static void close() {
        analyzer.close();
        model.close();
    }

    private static Transcript srt(String text) {
        return Transcript.parse("t.srt", ("1\n00:00:00,000 --> 00:00:01,900\n" + text + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static AnalysisResult analyze(Path clip, Granularity g) {
        return analyzer.analyze(clip, AnalysisOptions.DEFAULT.withGranularity(g), ProgressListener.NONE);
    }

    private static void assertConfident(AnalysisResult r, EmotionLabel voice) {
        assertEquals(voice, r.emotion(), "the premise: the model hears " + voice);
        assertFalse(r.uncertain(), "the premise: the model is confident");
    }

    @Test
    void chineseBereavementOverAHappyVoiceIsAConflict() throws Exception {
        TextCheck check = new TextCheck(srt("我爸爸昨天去世了，下周办葬礼。"), TextRules.defaults());
        try (AnalysisResult r = check.apply(analyze(CASIA_HAPPY, Granularity.UTTERANCE))) {
            assertConfident(r, EmotionLabel.HAPPY);
            TextConflict c = r.text().conflict();
            assertEquals(new TextConflict(EmotionLabel.SAD, EmotionLabel.HAPPY, List.of("去世", "葬礼")), c);
            assertEquals(1, r.text().conflicts());
            Path out = tmp.resolve("zh");
            ResultWriter.write(r, out);
            JsonNode json = ResultSchema.validate(out.resolve("result.json"));
            assertEquals("我爸爸昨天去世了，下周办葬礼。", json.get("text").asText());
            assertEquals("sad", json.get("text_conflict").get("text_emotion").asText());
            assertEquals("happy", json.get("text_conflict").get("voice_emotion").asText());
            assertEquals(1, json.get("text_conflicts").asInt());
            assertEquals(c, ResultSummary.read(out).text().conflict(), "read back as written");
        }
    }

    @Test
    void englishBereavementOverAHappyVoiceIsAConflictPerSegment() {
        TextCheck check = new TextCheck(srt("My grandmother passed away, the funeral is on Monday."),
                TextRules.defaults());
        try (AnalysisResult r = check.apply(analyze(EMODB_HAPPY, Granularity.SEGMENTS))) {
            assertConfident(r, EmotionLabel.HAPPY);
            SegmentResult s = r.segments().get(0);
            assertEquals("My grandmother passed away, the funeral is on Monday.", s.text());
            if (s.verdict().emotion() == EmotionLabel.HAPPY && !s.verdict().uncertain()) {
                assertEquals(List.of("passed away", "funeral"), s.textConflict().words());
            }
            assertEquals(r.segments().stream().filter(x -> x.textConflict() != null).count(), r.text().conflicts());
            assertNull(r.text().conflict(), "with segments, the segments carry the conflicts");
            assertTrue(r.text().conflicts() >= 1, "the happy clip's speech segment conflicts with its words");
        }
    }

    @Test
    void aSadVoiceOrANegatedPhraseRaisesNothing() {
        try (AnalysisResult r = new TextCheck(srt("我爸爸昨天去世了"), TextRules.defaults())
                .apply(analyze(CASIA_SAD, Granularity.UTTERANCE))) {
            assertEquals(EmotionLabel.SAD, r.emotion(), "the premise: the model hears sadness");
            assertNull(r.text().conflict());
            assertEquals(0, r.text().conflicts());
        }
        try (AnalysisResult r = new TextCheck(srt("My grandmother passed away."), TextRules.defaults())
                .apply(analyze(EMODB_SAD, Granularity.UTTERANCE))) {
            assertEquals(EmotionLabel.SAD, r.emotion(), "the premise: the model hears sadness");
            assertEquals(0, r.text().conflicts());
        }
        try (AnalysisResult r = new TextCheck(srt("不难过，他没有去世，只是病了。"), TextRules.defaults())
                .apply(analyze(CASIA_HAPPY, Granularity.UTTERANCE))) {
            assertConfident(r, EmotionLabel.HAPPY);
            assertNull(r.text().conflict(), "negated phrases suggest nothing");
        }
        try (AnalysisResult r = new TextCheck(srt("She did not die, she never passed away."), TextRules.defaults())
                .apply(analyze(EMODB_HAPPY, Granularity.UTTERANCE))) {
            assertConfident(r, EmotionLabel.HAPPY);
            assertEquals(0, r.text().conflicts());
        }
    }

    @Test
    void anUncertainVoiceRaisesNothing() {
        Verdict unsure = new Verdict(EmotionLabel.HAPPY, 0.35f, new float[] {0.1f, 0, 0, 0.35f, 0.3f, 0.05f, 0.1f,
            0.1f, 0}, true);
        Verdict sure = new Verdict(EmotionLabel.HAPPY, 0.8f, new float[] {0.05f, 0, 0, 0.8f, 0.1f, 0, 0.05f, 0, 0},
                false);
        TextCheck check = new TextCheck(srt("x"), TextRules.defaults());
        assertNull(check.conflict("my father died", unsure));
        assertEquals(EmotionLabel.SAD, check.conflict("my father died", sure).textEmotion());
    }

    @Test
    void aTranscriptLongerThanTheAudioIsRefused() {
        Transcript t = Transcript.parse("long.srt", ("1\n00:00:00,000 --> 00:00:01,000\na\n\n"
                + "2\n00:00:05,000 --> 00:00:09,000\nb\n")
                .getBytes(StandardCharsets.UTF_8));
        AnalysisResult r = analyze(EMODB_HAPPY, Granularity.UTTERANCE);
        EmovoxException e = assertThrows(EmovoxException.class, () -> new TextCheck(t, TextRules.defaults()).apply(r));
        assertTrue(e.getMessage().startsWith("Line 6 of long.srt ends at 00:00:09.000, past the end of the audio"),
                e.getMessage());
    }

    @Test
    void withRttmSpeakersACueGoesToTheTurnItOverlapsMost() {
        Speakers rttm = Speakers.rttm("the test RTTM", """
                SPEAKER 08a07Fd 1 0.000 1.000 <NA> <NA> agent <NA> <NA>
                SPEAKER 08a07Fd 1 1.000 1.000 <NA> <NA> customer <NA> <NA>
                """);
        Transcript t = Transcript.parse("call.vtt", """
                WEBVTT

                00:00.000 --> 00:00.900
                <v agent>Hello, how can I help?

                00:00.700 --> 00:01.900
                <v customer>My father died, I need to close his account.
                """.getBytes(StandardCharsets.UTF_8));
        AnalysisOptions options = AnalysisOptions.DEFAULT.withSpeakers(rttm);
        try (AnalysisResult r = new TextCheck(t, TextRules.defaults())
                .apply(analyzer.analyze(EMODB_HAPPY, options, ProgressListener.NONE))) {
            assertEquals(List.of("agent", "customer"), r.segments().stream().map(SegmentResult::speaker).toList());
            assertEquals("Hello, how can I help?", r.segments().get(0).text());
            assertEquals("My father died, I need to close his account.", r.segments().get(1).text(),
                    "the cue overlaps the customer's turn 0.9 s and the agent's 0.2 s");
            assertNull(r.segments().get(0).textConflict(), "the agent's words suggest nothing");
            Verdict customer = r.segments().get(1).verdict();
            boolean expected = !customer.uncertain() && Contradiction.contradicts(EmotionLabel.SAD, customer.emotion());
            assertEquals(expected, r.segments().get(1).textConflict() != null, customer.toString());
            assertEquals(expected ? 1 : 0, r.text().conflicts());
        }
    }

    @Test
    void cuesGoWholeToTheSegmentTheyOverlapMost() {
        Verdict v = new Verdict(EmotionLabel.NEUTRAL, 0.9f, new float[] {0, 0, 0, 0.05f, 0.9f, 0, 0.05f, 0, 0}, false);
        List<SegmentResult> segs = List.of(new SegmentResult(0, 2, "A", v, false),
                new SegmentResult(1.5, 4, "B", v, false), new SegmentResult(6, 8, "A", v, false));
        assertEquals(0, TextCheck.segmentOf(segs, new Cue(0.2, 1.8, "x", 1)));
        assertEquals(1, TextCheck.segmentOf(segs, new Cue(1.6, 3.0, "x", 1)), "overlaps B more than A: B's turn");
        assertEquals(2, TextCheck.segmentOf(segs, new Cue(5.2, 5.8, "x", 1)), "in a pause: the nearest within 1 s");
        assertEquals(-1, TextCheck.segmentOf(segs, new Cue(10, 11, "x", 1)), "far from all: whole text only");
    }
}
