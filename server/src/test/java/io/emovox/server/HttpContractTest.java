package io.emovox.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.server.auth.PasswordHasher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP contract over real HTTP: every error is the JSON body with a request id (also a
 * header) and no server internals; unknown routes 404 and wrong methods 405 with Allow; malformed
 * bodies 400, never 500; /metrics counts each request once; a login costs one PBKDF2 whether or
 * not the user exists; byte ranges of the processed audio.
 */
class HttpContractTest {
    @TempDir
    static Path tmp;
    static TestServer s;
    static String jobId;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer(TestServer.newHome(tmp), c -> c.withLimits(c.limits().withRequestsPerMinute(1000)));
        HttpResponse<String> r = s.postFile("/api/v1/analyze", TestServer.emodb("03a01Wa.wav"));
        assertEquals(200, r.statusCode(), r.body());
        jobId = r.headers().firstValue("X-Emovox-Job").orElseThrow();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static HttpResponse<String> send(String method, String path, String contentType, byte[] body)
            throws Exception {
        HttpRequest.Builder b = s.request(path).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return s.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode assertError(HttpResponse<String> r, int status, String code) throws Exception {
        JsonNode err = HttpTest.assertJsonError(r, status, code);
        assertFalse(r.body().contains(s.home.toString()), r.body());
        return err;
    }

    @Test
    void unknownRoutesAnswerTheJsonErrorAndWrongMethods405WithAllow() throws Exception {
        assertError(send("GET", "/api/v1/nothing-here", null, null), 404, "not_found");
        assertError(send("GET", "/no/such/page", null, null), 404, "not_found");
        for (String[] c : new String[][] {{"PUT", "/api/v1/jobs", "GET"}, {"GET", "/api/v1/analyze", "POST"},
                {"DELETE", "/api/v1/models", "GET"}, {"PATCH", "/api/v1/jobs/" + jobId, "GET, DELETE"}}) {
            HttpResponse<String> r = send(c[0], c[1], null, null);
            assertError(r, 405, "method_not_allowed");
            List<String> allow = Arrays.stream(r.headers().firstValue("Allow").orElse("").split(",\\s*"))
                    .sorted().toList();
            assertEquals(Arrays.stream(c[2].split(",\\s*")).sorted().toList(), allow, c[0] + " " + c[1]);
        }
        // Every response carries its request id, successes too.
        assertTrue(s.get("/api/v1/models").headers().firstValue("X-Request-Id").isPresent());
    }

    @Test
    void requestsJettyRefusesBeforeAnyRouteGetTheJsonErrorToo() throws Exception {
        for (String[] c : new String[][] {{"/assets/%2e%2e/%2e%2e/x", "400", "bad_request"},
                {"/api/v1/jobs/%2e%2e/%2e%2e/emovox.db", "404", "not_found"}}) {
            var probe = java.net.http.HttpClient.newHttpClient(); // Jetty closes the connection of a 400
            HttpResponse<String> r = probe.send(s.request(c[0]).build(), HttpResponse.BodyHandlers.ofString());
            assertError(r, Integer.parseInt(c[1]), c[2]);
        }
        URI u = URI.create(s.url("/"));
        try (java.net.Socket sock = new java.net.Socket(u.getHost(), u.getPort())) {
            sock.setSoTimeout(10_000);
            sock.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String answer = new String(sock.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400") && answer.contains("application/json")
                    && answer.contains("\"bad_request\"") && answer.contains("\"request_id\""), answer);
        }
    }

    @Test
    void malformedBodiesAre400NotServerErrors() throws Exception {
        for (String body : List.of("null", "", "[1, 2]", "{", "\"admin\"", "42", "{\"username\": [1]")) {
            HttpResponse<String> r = s.http.send(HttpRequest.newBuilder(URI.create(s.url("/api/v1/login")))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertError(r, 400, "invalid_argument");
        }
        String before = s.footprint();
        byte[] wav = Files.readAllBytes(TestServer.emodb("03a01Wa.wav"));
        // multipart without a boundary
        assertError(send("POST", "/api/v1/analyze", "multipart/form-data", wav), 400, "invalid_argument");
        assertError(send("POST", "/api/v1/batch", "multipart/form-data", wav), 400, "invalid_argument");
        // control characters in the file name, in a part and in the raw upload's header
        HttpResponse<String> ctl = Multipart.post(s, "/api/v1/analyze",
                List.of(new Multipart.Part("file", "a\u0001b\u001b[31m.wav", wav)));
        String code = ApiTest.JSON.readTree(ctl.body()).at("/error/code").asText();
        assertTrue(code.equals("invalid_name") || code.equals("invalid_argument"), ctl.body());
        assertError(ctl, 400, code);
        HttpResponse<String> tab = s.http.send(s.request("/api/v1/analyze").header("X-Filename", "a\tb.wav")
                .POST(HttpRequest.BodyPublishers.ofByteArray(wav)).build(), HttpResponse.BodyHandlers.ofString());
        assertError(tab, 400, "invalid_name");
        assertEquals(before, s.footprint(), "refused uploads leave nothing");
    }

    @Test
    void metricsCountEachRequestOnce() throws Exception {
        Map<String, Long> before = counts(s.get("/metrics").body());
        for (int i = 0; i < 3; i++) {
            send("GET", "/api/v1/nothing-here", null, null); // 404
        }
        send("PUT", "/api/v1/jobs", null, null); // 405
        s.http.send(HttpRequest.newBuilder(URI.create(s.url("/api/v1/jobs"))).build(),
                HttpResponse.BodyHandlers.ofString()); // 401
        send("GET", "/api/v1/jobs?limit=x", null, null); // 400
        send("GET", "/api/v1/jobs", null, null); // 200
        Map<String, Long> after = counts(s.get("/metrics").body());
        assertEquals(3, delta(before, after, "GET 404"), after.toString());
        assertEquals(1, delta(before, after, "PUT 405"), after.toString());
        assertEquals(1, delta(before, after, "GET 401"), after.toString());
        assertEquals(1, delta(before, after, "GET 400"), after.toString());
        assertEquals(2, delta(before, after, "GET 200"), "the list and the first /metrics: " + after);
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String key) {
        return after.getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
    }

    private static Map<String, Long> counts(String metrics) {
        Map<String, Long> out = new java.util.HashMap<>();
        Matcher m = Pattern.compile("emovox_http_requests_total\\{method=\"(\\w+)\",status=\"(\\d+)\"} (\\d+)")
                .matcher(metrics);
        while (m.find()) {
            out.put(m.group(1) + " " + m.group(2), Long.parseLong(m.group(3)));
        }
        return out;
    }

    @Test
    void loginCostsOnePbkdf2WhetherOrNotTheUserExists() throws Exception {
        for (String user : List.of("admin", "no-such-user")) {
            long before = PasswordHasher.derivations();
            HttpResponse<String> r = s.http.send(HttpRequest.newBuilder(URI.create(s.url("/api/v1/login")))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"wrong\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode(), r.body());
            assertEquals(1, PasswordHasher.derivations() - before, user);
        }
    }

    @Test
    void processedAudioAnswersByteRanges() throws Exception {
        String path = "/api/v1/jobs/" + jobId + "/files/processed_audio.wav";
        HttpResponse<byte[]> whole = s.http.send(s.request(path).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, whole.statusCode());
        assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElse(""));
        byte[] all = whole.body();
        int n = all.length;
        assertTrue(n > 1000);
        Object[][] cases = {{"bytes=0-99", 0, 99}, {"bytes=1000-1009", 1000, 1009}, {"bytes=-50", n - 50, n - 1},
                {"bytes=" + (n - 10) + "-", n - 10, n - 1}, {"bytes=" + (n - 5) + "-" + (n + 100), n - 5, n - 1}};
        for (Object[] c : cases) {
            HttpResponse<byte[]> r = s.http.send(s.request(path).header("Range", (String) c[0]).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            int first = (int) c[1];
            int last = (int) c[2];
            assertEquals(206, r.statusCode(), (String) c[0]);
            assertEquals("bytes " + first + "-" + last + "/" + n, r.headers().firstValue("Content-Range").orElse(""));
            assertArrayEquals(Arrays.copyOfRange(all, first, last + 1), r.body(), (String) c[0]);
        }
        HttpResponse<String> past = s.http.send(s.request(path).header("Range", "bytes=" + n + "-").build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(past, 416, "range_not_satisfiable");
        assertEquals("bytes */" + n, past.headers().firstValue("Content-Range").orElse(""));
        // Several ranges may be answered with the whole file.
        HttpResponse<byte[]> multi = s.http.send(s.request(path).header("Range", "bytes=0-1,5-6").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, multi.statusCode());
        assertArrayEquals(all, multi.body());
    }

    @Test
    void clientTextDropsServerPathsAndExceptionNames() {
        assertEquals("Cannot read input (No space left on device).",
                ClientText.of("Cannot read /srv/emovox/server/jobs/0a/input (java.io.IOException: No space left on "
                        + "device)."));
        assertEquals("No such route: GET /api/v1/nothing", ClientText.of("No such route: GET /api/v1/nothing"));
        assertEquals("a.wav is not audio.", ClientText.of("a.wav is not audio."));
        assertEquals("x.part could not be read", ClientText.of("/tmp/home-1/server/incoming/x.part could not be read"));
    }
}
