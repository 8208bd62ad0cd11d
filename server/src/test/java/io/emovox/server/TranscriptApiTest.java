package io.emovox.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emovox.model.builtin.BuiltinModel;
import io.emovox.server.jobs.JobOptions;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /api/v1/analyze with a multipart part {@code transcript}: real HTTP, the built-in model, a
 * real CASIA clip the model hears as confidently happy, and a bereavement transcript.
 */
class TranscriptApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path HAPPY = TestServer.DATA.resolve("casia/liuchanhg/happy/230.wav");
    static final String SRT = "1\n00:00:00,000 --> 00:00:01,500\n我爸爸昨天去世了，下周办葬礼。\n";
    @TempDir
    static Path tmp;
    static TestServer s;
    static BuiltinModel model;

    @BeforeAll
    static void start() throws Exception {
        model = BuiltinModel.load();
        s = new TestServer(TestServer.newHome(tmp), c -> c, model);
    }

    @AfterAll
    static void stop() {
        s.close();
        model.close();
    }

    private static HttpResponse<String> post(String path, String name, byte[] transcript) throws Exception {
        return Multipart.post(s, path, List.of(new Multipart.Part("file", "230.wav", Files.readAllBytes(HAPPY)),
                new Multipart.Part("transcript", name, transcript)));
    }

    @Test
    void segmentsCarryTheTextAndTheConflictIsCounted() throws Exception {
        HttpResponse<String> r = post("/api/v1/analyze?granularity=segments", "call.srt",
                SRT.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode result = JSON.readTree(r.body());
        JsonNode seg = result.get("segments").get(0);
        assertEquals("我爸爸昨天去世了，下周办葬礼。", seg.get("text").asText(), r.body());
        assertEquals("happy", seg.get("emotion").asText(), "the premise: the model hears happiness");
        assertFalse(seg.get("uncertain").asBoolean(), "the premise: the model is confident");
        assertEquals("sad", seg.at("/text_conflict/text_emotion").asText(), r.body());
        assertEquals("[\"去世\",\"葬礼\"]", seg.at("/text_conflict/words").toString());
        assertEquals(1, result.get("text_conflicts").asInt());
        assertEquals("call.srt", result.at("/transcript/file").asText());

        String id = r.headers().firstValue("X-Emovox-Job").orElseThrow();
        assertEquals(SRT, Files.readString(s.server.config().paths().job(id).resolve(JobOptions.TRANSCRIPT_FILE)),
                "the transcript is kept in the job's folder");
        JsonNode job = JSON.readTree(s.get("/api/v1/jobs/" + id).body());
        assertEquals("call.srt", job.at("/options/transcript").asText(), job.toString());
    }

    @Test
    void whisperJsonOverTheWholeRecording() throws Exception {
        String whisper = "{\"text\": \"x\", \"segments\": [{\"start\": 0.2, \"end\": 1.4, "
                + "\"text\": \" Grandma passed away, the funeral is Monday.\"}]}";
        HttpResponse<String> r = post("/api/v1/analyze", "call.json", whisper.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode result = JSON.readTree(r.body());
        assertEquals("Grandma passed away, the funeral is Monday.", result.get("text").asText());
        assertEquals("happy", result.at("/text_conflict/voice_emotion").asText(), r.body());
        assertEquals(1, result.get("text_conflicts").asInt());
    }

    @Test
    void badTranscriptsAreRefusedNamingTheLineAndLeaveNoJob() throws Exception {
        long before = s.server.jobs().list(null, 500, 0).size();
        HttpResponse<String> backwards = post("/api/v1/analyze", "bad.srt",
                "1\n00:00:01,000 --> 00:00:00,500\nx\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, backwards.statusCode(), backwards.body());
        assertTrue(backwards.body().contains("Line 2 of bad.srt ends (00:00:00,500) before it starts"),
                backwards.body());
        HttpResponse<String> late = post("/api/v1/analyze", "late.srt",
                (SRT + "\n2\n00:05:00,000 --> 00:05:01,000\nbye\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(400, late.statusCode(), late.body());
        assertTrue(late.body().contains("Line 6 of late.srt ends at 00:05:01.000, past the end of the audio"),
                late.body());
        HttpResponse<String> gbk = post("/api/v1/analyze", "gbk.srt", SRT.getBytes("GBK"));
        assertEquals(400, gbk.statusCode(), gbk.body());
        assertTrue(gbk.body().contains("not UTF-8"), gbk.body());
        HttpResponse<String> batch = post("/api/v1/batch", "call.srt", SRT.getBytes(StandardCharsets.UTF_8));
        assertEquals(400, batch.statusCode(), batch.body());
        assertTrue(batch.body().contains("A transcript belongs to one recording"), batch.body());
        assertEquals(before, s.server.jobs().list(null, 500, 0).size(), "refused requests leave no job");
    }
}
