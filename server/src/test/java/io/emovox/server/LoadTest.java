package io.emovox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bounded loopback load test: 40 real recordings (EmoDB and CASIA) uploaded at once. Every one
 * must be answered with its result, and every job must be in the database, done.
 */
class LoadTest {
    @TempDir
    Path tmp;

    @Test
    void fortyConcurrentUploadsAllSucceedAndNoJobIsLost() throws Exception {
        List<Path> clips = new ArrayList<>(TestServer.emodbClips(20));
        try (Stream<Path> w = Files.walk(TestServer.DATA.resolve("casia"))) {
            w.filter(p -> p.toString().endsWith(".wav")).sorted().limit(20).forEach(clips::add);
        }
        assertEquals(40, clips.size());
        try (TestServer s = new TestServer(TestServer.newHome(tmp), c -> c.withLimits(c.limits()
                .withWorkers(2).withMaxQueued(40).withRequestsPerMinute(1000)))) {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (Path clip : clips) {
                calls.add(s.http.sendAsync(s.request("/api/v1/analyze").header("X-Filename",
                        clip.getFileName().toString())
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(clip)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < calls.size(); i++) {
                HttpResponse<String> r = calls.get(i).join();
                assertEquals(200, r.statusCode(), clips.get(i) + ": " + r.body());
                JsonNode result = ApiTest.JSON.readTree(r.body());
                assertEquals(9, result.get("scores").size());
                assertTrue(result.get("input").get("file").asText().endsWith(clips.get(i).getFileName().toString()));
                ids.add(r.headers().firstValue("X-Emovox-Job").orElseThrow());
            }
            assertEquals(40, ids.size());
            assertEquals(40, s.server.jobs().count());
            JsonNode list = ApiTest.JSON.readTree(s.get("/api/v1/jobs?limit=100").body());
            assertEquals(40, list.get("jobs").size());
            for (JsonNode j : list.get("jobs")) {
                assertEquals("done", j.get("status").asText(), j.toString());
                assertTrue(ids.contains(j.get("id").asText()));
            }
            String metrics = s.get("/metrics").body();
            assertTrue(metrics.contains("emovox_jobs_total{status=\"done\"} 40"), metrics);
            assertTrue(metrics.contains("emovox_jobs_total{status=\"failed\"} 0"), metrics);
        }
    }
}
