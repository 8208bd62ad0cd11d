package io.emovox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emovox.analysis.AnalysisOptions;
import io.emovox.analysis.AnalysisResult;
import io.emovox.analysis.Analyzer;
import io.emovox.analysis.Granularity;
import io.emovox.analysis.ProgressListener;
import io.emovox.analysis.SegmentResult;
import io.emovox.audio.AudioDecoder;
import io.emovox.model.builtin.BuiltinModel;
import io.emovox.testing.TestAudio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code emovox listen} on a live (piped, paced) stream of real speech, against analyze's segments. */
class ListenCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    static BuiltinModel model;
    static Path call;
    static int firstClipEndByte;

    @BeforeAll
    static void setUp() throws Exception {
        model = BuiltinModel.load();
        // Three real clips with 1.5 s of silence after each: a call with three turns.
        AudioDecoder decoder = new AudioDecoder();
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        for (Path clip : TestAudio.manifestSample("casia", 3)) {
            float[] s = decoder.decode(clip).samples();
            parts.add(s);
            parts.add(new float[24_000]);
            total += s.length + 24_000;
        }
        float[] all = new float[total];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        firstClipEndByte = 44 + 2 * (parts.get(0).length + parts.get(1).length);
        call = tmp.resolve("call.wav");
        TestAudio.writeWav(call, 16_000, all);
    }

    @AfterAll
    static void tearDown() {
        model.close();
    }

    record Run(int exit, String out, String err) {}

    static Run listen(InputStream stdin, StringWriter out, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ListenCommand(name -> BuiltinModel.load(), stdin));
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void segmentsArePrintedWhileTheStreamIsStillOpenAndMatchAnalyze() throws Exception {
        byte[] wav = Files.readAllBytes(call);
        PipedInputStream stdin = new PipedInputStream(1 << 16);
        PipedOutputStream feed = new PipedOutputStream(stdin);
        StringWriter out = new StringWriter();
        AtomicBoolean firstBeforeEnd = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try (feed) {
                int pos = 0;
                boolean waited = false;
                while (pos < wav.length) {
                    int n = Math.min(3200, wav.length - pos); // 0.1 s per chunk
                    feed.write(wav, pos, n);
                    feed.flush();
                    pos += n;
                    if (pos >= firstClipEndByte && !waited) {
                        waited = true;
                        // Hold the rest back until the first turn's result is out: it must not need the end.
                        long deadline = System.currentTimeMillis() + 30_000;
                        while (out.toString().isEmpty() && System.currentTimeMillis() < deadline) {
                            Thread.sleep(20);
                        }
                        firstBeforeEnd.set(!out.toString().isEmpty());
                    }
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "live-feed");
        writer.start();
        Run run = listen(stdin, out, "--format", "jsonl", "-");
        writer.join();
        assertEquals(ExitCodes.OK, run.exit(), run.err());
        assertTrue(firstBeforeEnd.get(), "the first turn's result came only after the stream ended");
        assertTrue(run.err().contains("3 speech segments"), run.err());

        List<JsonNode> live = new ArrayList<>();
        for (String line : run.out().strip().split("\n")) {
            live.add(JSON.readTree(line));
        }
        try (Analyzer analyzer = new Analyzer(model);
             AnalysisResult r = analyzer.analyze(call, AnalysisOptions.DEFAULT.withGranularity(Granularity.SEGMENTS),
                     ProgressListener.NONE)) {
            assertEquals(r.segments().size(), live.size(), run.out());
            for (int i = 0; i < live.size(); i++) {
                SegmentResult s = r.segments().get(i);
                JsonNode l = live.get(i);
                assertEquals(s.startSeconds(), l.get("start").asDouble(), 1e-9);
                assertEquals(s.endSeconds(), l.get("end").asDouble(), 1e-9);
                assertEquals(s.verdict().emotion().key(), l.get("emotion").asText());
                assertEquals(s.verdict().confidence(), l.get("confidence").floatValue(), 1e-4f);
            }
        }
    }

    @Test
    void tableLinesAndClearErrors() throws Exception {
        StringWriter out = new StringWriter();
        Run table = listen(InputStream.nullInputStream(), out, call.toString());
        assertEquals(ExitCodes.OK, table.exit(), table.err());
        assertEquals(3, table.out().strip().split("\n").length, table.out());
        assertTrue(table.out().matches("(?s)0:0\\d\\.\\d-0:0\\d\\.\\d  \\S+ [a-z]+ +\\d+\\.\\d%.*"), table.out());

        Run notWav = listen(new ByteArrayInputStream("hello, not audio at all".getBytes()), new StringWriter(), "-");
        assertEquals(ExitCodes.BAD_INPUT, notWav.exit(), notWav.err());
        assertTrue(notWav.err().contains("not WAV") && notWav.err().contains("--raw"), notWav.err());
        Run badRaw = listen(InputStream.nullInputStream(), new StringWriter(), "--raw", "fast", "-");
        assertEquals(ExitCodes.USAGE, badRaw.exit(), badRaw.err());
        Run missing = listen(InputStream.nullInputStream(), new StringWriter(), tmp.resolve("none.wav").toString());
        assertEquals(ExitCodes.IO, missing.exit(), missing.err());
        for (Run r : List.of(notWav, badRaw, missing)) {
            assertFalse(r.err().contains("at io.emovox"), "no stack trace: " + r.err());
        }

        // Raw PCM at 48 kHz stereo (both channels the same): resampled and mixed to the same turns.
        float[] mono = new AudioDecoder().decode(call).samples();
        byte[] raw = new byte[mono.length * 3 * 2 * 2];
        int at = 0;
        float[] up = upsample3(mono);
        for (float v : up) {
            short s = (short) Math.max(-32768, Math.min(32767, Math.round(v * 32768)));
            for (int c = 0; c < 2; c++) {
                raw[at++] = (byte) s;
                raw[at++] = (byte) (s >> 8);
            }
        }
        Run fromRaw = listen(new ByteArrayInputStream(raw, 0, at), new StringWriter(), "--raw", "48000:2", "-");
        assertEquals(ExitCodes.OK, fromRaw.exit(), fromRaw.err());
        assertTrue(fromRaw.err().contains("3 speech segments"), fromRaw.err());
    }

    @Test
    void stoppingTheProcessStillScoresTheTurnInProgress() throws Exception {
        // A child emovox listening to a live WAV stream that stops in the middle of speech, the way
        // Ctrl-C stops "arecord | emovox listen -": SIGTERM, and the pipe closes.
        float[] speech = new AudioDecoder().decode(TestAudio.manifestSample("casia", 1).get(0)).samples();
        java.io.ByteArrayOutputStream wav = new java.io.ByteArrayOutputStream();
        java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(44).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes()).putInt(-1).put("WAVEfmt ".getBytes()).putInt(16).putShort((short) 1)
                .putShort((short) 1).putInt(16_000).putInt(32_000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(-1); // streaming: sizes unknown
        wav.writeBytes(h.array());
        for (float v : speech) {
            short x = (short) Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
            wav.write(x & 0xff);
            wav.write((x >> 8) & 0xff);
        }
        ProcessBuilder pb = new ProcessBuilder(io.emovox.testing.ChildJvm.java(), "-Xmx1g", "-cp",
                io.emovox.testing.ChildJvm.pathingJar(tmp).toString(), EmovoxCli.class.getName(),
                "listen", "--model", "builtin", "--format", "jsonl", "-");
        pb.environment().put("EMOVOX_HOME", tmp.resolve("home").toString());
        Process p = pb.start();
        StringBuffer err = new StringBuffer();
        Thread errReader = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    err.append(line).append('\n');
                }
            } catch (java.io.IOException e) {
                err.append(e);
            }
        });
        errReader.start();
        // The header first (the child reads it before it listens); only once the child listens (JVM
        // started, models loaded, stop hook in place) does the turn go in.
        byte[] bytes = wav.toByteArray();
        java.io.OutputStream stdin = p.getOutputStream();
        stdin.write(bytes, 0, 44);
        stdin.flush();
        long deadline = System.currentTimeMillis() + 60_000;
        while (!err.toString().contains("listening") && p.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(err.toString().contains("listening"), "the child did not start: " + err);
        stdin.write(bytes, 44, bytes.length - 44); // returns once the child has read all but a pipe buffer
        stdin.flush();
        Thread.sleep(1500); // the child has taken the turn in; its segment is still open
        // SIGTERM, which runs the shutdown hooks as Ctrl-C's SIGINT does (Process.destroy would also
        // close our ends of the child's pipes, so the signal is sent with kill).
        assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor());
        Thread.sleep(200);
        stdin.close();      // and the recorder on the other end of the pipe is gone too
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the child did not stop");
        errReader.join();
        assertFalse(out.isBlank(), "the turn in progress was lost; err: " + err);
        assertEquals(1, out.strip().split("\n").length, "out: " + out + "\nerr: " + err);
        JsonNode turn = JSON.readTree(out.strip());
        assertTrue(turn.get("end").asDouble() > 1.0, out);
        assertTrue(err.toString().contains("1 speech segments"), err.toString());
    }

    /** Linear interpolation to 3x the rate: speech stays speech for the detector. */
    private static float[] upsample3(float[] x) {
        float[] y = new float[x.length * 3];
        for (int i = 0; i < x.length; i++) {
            float next = i + 1 < x.length ? x[i + 1] : x[i];
            for (int k = 0; k < 3; k++) {
                y[3 * i + k] = x[i] + (next - x[i]) * k / 3f;
            }
        }
        return y;
    }
}
