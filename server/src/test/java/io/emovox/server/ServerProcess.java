package io.emovox.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.testing.ChildJvm;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real server in its own JVM ({@link ServerProcessMain}) on a given home, for the tests that
 * kill it, truncate its files, or start a second server beside it. Holds an admin-role token.
 */
record ServerProcess(Process process, String base, String token, Path log) {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Starts the server and waits until it listens; each model call takes at least {@code delayMillis}. */
    static ServerProcess launch(Path tmp, Path home, long delayMillis) throws Exception {
        Path info = tmp.resolve("info-" + System.nanoTime());
        Path log = tmp.resolve("server-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(ChildJvm.java(), "-Xmx512m", "-cp", ChildJvm.pathingJar(tmp).toString(),
                ServerProcessMain.class.getName(), home.toString(), info.toString(), Long.toString(delayMillis))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(info)) {
            if (!p.isAlive()) {
                throw new AssertionError("The server process died at start (exit " + p.waitFor() + "):\n"
                        + Files.readString(log));
            }
            assertTrue(System.nanoTime() < end, "the server process did not start in 60 s");
            Thread.sleep(100);
        }
        String[] portToken = Files.readString(info).split(" ");
        return new ServerProcess(p, "http://127.0.0.1:" + portToken[0], portToken[1], log);
    }

    /** GET {@code path}, or POST {@code body} as a raw upload named {@code name}. */
    HttpResponse<byte[]> send(String path, HttpRequest.BodyPublisher body, String name) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("X-Filename", name).POST(body);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    JsonNode job(String id) throws Exception {
        return ApiTest.JSON.readTree(send("/api/v1/jobs/" + id, null, null).body());
    }

    /** Waits until the job has the status (a regex), or the time is up; returns its last JSON. */
    JsonNode awaitStatus(String id, String status, Duration max) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        JsonNode j;
        do {
            j = job(id);
            if (j.path("status").asText().matches(status)) {
                return j;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < end);
        return j;
    }

    /** kill -9. */
    void kill() throws Exception {
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    }

    /** A normal stop (SIGTERM). */
    void stop() throws Exception {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
