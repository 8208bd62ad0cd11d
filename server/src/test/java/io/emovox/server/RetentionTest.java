package io.emovox.server;

import io.emovox.server.jobs.RetentionSweeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention by age and by total size, pinning, removal of stale half-received uploads, and a
 * folder the database does not know kept; what 'emovox cleanup' runs.
 */
class RetentionTest {
    @TempDir
    Path tmp;

    @Test
    void deletesOldAndOversizeUnpinnedJobsAndKeepsPinnedOnes() throws Exception {
        try (TestServer s = new TestServer(TestServer.newHome(tmp), c -> c)) {
            List<String> ids = new ArrayList<>();
            for (Path clip : TestServer.emodbClips(4)) {
                HttpResponse<String> r = s.postFile("/api/v1/analyze", clip);
                assertEquals(200, r.statusCode(), r.body());
                ids.add(r.headers().firstValue("X-Emovox-Job").orElseThrow());
            }
            ServerPaths paths = s.server.config().paths();
            // Jobs 0 and 1 finished 40 days ago; job 0 is pinned.
            long old = Instant.now().minus(Duration.ofDays(40)).toEpochMilli();
            s.server.jobs().database().with(c -> {
                try (var p = c.prepareStatement("UPDATE jobs SET created_at = ?, finished_at = ? WHERE id IN (?, ?)")) {
                    p.setLong(1, old);
                    p.setLong(2, old);
                    p.setString(3, ids.get(0));
                    p.setString(4, ids.get(1));
                    return p.executeUpdate();
                }
            });
            assertEquals(200, s.http.send(s.request("/api/v1/jobs/" + ids.get(0) + "/pin")
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            Path stray = Files.createDirectories(paths.jobs().resolve("0123456789abcdef0123456789abcdef"));
            Files.writeString(stray.resolve("input"), "a job the database does not know");
            Files.setLastModifiedTime(stray, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(3600)));
            Path staleUpload = Files.writeString(paths.incoming().resolve("0123.part"), "half an upload");
            Files.setLastModifiedTime(staleUpload,
                    java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(7200)));

            RetentionSweeper.Report byAge = new RetentionSweeper(s.server.jobs(), paths,
                    new RetentionPolicy(Duration.ofDays(30), 1L << 40, Duration.ofHours(1))).sweep(Instant.now());
            assertEquals(1, byAge.deletedJobs());
            assertEquals(1, byAge.orphansRemoved());
            assertFalse(Files.exists(staleUpload));
            assertTrue(Files.exists(stray.resolve("input")), "never deleted: the database may have lost it");
            assertFalse(s.server.jobs().get(ids.get(1)).isPresent());
            assertFalse(Files.exists(paths.job(ids.get(1))));
            assertEquals(404, s.get("/api/v1/jobs/" + ids.get(1)).statusCode());
            assertTrue(s.server.jobs().get(ids.get(0)).isPresent(), "pinned survives age");

            long pinnedBytes = s.server.jobs().get(ids.get(0)).orElseThrow().bytes();
            RetentionSweeper.Report bySize = new RetentionSweeper(s.server.jobs(), paths,
                    new RetentionPolicy(Duration.ofDays(30), pinnedBytes, Duration.ofHours(1))).sweep(Instant.now());
            assertEquals(2, bySize.deletedJobs());
            assertEquals(1, s.server.jobs().count());
            assertEquals(200, s.get("/api/v1/jobs/" + ids.get(0) + "/result").statusCode());
            assertEquals(pinnedBytes, bySize.keptBytes());
        }
    }
}
