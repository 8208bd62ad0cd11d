package io.emovox.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.server.http.UploadReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The upload limit is one budget per request: chunked multipart bodies with extra parts, batches
 * whose files together pass it, and huge declared lengths are refused — the declared ones at once,
 * the streamed ones before more than the budget reaches the disk — and nothing is left behind.
 */
class RequestSizeTest {
    static final long LIMIT = 3L << 20;
    @TempDir
    static Path tmp;
    static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer(TestServer.newHome(tmp), c -> c.withLimits(c.limits().withMaxUploadBytes(LIMIT)
                .withRequestsPerMinute(1000)));
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    /** Sends a multipart body chunked (no Content-Length), as a streaming client does. */
    private static HttpResponse<String> chunked(String path, List<Multipart.Part> parts) throws Exception {
        String boundary = "emovox-" + UUID.randomUUID();
        byte[] body = Multipart.bytes(boundary, parts);
        return s.http.send(s.request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] noise(int n) {
        byte[] b = new byte[n];
        new java.util.Random(n).nextBytes(b);
        return b;
    }

    @Test
    void chunkedMultipartWithExtraPartsNeverWritesMoreThanTheBudget() throws Exception {
        Path incoming = s.server.config().paths().incoming();
        AtomicLong peak = new AtomicLong();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                try (var files = Files.list(incoming)) {
                    peak.accumulateAndGet(files.mapToLong(f -> f.toFile().length()).sum(), Math::max);
                } catch (Exception e) {
                    // the folder changes under us
                }
                Thread.onSpinWait();
            }
        });
        watcher.start();
        try {
            List<Multipart.Part> parts = new ArrayList<>();
            parts.add(new Multipart.Part("file", "a.wav", noise(2 << 20)));
            for (int i = 0; i < 8; i++) { // each under the per-part limit, together six times the budget
                parts.add(new Multipart.Part("file" + i, "x" + i + ".bin", noise(2 << 20)));
            }
            HttpResponse<String> r = chunked("/api/v1/analyze", parts);
            assertEquals(413, r.statusCode(), r.body());
            assertEquals("too_large", ApiTest.JSON.readTree(r.body()).at("/error/code").asText());
        } finally {
            watching.set(false);
            watcher.join();
        }
        assertTrue(peak.get() <= LIMIT + UploadReceiver.MULTIPART_ALLOWANCE, "wrote " + peak.get() + " bytes");
        assertEquals("jobs=0 jobDirs=0 incoming=0", s.footprint());
    }

    @Test
    void unexpectedPartsAreRefused() throws Exception {
        byte[] wav = Files.readAllBytes(TestServer.emodb("03a01Wa.wav"));
        HttpResponse<String> extra = chunked("/api/v1/analyze", List.of(new Multipart.Part("file", "a.wav", wav),
                new Multipart.Part("evil", "b.wav", wav)));
        assertEquals(400, extra.statusCode(), extra.body());
        assertTrue(extra.body().contains("Unexpected multipart part 'evil'"), extra.body());
        HttpResponse<String> two = Multipart.post(s, "/api/v1/analyze", List.of(new Multipart.Part("file", "a.wav",
                wav),
                new Multipart.Part("file", "b.wav", wav)));
        assertEquals(400, two.statusCode(), two.body());
        assertTrue(two.body().contains("/api/v1/batch"), two.body());
        assertEquals("jobs=0 jobDirs=0 incoming=0", s.footprint());
    }

    @Test
    void aBatchCountsItsFilesTogether() throws Exception {
        List<Multipart.Part> parts = List.of(new Multipart.Part("file", "a.wav", noise(2 << 20)),
                new Multipart.Part("file", "b.wav", noise(2 << 20)));
        HttpResponse<String> r = chunked("/api/v1/batch", parts);
        assertEquals(413, r.statusCode(), r.body());
        assertEquals("jobs=0 jobDirs=0 incoming=0", s.footprint());
    }

    /** A raw request: headers that declare a length, a few bytes of body, then wait for the answer. */
    private static String[] declare(long length, String contentType, String auth) throws Exception {
        URI u = URI.create(s.url("/"));
        try (Socket sock = new Socket(u.getHost(), u.getPort())) {
            sock.setSoTimeout(20_000);
            OutputStream out = sock.getOutputStream();
            String head = "POST /api/v1/analyze HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort() + "\r\n"
                    + (auth == null ? "" : "Authorization: Bearer " + auth + "\r\n")
                    + "Content-Type: " + contentType + "\r\nContent-Length: " + length + "\r\n\r\n";
            long t0 = System.nanoTime();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1000]);
            out.flush();
            InputStream in = sock.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) != -1; ) {
                got.write(buf, 0, n);
                String text = got.toString(StandardCharsets.UTF_8);
                if (text.contains("\r\n\r\n") && text.contains("}}")) {
                    break;
                }
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            return new String[] {got.toString(StandardCharsets.UTF_8), Long.toString(ms)};
        }
    }

    @Test
    void declaredLengthsOverTheLimitAreRefusedAtOnce() throws Exception {
        for (long length : new long[] {2L << 30, (2L << 30) + 1, 1L << 30, 8L << 30, LIMIT + (20L << 20)}) {
            for (String type : new String[] {"audio/wav", "multipart/form-data; boundary=xyz"}) {
                String[] r = declare(length, type, s.token);
                assertTrue(r[0].startsWith("HTTP/1.1 413"), length + " " + type + ": " + r[0]);
                assertTrue(r[0].contains("\"too_large\""), r[0]);
                assertTrue(Long.parseLong(r[1]) < 5_000, length + " took " + r[1] + " ms");
            }
        }
        String[] anonymous = declare(2L << 30, "audio/wav", null);
        assertTrue(anonymous[0].startsWith("HTTP/1.1 401"), anonymous[0]);
        assertTrue(Long.parseLong(anonymous[1]) < 5_000, "401 took " + anonymous[1] + " ms");
        assertEquals("jobs=0 jobDirs=0 incoming=0", s.footprint());
        JsonNode health = ApiTest.JSON.readTree(s.http.send(
                HttpRequest.newBuilder(URI.create(s.url("/healthz"))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("ok", health.get("status").asText());
    }
}
