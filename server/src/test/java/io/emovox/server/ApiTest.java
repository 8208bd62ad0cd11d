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
import java.util.List;

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

    @Test
    void aSongIsNotSpeechInItsJobJsonTheListAndTheResult() throws Exception {
        // Real speech over organ chords 6 dB below it, and the same speech alone.
        Path song = io.emovox.testing.TestAudio.speechOverOrgan(tmp.resolve("song.wav"), -6, TestServer.emodbClips(3));
        HttpResponse<String> r = s.postFile("/api/v1/analyze", song);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("not_speech", JSON.readTree(r.body()).get("verdict").asText(), r.body());
        String id = r.headers().firstValue("X-Emovox-Job").orElseThrow();
        JsonNode job = JSON.readTree(s.get("/api/v1/jobs/" + id).body());
        assertEquals("not_speech", job.get("verdict").asText(), job.toString());
        assertEquals("voice_over_music", job.get("verdict_reason").asText(), job.toString());
        assertEquals("[\"voice_over_music\"]", job.get("warnings").toString());
        assertTrue(job.has("emotion") && job.has("confidence"), "the model's emotion is kept, marked unreliable");
        JsonNode listed = JSON.readTree(s.get("/api/v1/jobs?q=not_speech").body()).get("jobs");
        assertTrue(listed.findValuesAsText("id").contains(id), listed.toString());
        for (JsonNode j : listed) {
            assertEquals("not_speech", j.get("verdict").asText(), j.toString());
        }

        HttpResponse<String> speech = s.postFile("/api/v1/analyze", TestServer.emodb("03a01Wa.wav"));
        JsonNode speechJob = JSON.readTree(s.get("/api/v1/jobs/" + speech.headers().firstValue("X-Emovox-Job")
                .orElseThrow()).body());
        assertEquals("speech", speechJob.get("verdict").asText(), speechJob.toString());
        assertTrue(speechJob.get("verdict_reason").isNull(), speechJob.toString());
        assertEquals("[]", speechJob.get("warnings").toString());
    }

    @Test
    void jobsFinishedBeforeVerdictsWereStoredStayReadable() throws Exception {
        // A database as the previous release left it: schema 1 and a finished job.
        Path home = TestServer.newHome(tmp);
        Path db = ServerConfig.defaults(home).paths().database();
        Files.createDirectories(db.getParent());
        String v1;
        try (var in = io.emovox.server.db.Migrations.class.getResourceAsStream("V1__initial.sql")) {
            v1 = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String id = "0123456789abcdef0123456789abcdef";
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            for (String sql : v1.split(";\\s*\\n")) {
                if (!sql.isBlank()) {
                    st.execute(sql);
                }
            }
            st.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at "
                    + "INTEGER NOT NULL)");
            st.execute("INSERT INTO schema_version VALUES (1, 'V1__initial.sql', 0)");
            st.execute("INSERT INTO jobs(id, status, file_name, options_json, owner, created_at, finished_at, "
                    + "progress, "
                    + "duration_seconds, emotion, confidence, model) VALUES ('" + id + "', 'done', 'old.wav', "
                    + "'{\"granularity\":\"utterance\",\"embedding\":false,\"speakers\":\"none\"}', 'admin', 1, 2, 1, "
                    + "2.0, 'sad', 0.6, 'builtin')");
        }
        try (TestServer old = new TestServer(home, c -> c)) {
            JsonNode jobs = JSON.readTree(old.get("/api/v1/jobs").body()).get("jobs");
            assertEquals(1, jobs.size(), jobs.toString());
            JsonNode j = jobs.get(0);
            assertEquals("sad", j.get("emotion").asText());
            assertTrue(j.get("verdict").isNull() && j.get("verdict_reason").isNull() && j.get("warnings").isNull(),
                    "unknown, not invented: " + j);
            assertEquals(io.emovox.server.db.Migrations.latestVersion(),
                    io.emovox.server.db.Migrations.currentVersion(old.server.jobs().database()));
        }
    }

    @Test
    void batchQueuesEachGoodFileAndListsTheBadOnes() throws Exception {
        List<Path> clips = TestServer.emodbClips(3);
        List<Multipart.Part> parts = new java.util.ArrayList<>();
        for (Path c : clips) {
            parts.add(new Multipart.Part("file", c.getFileName().toString(), Files.readAllBytes(c)));
        }
        parts.add(new Multipart.Part("file", "notes.txt", "not audio at all, just words ".repeat(20).getBytes()));
        parts.add(new Multipart.Part("granularity", null, "segments".getBytes()));
        parts.add(new Multipart.Part("max_window_seconds", null, "45".getBytes()));
        HttpResponse<String> r = Multipart.post(s, "/api/v1/batch", parts);
        assertEquals(202, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals(3, body.get("jobs").size());
        assertEquals(1, body.get("rejected").size());
        assertEquals("notes.txt", body.get("rejected").get(0).get("file_name").asText());
        // The reason names the file as the client sent it, not the server's stored copy.
        String why = body.get("rejected").get(0).toString();
        assertTrue(why.contains("notes.txt is ") && !why.contains(".part"), why);
        for (JsonNode j : body.get("jobs")) {
            JsonNode done = s.awaitJob(j.get("id").asText(), java.time.Duration.ofSeconds(60));
            assertEquals("done", done.get("status").asText(), done.toString());
            assertEquals("segments", done.get("options").get("granularity").asText());
            assertEquals(45.0, done.get("options").get("max_window_seconds").asDouble());
        }
        JsonNode found = JSON.readTree(s.get("/api/v1/jobs?q=" + clips.get(1).getFileName()).body()).get("jobs");
        assertEquals(clips.get(1).getFileName().toString(), found.get(0).get("file_name").asText());
    }

    @Test
    void clusteredSpeakersAreAnOptionCheckedUpFront() throws Exception {
        Path clip = TestServer.emodb("03a01Wa.wav");
        HttpResponse<String> r = s.postFile("/api/v1/analyze?speakers=cluster", clip);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode result = JSON.readTree(r.body());
        assertTrue(result.get("segments").size() >= 1, r.body());
        result.get("segments").forEach(seg -> assertTrue(seg.get("speaker").asText().matches("speaker_[12]"),
                seg.toString()));
        String id = r.headers().firstValue("X-Emovox-Job").orElseThrow();
        assertEquals("cluster:2", JSON.readTree(s.get("/api/v1/jobs/" + id).body()).at("/options/speakers").asText());
        long before = s.server.jobs().list(null, 500, 0).size();
        for (String bad : List.of("cluster:1", "cluster:9", "clusters")) {
            HttpResponse<String> refused = s.postFile("/api/v1/analyze?speakers=" + bad, clip);
            assertEquals(400, refused.statusCode(), bad + ": " + refused.body());
            assertTrue(refused.body().contains("cluster:N"), refused.body());
        }
        assertEquals(before, s.server.jobs().list(null, 500, 0).size(), "refused requests leave no job");
    }

    @Test
    void rttmDiarizationGivesEachTurnItsSpeaker() throws Exception {
        Path clip = TestServer.emodb("03a01Wa.wav");
        byte[] audio = Files.readAllBytes(clip);
        String rttm = """
                ;; two turns of one recording, as pyannote writes them
                SPEAKER 03a01Wa 1 0.000 1.100 <NA> <NA> agent <NA> <NA>
                SPEAKER 03a01Wa 1 1.100 0.900 <NA> <NA> customer <NA> <NA>
                """;
        HttpResponse<String> r = Multipart.post(s, "/api/v1/analyze", List.of(
                new Multipart.Part("file", "03a01Wa.wav", audio),
                new Multipart.Part("rttm", "03a01Wa.rttm", rttm.getBytes())));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode result = JSON.readTree(r.body());
        List<String> speakers = new java.util.ArrayList<>();
        result.get("segments").forEach(seg -> speakers.add(seg.get("speaker").asText()));
        assertEquals(List.of("agent", "customer"), speakers, r.body());
        assertEquals(1.1, result.at("/segments/0/end").asDouble(), 1e-9);
        assertEquals(2, result.get("speakers").size());
        String id = r.headers().firstValue("X-Emovox-Job").orElseThrow();
        JsonNode job = JSON.readTree(s.get("/api/v1/jobs/" + id).body());
        assertEquals("rttm", job.at("/options/speakers").asText());
        assertFalse(job.toString().contains("SPEAKER"), "the job listing does not echo the diarization");

        long before = s.server.jobs().list(null, 500, 0).size();
        // speakers=rttm without the diarization, text that is not RTTM, and an RTTM of other files
        HttpResponse<String> missing = s.postFile("/api/v1/analyze?speakers=rttm", clip);
        assertEquals(400, missing.statusCode(), missing.body());
        assertTrue(missing.body().contains("part named 'rttm'"), missing.body());
        HttpResponse<String> garbage = Multipart.post(s, "/api/v1/analyze", List.of(
                new Multipart.Part("file", "03a01Wa.wav", audio),
                new Multipart.Part("rttm", "x.rttm", "SPEAKER 03a01Wa 1 zero 1.0 <NA> <NA> a <NA> <NA>\n".getBytes())));
        assertEquals(400, garbage.statusCode(), garbage.body());
        assertTrue(garbage.body().contains("Line 1 of the uploaded RTTM"), garbage.body());
        HttpResponse<String> other = Multipart.post(s, "/api/v1/analyze", List.of(
                new Multipart.Part("file", "03a01Wa.wav", audio),
                new Multipart.Part("rttm", "x.rttm", """
                        SPEAKER callA 1 0.0 1.0 <NA> <NA> a <NA> <NA>
                        SPEAKER callB 1 0.0 1.0 <NA> <NA> b <NA> <NA>
                        """.getBytes())));
        assertEquals(400, other.statusCode(), other.body());
        assertTrue(other.body().contains("none is named '03a01Wa'"), other.body());
        byte[] huge = "SPEAKER 03a01Wa 1 0.0 0.1 <NA> <NA> a <NA> <NA>\n".repeat(100_000).getBytes();
        HttpResponse<String> tooBig = Multipart.post(s, "/api/v1/analyze", List.of(
                new Multipart.Part("file", "03a01Wa.wav", audio), new Multipart.Part("rttm", "big.rttm", huge)));
        assertEquals(400, tooBig.statusCode(), tooBig.body());
        assertTrue(tooBig.body().contains("RTTM part is over"), tooBig.body());
        // As a text field, Jetty's own form limit refuses it first.
        HttpResponse<String> bigField = Multipart.post(s, "/api/v1/analyze", List.of(
                new Multipart.Part("file", "03a01Wa.wav", audio), new Multipart.Part("rttm", null, huge)));
        assertEquals(413, bigField.statusCode(), bigField.body());
        assertEquals(before, s.server.jobs().list(null, 500, 0).size(), "refused requests leave no job");
        try (var incoming = Files.list(s.server.config().paths().incoming())) {
            assertEquals(0, incoming.filter(f -> f.toString().endsWith(".part")).count(), "nor an upload");
        }
    }

    @Test
    void openApiDocumentIsServedAndNamesEveryRoute() throws Exception {
        HttpResponse<String> r = s.get("/api/openapi.json");
        assertEquals(200, r.statusCode());
        JsonNode paths = JSON.readTree(r.body()).get("paths");
        for (String p : List.of("/healthz", "/metrics", "/api/v1/analyze", "/api/v1/batch", "/api/v1/jobs",
                "/api/v1/jobs/{id}", "/api/v1/jobs/{id}/events", "/api/v1/jobs/{id}/result",
                "/api/v1/jobs/{id}/files/{name}", "/api/v1/jobs/{id}/pin", "/api/v1/tokens", "/api/v1/login",
                "/api/v1/jobs/{id}/review", "/api/v1/review", "/api/v1/review/{item}", "/api/v1/review/{item}/confirm",
                "/api/v1/review/{item}/correct", "/api/v1/review/{item}/undo", "/api/v1/review/export")) {
            assertTrue(paths.has(p), p);
        }
    }

    @Test
    void unknownModelAndBadOptionsAreClearErrors() throws Exception {
        Path clip = TestServer.emodb("03a01Wa.wav");
        HttpResponse<String> model = s.postFile("/api/v1/analyze?model=nope", clip);
        assertEquals(404, model.statusCode(), model.body());
        assertEquals("model_not_found", JSON.readTree(model.body()).at("/error/code").asText());
        HttpResponse<String> gran = s.postFile("/api/v1/analyze?granularity=words", clip);
        assertEquals(400, gran.statusCode(), gran.body());
        assertEquals(0, s.server.jobs().list("failed", 10, 0).size(), "refused before a job exists");
        assertEquals("invalid_argument", JSON.readTree(gran.body()).at("/error/code").asText());
        HttpResponse<String> window = s.postFile("/api/v1/analyze?max_window_seconds=900", clip);
        assertEquals(400, window.statusCode(), window.body());
        assertEquals("invalid_argument", JSON.readTree(window.body()).at("/error/code").asText());
        assertTrue(JSON.readTree(window.body()).at("/error/message").asText().contains("from 5 to 600"),
                window.body());
    }

    @Test
    void browserRecordingFormatWebmOpusIsAccepted() throws Exception {
        // What the UI's MediaRecorder uploads: webm with opus, made here from a real recording.
        Path webm = tmp.resolve("recording.webm");
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i",
                TestServer.emodb("03a01Wa.wav").toString(), "-c:a", "libopus", "-b:a", "32k", webm.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        HttpResponse<String> r = Multipart.post(s, "/api/v1/analyze",
                List.of(new Multipart.Part("file", "recording.webm", Files.readAllBytes(webm))));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode result = JSON.readTree(r.body());
        assertEquals("opus", result.at("/input/codec").asText(), r.body());
        assertEquals(2.0, result.get("duration").asDouble(), 0.1);
    }
}
