package io.emovox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.testing.ResultSchema;
import io.emovox.testing.TestAudio;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code emovox analyze --transcript}: the real command line, the built-in model, a real CASIA
 * clip the model hears as happy, with a bereavement transcript.
 */
class AnalyzeTranscriptTest {
    private static final Path HAPPY = TestAudio.sharedData().resolve("casia/liuchanhg/happy/230.wav");
    private static final String SRT = "1\n00:00:00,000 --> 00:00:01,500\n我爸爸昨天去世了，下周办葬礼。\n";

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

    @Test
    void segmentsCarryTheTextAndTheTableMarksTheConflict() throws Exception {
        Path srt = Files.writeString(tmp.resolve("call.srt"), SRT);
        Path out = tmp.resolve("out");
        String[] r = run("analyze", "--model", "builtin", "--granularity", "segments", "--transcript", srt.toString(),
                "--output", out.toString(), HAPPY.toString());
        assertEquals("0", r[0], r[2]);
        JsonNode json = ResultSchema.validate(out.resolve("230_wav").resolve("result.json"));
        JsonNode seg = json.get("segments").get(0);
        assertEquals("我爸爸昨天去世了，下周办葬礼。", seg.get("text").asText());
        assertEquals("srt", json.get("transcript").get("format").asText());
        boolean confidentHappy = seg.get("emotion").asText().equals("happy") && !seg.get("uncertain").asBoolean();
        assertEquals(confidentHappy, seg.has("text_conflict"),
                "a conflict exactly when the voice is confidently happy");
        assertTrue(confidentHappy, "the premise: the built-in model hears this clip's speech as confidently happy");
        assertEquals(1, json.get("text_conflicts").asInt());
        assertTrue(r[1].contains("\"我爸爸昨天去世了，下周办葬礼。\"  ⚡ conflict: sad words (去世, 葬礼) vs happy voice"),
                r[1]);
        assertTrue(r[1].contains("transcript: 1 text/voice conflict"), r[1]);

        // The same input again with the transcript is done; without it, it is analysed again.
        String[] again = run("analyze", "--model", "builtin", "--granularity", "segments", "--transcript",
                srt.toString(), "--output", out.toString(), "--format", "jsonl", HAPPY.toString());
        assertTrue(again[1].contains("\"status\":\"skipped\""), again[1]);
        assertTrue(again[1].contains("\"text_conflicts\":1"), "read back from result.json: " + again[1]);
        String[] plain = run("analyze", "--model", "builtin", "--granularity", "segments", "--output", out.toString(),
                "--format", "jsonl", HAPPY.toString());
        assertTrue(plain[1].contains("\"status\":\"ok\""), plain[1]);
        assertFalse(plain[1].contains("text_conflicts"), plain[1]);
        assertFalse(ResultSchema.validate(out.resolve("230_wav").resolve("result.json")).has("text_conflicts"),
                "a result without transcript is unchanged");
    }

    @Test
    void aNegatedTranscriptRaisesNoConflict() throws Exception {
        Path srt = Files.writeString(tmp.resolve("ok.srt"), "1\n00:00:00,000 --> 00:00:01,500\n别难过，他没有去世。\n");
        String[] r = run("analyze", "--model", "builtin", "--format", "json", "--transcript", srt.toString(),
                "--output", tmp.resolve("o").toString(), HAPPY.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("\"text_conflicts\" : 0"), r[1]);

        // Rules of one's own: 病了 (fell ill) is no default phrase; +FILE adds it to the defaults.
        Path rules = Files.writeString(tmp.resolve("rules.txt"), "# ours\nsad: 病了\n");
        Path ill = Files.writeString(tmp.resolve("ill.srt"), "1\n00:00:00,000 --> 00:00:01,500\n他病了。\n");
        String[] plain = run("analyze", "--model", "builtin", "--format", "json", "--transcript", ill.toString(),
                "--output", tmp.resolve("o2").toString(), HAPPY.toString());
        assertTrue(plain[1].contains("\"text_conflicts\" : 0"), plain[1]);
        String[] own = run("analyze", "--model", "builtin", "--format", "json", "--transcript", ill.toString(),
                "--rules", "+" + rules, "--output", tmp.resolve("o3").toString(), HAPPY.toString());
        assertEquals("0", own[0], own[2]);
        assertTrue(own[1].contains("\"text_conflicts\" : 1"), own[1]);
    }

    @Test
    void badTranscriptsAndMisuseAreOneLineErrors() throws Exception {
        Path srt = Files.writeString(tmp.resolve("call.srt"), SRT);
        String[] batch = run("analyze", "--model", "builtin", "--transcript", srt.toString(), HAPPY.toString(),
                HAPPY.toString());
        assertEquals(Integer.toString(ExitCodes.USAGE), batch[0]);
        assertTrue(batch[2].contains("--transcript belongs to one recording, but 2 inputs were given"), batch[2]);

        String[] rules = run("analyze", "--model", "builtin", "--rules", srt.toString(), HAPPY.toString());
        assertEquals(Integer.toString(ExitCodes.USAGE), rules[0]);
        assertTrue(rules[2].contains("--rules needs --transcript"), rules[2]);

        Path gbk = tmp.resolve("gbk.srt");
        Files.write(gbk, SRT.getBytes(Charset.forName("GBK")));
        String[] enc = run("analyze", "--model", "builtin", "--transcript", gbk.toString(), HAPPY.toString());
        assertEquals(Integer.toString(ExitCodes.USAGE), enc[0]);
        assertTrue(enc[2].contains("Line 3 of gbk.srt is not UTF-8"), enc[2]);

        Path late = Files.writeString(tmp.resolve("late.srt"), SRT + "\n2\n00:10:00,000 --> 00:10:02,000\nbye\n");
        String[] past = run("analyze", "--model", "builtin", "--transcript", late.toString(), "--output",
                tmp.resolve("late").toString(), HAPPY.toString());
        assertEquals(Integer.toString(ExitCodes.USAGE), past[0]);
        assertTrue(past[2].contains("Line 6 of late.srt ends at 00:10:02.000, past the end of the audio"), past[2]);
        assertEquals(1, past[2].strip().split("\n").length, past[2]);
        assertFalse(Files.exists(tmp.resolve("late").resolve("230_wav").resolve("result.json")),
                "no result is written for a mismatched transcript");
    }
}
