package io.emovox.server;

import io.emovox.testing.ChildJvm;
import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.server.db.Database;
import io.emovox.server.jobs.JobRecord;
import io.emovox.server.jobs.JobStatus;
import io.emovox.server.jobs.JobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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
    final HttpClient http = HttpClient.newHttpClient();

    record Running(Process process, String base, String token) {}

    private Running launch(Path home, long delayMillis) throws Exception {
        Path info = tmp.resolve("info-" + System.nanoTime());
        String java = ChildJvm.java();
        Path log = tmp.resolve("server-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", ChildJvm.pathingJar(tmp).toString(),
                ServerProcessMain.class.getName(), home.toString(), info.toString(), Long.toString(delayMillis))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(info)) {
            if (!p.isAlive()) {
                throw new AssertionError("The server process died at start (exit " + p.waitFor() + ", class path "
                        + System.getProperty("java.class.path") + "):\n" + Files.readString(log));
            }
            assertTrue(System.nanoTime() < end, "the server process did not start in 60 s");
            Thread.sleep(100);
        }
        String[] portToken = Files.readString(info).split(" ");
        return new Running(p, "http://127.0.0.1:" + portToken[0], portToken[1]);
    }


    private HttpResponse<byte[]> send(Running r, String path, HttpRequest.BodyPublisher body, String name) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(r.base() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + r.token());
        if (body != null) {
            b.header("X-Filename", name).POST(body);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode job(Running r, String id) throws Exception {
        return ApiTest.JSON.readTree(send(r, "/api/v1/jobs/" + id, null, null).body());
    }

    @Test
    void killDuringAJobThenRestartResumesItAndKeepsEarlierResults() throws Exception {
        Path home = TestServer.newHome(tmp);
        Path longWav = WavFiles.concat(TestServer.emodbClips(20), 40, tmp.resolve("long.wav"));
        Running first = launch(home, 300);
        Map<String, byte[]> earlier = new LinkedHashMap<>();
        try {
            for (Path clip : TestServer.emodbClips(3)) {
                HttpResponse<byte[]> r = send(first, "/api/v1/analyze", HttpRequest.BodyPublishers.ofFile(clip),
                        clip.getFileName().toString());
                assertEquals(200, r.statusCode(), new String(r.body()));
                earlier.put(r.headers().firstValue("X-Emovox-Job").orElseThrow(), r.body());
            }
            HttpResponse<byte[]> accepted = send(first, "/api/v1/analyze?async=true&granularity=frame",
                    HttpRequest.BodyPublishers.ofFile(longWav), "long.wav");
            assertEquals(202, accepted.statusCode());
            String id = ApiTest.JSON.readTree(accepted.body()).get("id").asText();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            JsonNode j;
            do {
                Thread.sleep(50);
                j = job(first, id);
                assertTrue(System.nanoTime() < end, "the job never started: " + j);
            } while (!(j.get("status").asText().equals("running") && j.get("stage").asText("").equals("scoring")));

            first.process().destroyForcibly();
            assertTrue(first.process().waitFor(30, TimeUnit.SECONDS));

            try (Database db = Database.open(home.resolve("server/emovox.db"))) {
                JobRecord killed = new JobStore(db).get(id).orElseThrow();
                assertEquals(JobStatus.RUNNING, killed.status(), "killed mid-job");
            }

            Running second = launch(home, 0);
            try {
                JsonNode resumed = null;
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < until) {
                    resumed = job(second, id);
                    if (resumed.get("status").asText().matches("done|failed")) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertEquals("done", resumed.get("status").asText(), resumed.toString());
                assertEquals(2, resumed.get("attempts").asInt());
                JsonNode result = ApiTest.JSON.readTree(send(second, "/api/v1/jobs/" + id + "/result", null, null).body());
                assertTrue(result.path("frames").path("count").asInt() > 1000);

                for (Map.Entry<String, byte[]> e : earlier.entrySet()) {
                    assertEquals("done", job(second, e.getKey()).get("status").asText());
                    HttpResponse<byte[]> again = send(second, "/api/v1/jobs/" + e.getKey() + "/result", null, null);
                    assertEquals(200, again.statusCode());
                    assertArrayEquals(e.getValue(), again.body(), "earlier result changed");
                }
                JsonNode list = ApiTest.JSON.readTree(send(second, "/api/v1/jobs", null, null).body());
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
