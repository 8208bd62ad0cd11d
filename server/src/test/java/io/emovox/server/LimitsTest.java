package io.emovox.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.testing.FixtureModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each limit answers with its own status and a JSON error, and a refused upload leaves nothing behind. */
class LimitsTest {
    @TempDir
    static Path tmp;
    static TestServer limited;
    static TestServer slow;
    static Path longWav;

    @BeforeAll
    static void start() throws Exception {
        longWav = WavFiles.concat(TestServer.emodbClips(20), 40, tmp.resolve("long-40s.wav"));
        limited = new TestServer(TestServer.newHome(tmp), c -> c.withLimits(c.limits()
                .withMaxUploadBytes(120_000).withMaxDurationSeconds(1.5).withRequestsPerMinute(8)));
        slow = new TestServer(TestServer.newHome(tmp), c -> c.withSyncMaxSeconds(10)
                .withLimits(c.limits().withWorkers(1).withMaxQueued(0)),
                new SlowModel(FixtureModel.withFrames(16_000 * 10), 250));
    }

    @AfterAll
    static void stop() {
        limited.close();
        slow.close();
    }

    private static void assertError(HttpResponse<String> r, int status, String code) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode err = ApiTest.JSON.readTree(r.body()).path("error");
        assertEquals(code, err.path("code").asText(), r.body());
        assertTrue(err.path("message").asText().length() > 10, r.body());
    }

    @Test
    void oversizedUploadsGet413AndLeaveNothing() throws Exception {
        assertTrue(Files.size(longWav) > 120_000);
        String before = limited.footprint();
        assertError(limited.postFile("/api/v1/analyze", longWav), 413, "too_large");
        assertError(Multipart.post(limited, "/api/v1/analyze",
                List.of(new Multipart.Part("file", "long.wav", Files.readAllBytes(longWav)))), 413, "too_large");
        // Chunked upload without a Content-Length: refused while streaming.
        HttpResponse<String> chunked = limited.http.send(limited.request("/api/v1/analyze")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return Files.newInputStream(longWav);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })).build(), HttpResponse.BodyHandlers.ofString());
        assertError(chunked, 413, "too_large");
        assertEquals(before, limited.footprint());
        assertEquals("jobs=0 jobDirs=0 incoming=0", limited.footprint());
    }

    @Test
    void overLongAudioGets422AndLeavesNothing() throws Exception {
        String before = limited.footprint();
        assertError(limited.postFile("/api/v1/analyze", TestServer.emodb("03a01Wa.wav")), 422, "too_long");
        assertEquals(before, limited.footprint());
    }

    @Test
    void emptyAndNonAudioUploadsGet422() throws Exception {
        HttpResponse<String> empty = limited.http.send(limited.request("/api/v1/analyze")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(422, empty.statusCode(), empty.body());
        HttpResponse<String> text = limited.http.send(limited.request("/api/v1/analyze")
                .POST(HttpRequest.BodyPublishers.ofString("hello, this is not audio at all ".repeat(40))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(422, text.statusCode(), text.body());
        assertEquals("jobs=0 jobDirs=0 incoming=0", limited.footprint());
    }

    @Test
    void tooManyRequestsForOneTokenGet429() throws Exception {
        String token = limited.server.auth().createToken("burst");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> r = limited.http.send(
                    HttpRequest.newBuilder(java.net.URI.create(limited.url("/api/v1/jobs")))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            statuses.add(r.statusCode());
            if (r.statusCode() == 429) {
                assertError(r, 429, "rate_limited");
                assertTrue(r.headers().firstValue("Retry-After").isPresent());
            }
        }
        assertEquals(8, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(4, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
        // Another token has its own bucket.
        assertEquals(200, limited.get("/api/v1/models").statusCode());
    }

    @Test
    void fullQueueGets503AndLongAudioGetsAJobWithProgressEvents() throws Exception {
        HttpResponse<String> accepted = slow.postFile("/api/v1/analyze?granularity=frame", longWav);
        assertEquals(202, accepted.statusCode(), accepted.body());
        JsonNode job = ApiTest.JSON.readTree(accepted.body());
        String id = job.get("id").asText();
        assertEquals("/api/v1/jobs/" + id, accepted.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> busy = slow.postFile("/api/v1/analyze", TestServer.emodb("03a01Wa.wav"));
        assertError(busy, 503, "busy");
        assertEquals("10", busy.headers().firstValue("Retry-After").orElse(""), "a 503 says when to retry");
        // The health check answers while the worker is busy.
        long t0 = System.nanoTime();
        assertEquals(200, slow.get("/healthz").statusCode());
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L);

        HttpResponse<Stream<String>> sse = slow.http.send(slow.request("/api/v1/jobs/" + id + "/events")
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, sse.statusCode());
        List<String> events = new ArrayList<>();
        List<Double> progress = new ArrayList<>();
        String last = null;
        for (String line : (Iterable<String>) sse.body()::iterator) {
            if (line.startsWith("event: ")) {
                last = line.substring(7);
                events.add(last);
            } else if (line.startsWith("data: ") && "progress".equals(last)) {
                progress.add(ApiTest.JSON.readTree(line.substring(6)).get("progress").asDouble());
            }
        }
        assertEquals("done", events.get(events.size() - 1), events.toString());
        assertTrue(progress.size() >= 2, progress.toString());
        JsonNode done = slow.awaitJob(id, Duration.ofSeconds(30));
        assertEquals("done", done.get("status").asText());
        assertEquals(40.0, done.get("duration_seconds").asDouble(), 0.5);
        JsonNode result = ApiTest.JSON.readTree(slow.get("/api/v1/jobs/" + id + "/result").body());
        assertEquals("frame", result.get("granularity").asText());
        assertTrue(result.path("frames").path("count").asInt() > 1000, "a 50 Hz timeline over 40 s");
        // The queue has room again.
        assertEquals(200, slow.postFile("/api/v1/analyze", TestServer.emodb("03a01Wa.wav")).statusCode());
    }
}
