package io.emovox.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.model.builtin.BuiltinModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an API caller sees of a job while it runs (SSE progress that follows the stages, at a
 * bounded rate, with an ETA), the job list's total for paging, and messages that speak the API's
 * language: sizes in MB, options by their API names.
 */
class ProgressAndMessagesTest {
    @TempDir
    static Path tmp;
    static TestServer builtin;
    static TestServer small;
    static Path longWav;

    @BeforeAll
    static void start() throws Exception {
        // 2.5 minutes of real speech: EmoDB clips one after another.
        longWav = WavFiles.concat(TestServer.emodbClips(80), 150, tmp.resolve("long-150s.wav"));
        builtin = new TestServer(TestServer.newHome(tmp), c -> c.withSyncMaxSeconds(10), BuiltinModel.load());
        small = new TestServer(TestServer.newHome(tmp), c -> c.withLimits(c.limits().withMaxUploadBytes(1L << 20)));
    }

    @AfterAll
    static void stop() {
        builtin.close();
        builtin.model.close();
        small.close();
    }

    record Event(String type, JsonNode data, long nanos) {}

    @Test
    void serverSentEventsFollowEachStageAtABoundedRateWithAnEta() throws Exception {
        HttpResponse<String> accepted = builtin.postFile("/api/v1/analyze?granularity=frame", longWav);
        assertEquals(202, accepted.statusCode(), accepted.body());
        String id = ApiTest.JSON.readTree(accepted.body()).get("id").asText();
        long t0 = System.nanoTime();
        HttpResponse<Stream<String>> sse = builtin.http.send(builtin.request("/api/v1/jobs/" + id + "/events")
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(300)).build(),
                HttpResponse.BodyHandlers.ofLines());
        List<Event> events = new ArrayList<>();
        String type = null;
        for (String line : (Iterable<String>) sse.body()::iterator) {
            if (line.startsWith("event: ")) {
                type = line.substring(7);
            } else if (line.startsWith("data: ")) {
                events.add(new Event(type, ApiTest.JSON.readTree(line.substring(6)), System.nanoTime()));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals("done", events.get(events.size() - 1).type(), events.toString());
        List<JsonNode> progress = events.stream().filter(e -> "progress".equals(e.type()))
                .map(Event::data).filter(d -> "running".equals(d.get("status").asText())).toList();
        Set<String> stages = new LinkedHashSet<>();
        progress.forEach(p -> stages.add(p.get("stage").asText()));
        assertEquals(List.of("decoding", "scoring", "writing"), List.copyOf(stages), progress.toString());
        for (int i = 1; i < progress.size(); i++) {
            JsonNode a = progress.get(i - 1);
            JsonNode b = progress.get(i);
            assertTrue(b.get("progress").asDouble() >= a.get("progress").asDouble(), "monotone: " + progress);
            // Within a stage, steps of at least 0.5% (after the queue's "started" state at 0).
            if (a.get("stage").equals(b.get("stage")) && a.get("progress").asDouble() > 0) {
                assertTrue(b.get("progress").asDouble() - a.get("progress").asDouble() >= 0.005 - 1e-9,
                        "steps of at least 0.5%: " + a + " then " + b);
            }
        }
        long scoring = progress.stream().filter(p -> p.get("stage").asText().equals("scoring"))
                .map(p -> p.get("stage_progress").asDouble()).distinct().count();
        assertTrue(scoring >= 4, "distinct scoring values: " + scoring + " in " + progress);
        // At most 4 a second, plus one per stage change (and the state sent on subscribing).
        assertTrue(progress.size() <= 4 * seconds + 5, progress.size() + " events in " + seconds + " s");
        assertTrue(progress.stream().anyMatch(p -> p.get("eta_seconds").isNumber()), progress.toString());
        System.out.printf("SSE: %d progress events in %.1f s, %d distinct scoring values%n", progress.size(), seconds,
                scoring);
    }

    @Test
    void theJobListSaysHowManyMatchForPaging() throws Exception {
        for (String clip : List.of("03a01Wa.wav", "03a01Fa.wav", "03a01Nc.wav", "03a02Wb.wav", "03a04Ad.wav")) {
            assertEquals(200, small.postFile("/api/v1/analyze", TestServer.emodb(clip)).statusCode(), clip);
        }
        JsonNode first = ApiTest.JSON.readTree(small.get("/api/v1/jobs?limit=2").body());
        assertEquals(2, first.get("jobs").size());
        assertTrue(first.get("total").asLong() >= 5, first.toString());
        long total = first.get("total").asLong();
        JsonNode last = ApiTest.JSON.readTree(small.get("/api/v1/jobs?limit=2&offset=" + (total - 1)).body());
        assertEquals(1, last.get("jobs").size());
        assertEquals(total, last.get("total").asLong());
        JsonNode search = ApiTest.JSON.readTree(small.get("/api/v1/jobs?limit=1&q=03a01").body());
        assertEquals(3, search.get("total").asLong(), search.toString());
        assertEquals(1, search.get("jobs").size());
    }

    @Test
    void messagesNameSizesInMegabytesAndOptionsByTheirApiNames() throws Exception {
        assertTrue(Files.size(longWav) > (1L << 20));
        HttpResponse<String> big = small.postFile("/api/v1/analyze", longWav);
        assertEquals(413, big.statusCode(), big.body());
        String message = ApiTest.JSON.readTree(big.body()).at("/error/message").asText();
        assertTrue(message.contains("limit of 1 MB"), message);
        assertFalse(message.contains("bytes"), message);

        HttpResponse<String> mono = small.postFile("/api/v1/analyze?speakers=channels",
                TestServer.emodb("03a02Fc.wav"));
        assertEquals(400, mono.statusCode(), mono.body());
        String monoMessage = ApiTest.JSON.readTree(mono.body()).at("/error/message").asText();
        assertTrue(monoMessage.contains("1 channel"), monoMessage);
        assertFalse(monoMessage.contains("--"), "an API caller sent no command-line flag: " + monoMessage);
    }
}
