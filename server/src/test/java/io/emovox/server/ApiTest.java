package io.emovox.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST API end to end over real HTTP, with the real analysis core and the fixture model. */
class ApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer(TestServer.newHome(tmp), c -> c);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void healthAnswersWithoutAuthAndRevealsNothing() throws Exception {
        HttpResponse<String> r = s.http.send(HttpRequest.newBuilder(java.net.URI.create(s.url("/healthz"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("{\"status\":\"ok\"}", r.body());
    }

    @Test
    void firstStartPrintsTheAdminPasswordOnceAndStoresOnlyItsHash() throws Exception {
        assertNotNull(s.adminPassword, s.notices);
        byte[] db = Files.readAllBytes(s.server.config().paths().database());
        assertFalse(new String(db, java.nio.charset.StandardCharsets.ISO_8859_1).contains(s.adminPassword));
        assertTrue(s.server.auth().checkPassword("admin", s.adminPassword));
        assertFalse(s.server.auth().checkPassword("admin", s.adminPassword + "x"));
    }

    @Test
    void shortRecordingIsAnsweredWithTheResultAndKeptAsAJob() throws Exception {
        Path clip = TestServer.emodb("03a01Wa.wav");
        HttpResponse<String> r = s.postFile("/api/v1/analyze?embedding=true", clip);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode result = JSON.readTree(r.body());
        assertTrue(result.has("emotion"), r.body());
        assertEquals(9, result.get("scores").size());
        assertEquals("fixture-frames", result.path("model").path("name").asText(), r.body());
        String id = r.headers().firstValue("X-Emovox-Job").orElseThrow();

        JsonNode job = JSON.readTree(s.get("/api/v1/jobs/" + id).body());
        assertEquals("done", job.get("status").asText());
        assertEquals(result.get("emotion").asText(), job.get("emotion").asText());
        assertEquals("03a01Wa.wav", job.get("file_name").asText());

        HttpResponse<byte[]> npy = s.http.send(s.request("/api/v1/jobs/" + id + "/files/embedding.npy").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, npy.statusCode());
        assertEquals((byte) 0x93, npy.body()[0]);
        HttpResponse<byte[]> wav = s.http.send(s.request("/api/v1/jobs/" + id + "/files/processed_audio.wav").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, wav.statusCode());
        assertEquals("RIFF", new String(wav.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(r.body(), s.get("/api/v1/jobs/" + id + "/result").body());
    }
}
