package io.emovox.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.server.auth.AuthStore;
import io.emovox.server.db.Database;
import io.emovox.server.jobs.JobRecord;
import io.emovox.server.jobs.JobStatus;
import io.emovox.server.jobs.JobStore;
import io.emovox.server.jobs.RetentionSweeper;
import io.emovox.testing.FixtureModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One server per state folder (a second one is refused and changes nothing, in another process
 * or in this one; token and cleanup still work beside it), a taken port is refused before any
 * job is touched, and everything under the state folder is private to its owner.
 */
class StateFolderTest {
    @TempDir
    Path tmp;

    /** Every file under the state folder with its size and modification time. */
    static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String name = root.relativize(p).toString();
                // SQLite's files and a running job's partial result change on their own.
                if (Files.isRegularFile(p) && !name.startsWith("emovox.db") && !name.contains("result.partial")) {
                    out.put(name, Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
                }
            }
        }
        return out;
    }

    @Test
    void aSecondServerInAnotherProcessIsRefusedAndChangesNothing() throws Exception {
        Path home = TestServer.newHome(tmp);
        Path longWav = WavFiles.concat(TestServer.emodbClips(20), 30, tmp.resolve("long.wav"));
        ServerProcess first = ServerProcess.launch(tmp, home, 200);
        try {
            HttpResponse<byte[]> accepted = first.send("/api/v1/analyze?async=true&granularity=frame",
                    HttpRequest.BodyPublishers.ofFile(longWav), "long.wav");
            assertEquals(202, accepted.statusCode());
            String id = ApiTest.JSON.readTree(accepted.body()).get("id").asText();
            JsonNode j = first.awaitStatus(id, "running", Duration.ofSeconds(30));
            assertEquals("running", j.get("status").asText(), j.toString());
            Map<String, String> before = snapshot(home.resolve("server"));

            StringBuilder notices = new StringBuilder();
            ServerConfig config = ServerConfig.defaults(home).withPort(0);
            EmovoxException e;
            try (CoreAnalysisEngine engine = new CoreAnalysisEngine(FixtureModel.withFrames(16_000 * 10), null,
                    List.of(), config.limits())) {
                e = assertThrows(EmovoxException.class,
                        () -> EmovoxServer.start(config, engine, n -> notices.append(n).append('\n')).close());
            }
            assertEquals(ErrorKind.STATE_LOCKED, e.kind());
            assertTrue(e.getMessage().contains("Another emovox server (pid " + first.process().pid() + ")"),
                    e.getMessage());
            assertEquals("", notices.toString(), "nothing printed, no admin made, nothing resumed");
            assertEquals(before, snapshot(home.resolve("server")), "nothing in the state folder changed");

            // token and cleanup work beside the running server (their own connections, no lock).
            String token;
            try (Database db = Database.open(home.resolve("server/emovox.db"))) {
                token = new AuthStore(db).createToken("beside");
                new RetentionSweeper(new JobStore(db), config.paths(), RetentionPolicy.DEFAULT).sweep(Instant.now());
            }
            assertEquals(200,
                    ServerProcess.HTTP.send(HttpRequest.newBuilder(java.net.URI.create(first.base() + "/api/v1/jobs"))
                    .header("Authorization", "Bearer " + token).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode());

            j = first.awaitStatus(id, "done|failed", Duration.ofSeconds(90));
            assertEquals("done", j.get("status").asText(), j.toString());
            assertEquals(1, j.get("attempts").asInt(), "the job ran once, in its own server");
        } finally {
            first.stop();
        }
    }

    @Test
    void aSecondServerInThisProcessIsRefusedAndTheFirstKeepsItsLock() throws Exception {
        Path home = TestServer.newHome(tmp);
        try (TestServer first = new TestServer(home, c -> c)) {
            for (int i = 0; i < 2; i++) {
                EmovoxException e = assertThrows(EmovoxException.class, () -> new TestServer(home, c -> c).close());
                assertEquals(ErrorKind.STATE_LOCKED, e.kind());
            }
            assertEquals(200, first.get("/api/v1/jobs").statusCode());
        }
        try (TestServer again = new TestServer(home, c -> c)) { // the lock went with the first server
            assertEquals(200, again.get("/api/v1/jobs").statusCode());
        }
    }

    @Test
    void aTakenPortIsRefusedBeforeAnyInterruptedJobIsTouched() throws Exception {
        Path home = TestServer.newHome(tmp);
        String id;
        try (TestServer s = new TestServer(home, c -> c)) {
            HttpResponse<String> r = s.postFile("/api/v1/analyze", TestServer.emodb("03a01Wa.wav"));
            id = r.headers().firstValue("X-Emovox-Job").orElseThrow();
        }
        // As if the server had been killed during the job.
        try (Database db = Database.open(home.resolve("server/emovox.db"))) {
            db.with(c -> c.createStatement().executeUpdate("UPDATE jobs SET status = 'running' WHERE id = '" + id
                    + "'"));
        }
        Map<String, String> before = snapshot(home.resolve("server"));
        before.remove("server.lock"); // taken and released by the refused start: it says whose pid held it
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            EmovoxException e = assertThrows(EmovoxException.class,
                    () -> new TestServer(home, c -> c.withPort(taken.getLocalPort())).close());
            assertEquals(ErrorKind.PORT_IN_USE, e.kind());
            assertTrue(e.getMessage().contains("Port " + taken.getLocalPort()), e.getMessage());
        }
        Map<String, String> after = snapshot(home.resolve("server"));
        after.remove("server.lock");
        assertEquals(before, after);
        try (Database db = Database.open(home.resolve("server/emovox.db"))) {
            JobRecord j = new JobStore(db).get(id).orElseThrow();
            assertEquals(JobStatus.RUNNING, j.status(), "not queued again");
            assertEquals(1, j.attempts());
        }
    }

    @Test
    void everythingUnderTheStateFolderIsPrivateAndOldHomesAreFixed() throws Exception {
        Path home = TestServer.newHome(tmp);
        try (TestServer s = new TestServer(home, c -> c)) {
            assertEquals(200, s.postFile("/api/v1/analyze?embedding=true",
                    TestServer.emodb("03a01Wa.wav")).statusCode());
            assertEquals(List.of(), notPrivate(home.resolve("server")));
            assertTrue(Files.exists(home.resolve("server/emovox.db-wal")), "the WAL is checked too");
            // An upload in flight is private as well.
            assertEquals(200, s.postFile("/api/v1/analyze", TestServer.emodb("03a01Fa.wav")).statusCode());
            assertEquals(List.of(), notPrivate(home.resolve("server")));
        }
        // A home written by an older emovox (world-readable), fixed at the next start.
        try (Stream<Path> all = Files.walk(home.resolve("server"))) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(p,
                        PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        assertTrue(notPrivate(home.resolve("server")).size() > 5);
        try (TestServer s = new TestServer(home, c -> c)) {
            assertTrue(s.notices.contains("private to their owner"), s.notices);
            assertEquals(List.of(), notPrivate(home.resolve("server")));
        }
        // What 'emovox token' creates in a fresh home is private too.
        Path fresh = tmp.resolve("fresh-home/server/emovox.db");
        try (Database db = Database.open(fresh)) {
            new AuthStore(db).createToken("t");
        }
        assertEquals(List.of(), notPrivate(fresh.getParent()));
    }

    static List<String> notPrivate(Path root) throws Exception {
        List<String> out = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                if (!mode.equals(Files.isDirectory(p) ? "rwx------" : "rw-------")) {
                    out.add(root.relativize(p) + " " + mode);
                }
            }
        }
        return out;
    }
}
