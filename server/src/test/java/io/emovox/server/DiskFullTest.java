package io.emovox.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.server.db.Database;
import io.emovox.server.jobs.JobStore;
import io.emovox.server.jobs.RetentionSweeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A full disk, for real: the state folder on a 40 MiB tmpfs (mounting needs root; the test is
 * skipped otherwise) filled to the last byte. Reads and login keep working, the health check says
 * so, uploads are refused with 507 and leave nothing, deleting a job and 'emovox cleanup' free
 * space, and once there is room again everything works as before.
 */
@EnabledOnOs(OS.LINUX)
class DiskFullTest {
    @TempDir
    Path tmp;
    Path disk;

    @BeforeEach
    void mount() throws Exception {
        disk = Files.createDirectories(tmp.resolve("disk"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", disk.toString()) == 0,
                "mounting a tmpfs needs root");
    }

    @AfterEach
    void unmount() throws Exception {
        run("umount", "-l", disk.toString());
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    /** Writes zeros until the disk refuses; returns the filler file. */
    private Path fill(long leaveBytes) throws IOException {
        Path filler = disk.resolve("filler-" + System.nanoTime());
        byte[] chunk = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(filler)) {
            long room = Files.getFileStore(disk).getUsableSpace() - leaveBytes;
            for (long written = 0; written < room; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, room - written));
            }
            if (leaveBytes == 0) {
                for (byte[] b = new byte[4096]; ; ) {
                    out.write(b);
                    out.flush();
                }
            }
        } catch (IOException e) {
            assertTrue(DiskSpace.isDiskFull(e), e.toString());
        }
        return filler;
    }

    private static String health(TestServer s) throws Exception {
        return s.http.send(HttpRequest.newBuilder(URI.create(s.url("/healthz"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aFullDiskKeepsReadsAndLoginRefusesUploadsAndDeletesFreeSpace() throws Exception {
        Path home = disk.resolve("home");
        try (TestServer s = new TestServer(home, c -> c.withLimits(c.limits().withMinFreeBytes(1 << 20)
                .withRequestsPerMinute(1000)))) {
            List<String> ids = new ArrayList<>();
            for (Path clip : TestServer.emodbClips(4)) {
                HttpResponse<String> r = s.postFile("/api/v1/analyze?embedding=true", clip);
                assertEquals(200, r.statusCode(), r.body());
                ids.add(r.headers().firstValue("X-Emovox-Job").orElseThrow());
            }
            String fresh = s.server.auth().createToken("first-use-on-a-full-disk");
            assertEquals("{\"status\":\"ok\"}", health(s));

            Path filler = fill(0);
            assertTrue(Files.getFileStore(disk).getUsableSpace() < (64 << 10), "the disk is full");

            // Reads (a token's first use records when it was used: best effort) and login.
            HttpResponse<String> list = s.http.send(s.requestAs(fresh, "/api/v1/jobs").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, list.statusCode(), list.body());
            assertEquals(200, s.get("/api/v1/jobs/" + ids.get(0) + "/result").statusCode());
            assertEquals(200,
                    s.http.send(s.request("/api/v1/jobs/" + ids.get(0) + "/files/processed_audio.wav").build(),
                    HttpResponse.BodyHandlers.ofByteArray()).statusCode());
            TestServer.Session session = s.login();
            assertEquals(200, s.http.send(HttpRequest.newBuilder(URI.create(s.url("/api/v1/jobs")))
                    .header("Cookie", session.cookie()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals("{\"status\":\"degraded\",\"disk\":\"low\"}", health(s));
            // Pinning is a small write: it still commits.
            assertEquals(200, s.http.send(s.request("/api/v1/jobs/" + ids.get(1) + "/pin")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode());

            // Uploads are refused, raw, chunked or multipart, and leave nothing.
            String before = s.footprint();
            HttpResponse<String> raw = s.postFile("/api/v1/analyze", TestServer.emodb("03a01Wa.wav"));
            HttpTest.assertJsonError(raw, 507, "disk_full");
            byte[] wav = Files.readAllBytes(TestServer.emodb("03a01Wa.wav"));
            HttpResponse<String> chunked = s.http.send(s.request("/api/v1/analyze")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(wav))).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpTest.assertJsonError(chunked, 507, "disk_full");
            HttpTest.assertJsonError(Multipart.post(s, "/api/v1/analyze",
                    List.of(new Multipart.Part("file", "a.wav", wav))), 507, "disk_full");
            assertEquals(before, s.footprint());

            // Deleting a job frees its space, on the full disk.
            long free = Files.getFileStore(disk).getUsableSpace();
            assertEquals(204, s.http.send(s.request("/api/v1/jobs/" + ids.get(0)).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertFalse(Files.exists(s.server.config().paths().job(ids.get(0))));
            assertFalse(s.server.jobs().get(ids.get(0)).isPresent());
            assertTrue(Files.getFileStore(disk).getUsableSpace() > free);
            fill(0);

            // 'emovox cleanup' (its own connection) deletes the unpinned rest on the full disk.
            try (Database db = Database.open(s.server.config().paths().database())) {
                RetentionSweeper.Report r = new RetentionSweeper(new JobStore(db), s.server.config().paths(),
                        new RetentionPolicy(Duration.ZERO, 1L << 40, Duration.ofHours(1))).sweep(Instant.now());
                assertEquals(2, r.deletedJobs(), r.toString());
            }
            assertEquals(1, s.server.jobs().count(), "the pinned job is kept");
            assertEquals(200, s.get("/api/v1/jobs/" + ids.get(1) + "/result").statusCode());

            // Room again: the reserve comes back, and so do uploads.
            try (var fillers = Files.list(disk)) {
                for (Path f : fillers.filter(p -> p.getFileName().toString().startsWith("filler-")).toList()) {
                    Files.delete(f);
                }
            }
            s.server.disk().maintain();
            assertEquals("{\"status\":\"ok\"}", health(s));
            assertEquals(200, s.postFile("/api/v1/analyze", TestServer.emodb("03a01Wa.wav")).statusCode());
        }
    }

    @Test
    void anUploadThatFillsTheDiskIsRefusedAndNothingHalfWrittenStays() throws Exception {
        Path home = disk.resolve("home");
        try (TestServer s = new TestServer(home, c -> c.withLimits(c.limits().withMinFreeBytes(1 << 20)))) {
            fill(2 << 20); // room for the minimum and a little more: the up-front check lets it in
            byte[] body = new byte[4 << 20];
            new java.util.Random(1).nextBytes(body);
            HttpResponse<String> r = s.http.send(s.request("/api/v1/analyze")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpTest.assertJsonError(r, 507, "disk_full");
            assertEquals("jobs=0 jobDirs=0 incoming=0", s.footprint());
            JsonNode jobs = ApiTest.JSON.readTree(s.get("/api/v1/jobs").body());
            assertEquals(0, jobs.get("jobs").size());
        }
    }
}
