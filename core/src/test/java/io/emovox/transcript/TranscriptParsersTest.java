package io.emovox.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptParsersTest {

    private static Transcript parse(String name, String text) {
        return Transcript.parse(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(String name, String text) {
        EmovoxException e = assertThrows(EmovoxException.class, () -> parse(name, text));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void srtCuesWithTagsAndMultipleLines() {
        Transcript t = parse("call.srt", "1\n00:00:00,500 --> 00:00:02,250\n<i>My father</i>\npassed away.\n\n"
                + "2\r\n00:01:02,000 --> 00:01:03,100\r\n我很难过\r\n");
        assertEquals("srt", t.format());
        assertEquals(List.of(new Cue(0.5, 2.25, "My father passed away.", 2), new Cue(62.0, 63.1, "我很难过", 7)),
                t.cues());
        assertEquals("My father passed away.我很难过", t.text(), "no space next to Chinese");
    }

    @Test
    void webVttSkipsNotesAndVoiceTagsAndSettings() {
        Transcript t = parse("call.vtt", "WEBVTT - a call\n\nNOTE written by hand\nacross lines\n\n"
                + "intro\n00:01.000 --> 00:02.500 align:start position:10%\n<v Anna>Hello there</v>\n\n"
                + "01:00:00.000 --> 01:00:01.000\nbye\n");
        assertEquals("vtt", t.format());
        assertEquals(List.of(new Cue(1.0, 2.5, "Hello there", 7), new Cue(3600.0, 3601.0, "bye", 10)), t.cues());
    }

    @Test
    void whisperJsonInSeconds() {
        Transcript t = parse("call.json", "{\"text\": \"x\", \"segments\": [\n"
                + "  {\"id\": 0, \"start\": 0.0, \"end\": 1.5, \"text\": \" My dog died.\"},\n"
                + "  {\"id\": 1, \"start\": 1.5, \"end\": 2.0, \"text\": \" \"}\n], \"language\": \"en\"}");
        assertEquals("whisper", t.format());
        assertEquals(List.of(new Cue(0.0, 1.5, "My dog died.", 2)), t.cues());
    }

    @Test
    void funasrSentenceInfoInMilliseconds() {
        Transcript t = parse("call.json", "[{\"key\": \"call\", \"text\": \"我爸爸去世了。谢谢。\",\n"
                + " \"sentence_info\": [\n  {\"text\": \"我爸爸去世了。\", \"start\": 120, \"end\": 1830},\n"
                + "  {\"sentence\": \"谢谢。\", \"start\": 2000, \"end\": 2600, \"spk\": 0}]}]");
        assertEquals("funasr", t.format());
        assertEquals(List.of(new Cue(0.12, 1.83, "我爸爸去世了。", 3), new Cue(2.0, 2.6, "谢谢。", 4)), t.cues());
    }

    @Test
    void funasrTokenTimestampsGiveOneCuePerCharacter() {
        Transcript t = parse("asr.json", "[{\"key\": \"a\", \"text\": \"他 走 了\", "
                + "\"timestamp\": [[100, 300], [300, 500], [500, 700]]}]");
        assertEquals(3, t.cues().size());
        assertEquals(new Cue(0.3, 0.5, "走", 1), t.cues().get(1));
        assertEquals("他走了", t.text(), "Chinese pieces join without spaces, so phrases still match");
        // Punctuated text (ct-punc) has no timestamp for its punctuation: characters line up still.
        Transcript p = parse("asr.json", "[{\"key\": \"a\", \"text\": \"他走了。\", "
                + "\"timestamp\": [[100, 300], [300, 500], [500, 700]]}]");
        assertEquals(List.of("他", "走", "了"), p.cues().stream().map(Cue::text).toList());
    }

    @Test
    void byteOrderMarksAndUtf16AreRead() {
        String srt = "1\n00:00:00,000 --> 00:00:01,000\n去世\n";
        byte[] utf8 = srt.getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        assertEquals("去世", Transcript.parse("a.srt", bom).cues().get(0).text());
        byte[] utf16 = ("\uFEFF" + srt).getBytes(StandardCharsets.UTF_16LE);
        assertEquals("去世", Transcript.parse("a.srt", utf16).cues().get(0).text());
    }

    @Test
    void gbkIsRefusedNamingTheLine() {
        byte[] gbk = "1\n00:00:00,000 --> 00:00:01,000\n去世\n".getBytes(Charset.forName("GBK"));
        EmovoxException e = assertThrows(EmovoxException.class, () -> Transcript.parse("call.srt", gbk));
        assertTrue(e.getMessage().startsWith("Line 3 of call.srt is not UTF-8"), e.getMessage());
        assertTrue(e.getMessage().contains("re-save the transcript as UTF-8"), e.getMessage());
    }

    @Test
    void srtErrorsNameTheLine() {
        assertTrue(error("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:0x,000 --> 00:00:03,000\nbad\n")
                .startsWith("Line 6 of a.srt has the time '00:00:0x,000'"));
        assertTrue(error("a.srt", "1\n00:00:05,000 --> 00:00:02,000\nbackwards\n")
                .startsWith("Line 2 of a.srt ends (00:00:02,000) before it starts"));
        assertTrue(error("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nok\n\nstray words\n\n")
                .startsWith("Line 5 of a.srt should be a cue timing"));
        assertTrue(error("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:75,000 --> 00:00:76,000\nx\n")
                .startsWith("Line 6 of a.srt has the time '00:00:75,000' with minutes or seconds of 60"));
    }

    @Test
    void jsonErrorsNameTheLine() {
        assertTrue(error("w.json", "{\"segments\": [\n {\"start\": 0, \"end\": 1, \"text\": \"a\"},\n"
                + " {\"start\": 3, \"end\": 2, \"text\": \"b\"}]}")
                .startsWith("Line 3 of w.json ends before it starts"));
        assertTrue(error("w.json", "{\"segments\": [\n {\"start\": 0, \"end\": 1, \"text\": \"a\"},\n"
                + " {\"start\": \"soon\", \"end\": 2, \"text\": \"b\"}]}")
                .startsWith("Line 3 of w.json has no numeric"));
        assertTrue(error("w.json", "{\"segments\": [\n {\"start\": 0, \"end\": 1,, \"text\": \"a\"}]}")
                .startsWith("Line 2 of w.json is not valid JSON"));
        assertTrue(error("f.json", "{\"text\": \"hi\"}").contains("neither Whisper's"));
    }

    @Test
    void cuesThatJumpBackInTimeAreRefusedNamingTheLine() {
        String text = "1\n00:01:00,000 --> 00:01:02,000\na\n\n2\n00:00:05,000 --> 00:00:06,000\nb\n";
        assertEquals("Line 6 of pasted.srt starts at 00:00:05.000, before the cue above it (line 2, 00:01:00.000): "
                + "the cues are out of time order; give one recording's transcript as exported.",
                error("pasted.srt", text));
        // Overlapping speakers a little out of order are fine.
        assertEquals(2, parse("ok.srt", "1\n00:00:02,000 --> 00:00:04,000\na\n\n2\n00:00:01,500 --> 00:00:03,000\nb\n")
                .cues().size());
    }

    @Test
    void otherTextIsNotATranscript() {
        assertTrue(error("notes.txt", "just some words").contains("is not a transcript emovox reads"));
        assertTrue(error("empty.srt", "  \n").contains("is empty"));
    }

    @Test
    void cuesPastTheAudioAreRefusedNamingTheLine() {
        Transcript t = parse("call.srt", "1\n00:00:00,000 --> 00:00:02,000\na\n\n"
                + "2\n00:00:02,000 --> 00:00:09,000\nb\n");
        t.checkFits(8.5);
        EmovoxException e = assertThrows(EmovoxException.class, () -> t.checkFits(2.0));
        assertEquals("Line 6 of call.srt ends at 00:00:09.000, past the end of the audio (00:00:02.000); give the "
                + "transcript of this recording.", e.getMessage());
    }
}
