package io.emovox.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.server.db.Database;
import io.emovox.server.jobs.JobManifest;
import io.emovox.server.jobs.JobRecord;
import io.emovox.server.jobs.RetentionSweeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database that lost track of jobs must not turn into lost results. The SQLite WAL is truncated
 * while the server is stopped (after kill -9), as the issue did: the database comes back without
 * its latest jobs. Retention must not delete their folders, the start must say so, and
 * {@code --rebuild-index} must bring every job back with its results unchanged. A damaged
 * database file is refused at start, and set aside by a rebuild.
 */
class DatabaseLossTest {
    @TempDir
    Path tmp;

    /** SHA-256 of every file under each job's result folder. */
    static Map<String, String> results(Path jobs) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(jobs)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p) && p.getParent().getFileName().toString().equals("result")) {
                    out.put(jobs.relativize(p).toString(),
                            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                    .digest(Files.readAllBytes(p))));
                }
            }
        }
        return out;
    }

    private static List<String> upload(ServerProcess s, List<Path> clips) throws Exception {
        List<String> ids = new ArrayList<>();
        for (Path clip : clips) {
            HttpResponse<byte[]> r = s.send("/api/v1/analyze", HttpRequest.BodyPublishers.ofFile(clip),
                    clip.getFileName().toString());
            assertEquals(200, r.statusCode(), new String(r.body()));
            ids.add(r.headers().firstValue("X-Emovox-Job").orElseThrow());
        }
        return ids;
    }

    @Test
    void aTruncatedWalLosesNoResultAndTheRebuildRestoresTheJobs() throws Exception {
        Path home = TestServer.newHome(tmp);
        Path jobsDir = home.resolve("server/jobs");
        List<Path> clips = TestServer.emodbClips(6);
        ServerProcess first = ServerProcess.launch(tmp, home, 0);
        List<String> kept;
        List<String> lost;
        try {
            kept = upload(first, clips.subList(0, 3));
            try (Database other = Database.open(home.resolve("server/emovox.db"))) {
                other.with(c -> c.createStatement().execute("PRAGMA wal_checkpoint(TRUNCATE)"));
            }
            lost = upload(first, clips.subList(3, 6));
        } finally {
            first.kill();
        }
        Map<String, String> before = results(jobsDir);
        assertEquals(6 * 2, before.size(), before.toString());
        Path wal = home.resolve("server/emovox.db-wal");
        assertTrue(Files.size(wal) > 0, "the last jobs are only in the WAL");
        try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        // Old enough for the former orphan rule (a minute) to have deleted them.
        for (String id : lost) {
            Files.setLastModifiedTime(jobsDir.resolve(id), FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        }

        try (TestServer s = new TestServer(home, c -> c)) {
            assertTrue(s.notices.contains("3 job folder(s)") && s.notices.contains("--rebuild-index"), s.notices);
            for (String id : kept) {
                assertEquals("done", s.server.jobs().get(id).orElseThrow().status().key());
            }
            for (String id : lost) {
                assertTrue(s.server.jobs().get(id).isEmpty(), "the database lost " + id);
            }
            RetentionSweeper.Report r = new RetentionSweeper(s.server.jobs(), s.server.config().paths(),
                    RetentionPolicy.DEFAULT).sweep(Instant.now());
            assertEquals(0, r.deletedJobs());
            // Even a sweep that deletes every finished job it knows leaves the unknown ones alone.
            RetentionSweeper.Report all = new RetentionSweeper(s.server.jobs(), s.server.config().paths(),
                    new RetentionPolicy(Duration.ZERO, 0, Duration.ofHours(1))).sweep(Instant.now());
            assertEquals(3, all.deletedJobs());
        }
        Map<String, String> after = results(jobsDir);
        for (String id : lost) {
            for (String f : List.of("result.json", "processed_audio.wav")) {
                String key = id + "/result/" + f;
                assertEquals(before.get(key), after.get(key), key + " unchanged");
            }
        }

        try (TestServer s = new TestServer(home, c -> c.withRebuildIndex(true))) {
            assertTrue(s.notices.contains("3 job(s) restored"), s.notices);
            for (String id : lost) {
                JsonNode j = ApiTest.JSON.readTree(s.get("/api/v1/jobs/" + id).body());
                assertEquals("done", j.get("status").asText(), j.toString());
                HttpResponse<String> result = s.get("/api/v1/jobs/" + id + "/result");
                assertEquals(200, result.statusCode());
                assertEquals(Files.readString(jobsDir.resolve(id + "/result/result.json")), result.body());
            }
            assertEquals(3, s.server.jobs().count());
        }
        assertEquals(after, results(jobsDir), "nothing changed by the rebuild");
    }

    @Test
    void retentionKeepsAJobWhoseFolderDisagreesWithItsRow() throws Exception {
        try (TestServer s = new TestServer(TestServer.newHome(tmp), c -> c)) {
            String id = s.postFile("/api/v1/analyze", TestServer.emodb("03a01Wa.wav")).headers()
                    .firstValue("X-Emovox-Job").orElseThrow();
            // The folder says pinned (the database lost the pin): retention must not take the row's word.
            JobRecord row = s.server.jobs().get(id).orElseThrow();
            JobManifest.write(s.server.config().paths(), row.withPinned(true));
            RetentionSweeper.Report r = new RetentionSweeper(s.server.jobs(), s.server.config().paths(),
                    new RetentionPolicy(Duration.ZERO, 0, Duration.ofHours(1))).sweep(Instant.now());
            assertEquals(0, r.deletedJobs());
            assertEquals(1, r.mismatched());
            assertEquals(200, s.get("/api/v1/jobs/" + id + "/result").statusCode());
        }
    }

    @Test
    void aDamagedDatabaseIsRefusedAndTheRebuildSetsItAside() throws Exception {
        Path home = TestServer.newHome(tmp);
        List<String> ids = new ArrayList<>();
        try (TestServer s = new TestServer(home, c -> c)) {
            for (Path clip : TestServer.emodbClips(2)) {
                ids.add(s.postFile("/api/v1/analyze", clip).headers().firstValue("X-Emovox-Job").orElseThrow());
            }
        }
        Path db = home.resolve("server/emovox.db");
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.write("this is no longer a database file".getBytes());
        }
        Map<String, String> before = results(home.resolve("server/jobs"));
        EmovoxException e = assertThrows(EmovoxException.class, () -> new TestServer(home, c -> c).close());
        assertEquals(ErrorKind.IO_ERROR, e.kind());
        assertTrue(e.getMessage().contains("--rebuild-index"), e.getMessage());
        assertEquals(before, results(home.resolve("server/jobs")));

        try (TestServer s = new TestServer(home, c -> c.withRebuildIndex(true))) {
            assertTrue(s.notices.contains("was damaged") && s.notices.contains("2 job(s) restored"), s.notices);
            assertTrue(s.adminPassword != null, "a new admin login for the new database");
            for (String id : ids) {
                assertEquals("done", s.server.jobs().get(id).orElseThrow().status().key());
            }
        }
        try (Stream<Path> files = Files.list(db.getParent())) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("emovox.db.damaged-")).count());
        }
        assertEquals(before, results(home.resolve("server/jobs")));
    }
}
