package io.emovox.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.server.db.Database;
import io.emovox.server.jobs.JobRecord;
import io.emovox.server.jobs.JobStatus;
import io.emovox.server.jobs.JobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 in the middle of a job: the server runs in its own JVM, is killed with
 * destroyForcibly() while a long job runs, and restarted on the same home. The interrupted job
 * must be resumed (or marked failed, never lost) and every earlier result must be intact.
 */
class CrashRecoveryTest {
    @TempDir
    Path tmp;

    @Test
    void killDuringAJobThenRestartResumesItAndKeepsEarlierResults() throws Exception {
        Path home = TestServer.newHome(tmp);
        Path longWav = WavFiles.concat(TestServer.emodbClips(20), 40, tmp.resolve("long.wav"));
        ServerProcess first = ServerProcess.launch(tmp, home, 300);
        Map<String, byte[]> earlier = new LinkedHashMap<>();
        try {
            for (Path clip : TestServer.emodbClips(3)) {
                HttpResponse<byte[]> r = first.send("/api/v1/analyze", HttpRequest.BodyPublishers.ofFile(clip),
                        clip.getFileName().toString());
                assertEquals(200, r.statusCode(), new String(r.body()));
                earlier.put(r.headers().firstValue("X-Emovox-Job").orElseThrow(), r.body());
            }
            HttpResponse<byte[]> accepted = first.send("/api/v1/analyze?async=true&granularity=frame",
                    HttpRequest.BodyPublishers.ofFile(longWav), "long.wav");
            assertEquals(202, accepted.statusCode());
            String id = ApiTest.JSON.readTree(accepted.body()).get("id").asText();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            JsonNode j;
            do {
                Thread.sleep(50);
                j = first.job(id);
                assertTrue(System.nanoTime() < end, "the job never started: " + j);
            } while (!(j.get("status").asText().equals("running") && j.get("stage").asText("").equals("scoring")));

            first.kill();

            try (Database db = Database.open(home.resolve("server/emovox.db"))) {
                JobRecord killed = new JobStore(db).get(id).orElseThrow();
                assertEquals(JobStatus.RUNNING, killed.status(), "killed mid-job");
            }

            ServerProcess second = ServerProcess.launch(tmp, home, 0);
            try {
                JsonNode resumed = null;
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < until) {
                    resumed = second.job(id);
                    if (resumed.get("status").asText().matches("done|failed")) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertEquals("done", resumed.get("status").asText(), resumed.toString());
                assertEquals(2, resumed.get("attempts").asInt());
                JsonNode result = ApiTest.JSON.readTree(second.send("/api/v1/jobs/" + id + "/result", null,
                        null).body());
                assertTrue(result.path("frames").path("count").asInt() > 1000);

                for (Map.Entry<String, byte[]> e : earlier.entrySet()) {
                    assertEquals("done", second.job(e.getKey()).get("status").asText());
                    HttpResponse<byte[]> again = second.send("/api/v1/jobs/" + e.getKey() + "/result", null, null);
                    assertEquals(200, again.statusCode());
                    assertArrayEquals(e.getValue(), again.body(), "earlier result changed");
                }
                JsonNode list = ApiTest.JSON.readTree(second.send("/api/v1/jobs", null, null).body());
                assertEquals(4, list.get("jobs").size());
            } finally {
                second.process().destroy();
                second.process().waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            first.process().destroyForcibly();
        }
    }
}
