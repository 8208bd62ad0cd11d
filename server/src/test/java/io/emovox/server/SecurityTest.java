package io.emovox.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.server.auth.AuthStore;
import io.emovox.server.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Authentication on every route, CSRF, path traversal, and playlist uploads, over real HTTP. */
class SecurityTest {
    @TempDir
    static Path tmp;
    static TestServer s;
    static String jobId;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer(TestServer.newHome(tmp), c -> c);
        HttpResponse<String> r = s.postFile("/api/v1/analyze?embedding=true", TestServer.emodb("03a01Wa.wav"));
        assertEquals(200, r.statusCode(), r.body());
        jobId = r.headers().firstValue("X-Emovox-Job").orElseThrow();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    /** Every route of the server with a real job id; the only public ones are /healthz, login and the UI shell. */
    static List<String[]> routes() {
        String j = "/api/v1/jobs/" + jobId;
        return List.of(
                new String[] {"GET", "/metrics"}, new String[] {"GET", "/api/openapi.json"},
                new String[] {"POST", "/api/v1/logout"}, new String[] {"GET", "/api/v1/session"},
                new String[] {"GET", "/api/v1/tokens"}, new String[] {"POST", "/api/v1/tokens"},
                new String[] {"DELETE", "/api/v1/tokens/0123456789abcdef"}, new String[] {"GET", "/api/v1/models"},
                new String[] {"POST", "/api/v1/analyze"}, new String[] {"POST", "/api/v1/batch"},
                new String[] {"GET", "/api/v1/jobs"}, new String[] {"GET", j}, new String[] {"DELETE", j},
                new String[] {"POST", j + "/pin"}, new String[] {"GET", j + "/result"},
                new String[] {"GET", j + "/events"}, new String[] {"GET", j + "/files/result.json"},
                new String[] {"GET", j + "/files/embedding.npy"}, new String[] {"GET",
                        j + "/files/processed_audio.wav"},
                new String[] {"GET", "/api/v1/admin/models"}, new String[] {"POST", "/api/v1/admin/models/downloads"},
                new String[] {"GET", "/api/v1/admin/models/downloads/abc"},
                new String[] {"PUT", "/api/v1/admin/models/default"}, new String[] {"DELETE", "/api/v1/admin/models/x"},
                new String[] {"POST", j + "/review"}, new String[] {"GET", "/api/v1/review"},
                new String[] {"GET", "/api/v1/review/export"}, new String[] {"GET", "/api/v1/review/1"},
                new String[] {"POST", "/api/v1/review/1/confirm"}, new String[] {"POST", "/api/v1/review/1/correct"},
                new String[] {"POST", "/api/v1/review/1/undo"},
                new String[] {"GET", "/api/v1/nothing-here"}, new String[] {"GET", "/private.txt"});
    }

    private static HttpResponse<String> call(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url(path))).timeout(Duration.ofSeconds(30))
                .header("Accept", path.endsWith("/events") ? "text/event-stream" : "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        byte[] body = Files.readAllBytes(TestServer.emodb("03a01Wa.wav"));
        b.method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofByteArray(body)
                : HttpRequest.BodyPublishers.noBody());
        return s.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyRouteRefusesMissingAndWrongCredentials() throws Exception {
        String revoked = s.server.auth().createToken("soon revoked");
        s.server.auth().revokeToken("soon revoked");
        String forged = s.token.substring(0, s.token.length() - 4) + "AAAA";
        List<String> failures = new ArrayList<>();
        for (String[] route : routes()) {
            for (String auth : new String[] {null, "Bearer nope", "Bearer " + forged, "Bearer " + revoked,
                    "Basic YWRtaW46YWRtaW4="}) {
                HttpResponse<String> r;
                try {
                    r = call(route[0], route[1], auth);
                } catch (java.io.IOException e) {
                    failures.add(route[0] + " " + route[1] + " with " + auth + " -> no answer: " + e.getMessage());
                    continue;
                }
                if (r.statusCode() != 401 || !r.body().contains("\"unauthorized\"")) {
                    failures.add(route[0] + " " + route[1] + " with " + auth + " -> " + r.statusCode() + " "
                            + r.body());
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(1, s.server.jobs().count(), "unauthenticated requests must not create or delete jobs");
        assertTrue(s.server.jobs().get(jobId).isPresent());
    }

    @Test
    void publicRoutesRevealNoData() throws Exception {
        assertEquals(200, call("GET", "/healthz", null).statusCode());
        HttpResponse<String> page = call("GET", "/", null);
        assertEquals(200, page.statusCode());
        assertFalse(page.body().contains(jobId));
        assertFalse(call("GET", "/healthz", null).body().contains("fixture"));
    }

    @Test
    void tokenCreatedByAnotherProcessWorksAtOnceAndRevocationIsImmediate() throws Exception {
        String token;
        // A second connection to the same file, as 'emovox token create' opens it while the server runs.
        try (Database other = Database.open(s.server.config().paths().database())) {
            token = new AuthStore(other).createToken("cli");
        }
        assertEquals(200, call("GET", "/api/v1/jobs", "Bearer " + token).statusCode());
        try (Database other = Database.open(s.server.config().paths().database())) {
            assertEquals(1, new AuthStore(other).revokeToken("cli"));
        }
        assertEquals(401, call("GET", "/api/v1/jobs", "Bearer " + token).statusCode());
    }

    @Test
    void browserSessionNeedsTheCsrfTokenToChangeState() throws Exception {
        HttpResponse<String> bad = s.http.send(HttpRequest.newBuilder(URI.create(s.url("/api/v1/login")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"wrong\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, bad.statusCode());
        HttpResponse<String> login = s.http.send(HttpRequest.newBuilder(URI.create(s.url("/api/v1/login")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + s.adminPassword
                        + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = ApiTest.JSON.readTree(login.body()).get("csrf").asText();

        HttpResponse<String> list = s.http.send(HttpRequest.newBuilder(URI.create(s.url("/api/v1/jobs")))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, list.statusCode());
        HttpRequest.Builder pin = HttpRequest.newBuilder(URI.create(s.url("/api/v1/jobs/" + jobId
                + "/pin?pinned=false")))
                .header("Cookie", cookie).POST(HttpRequest.BodyPublishers.noBody());
        assertEquals(403, s.http.send(pin.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(403, s.http.send(pin.copy().header("X-CSRF-Token", csrf + "x").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, s.http.send(pin.copy().header("X-CSRF-Token", csrf).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        // API tokens cannot mint tokens; the admin session can.
        assertEquals(403, call("GET", "/api/v1/tokens", "Bearer " + s.token).statusCode());
        HttpResponse<String> created = s.http.send(HttpRequest.newBuilder(URI.create(s.url("/api/v1/tokens")))
                .header("Cookie", cookie).header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"from ui\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        String uiToken = ApiTest.JSON.readTree(created.body()).get("token").asText();
        assertEquals(200, call("GET", "/api/v1/models", "Bearer " + uiToken).statusCode());
    }

    @Test
    void pathTraversalInIdsAndNamesIsRefused() throws Exception {
        String auth = "Bearer " + s.token;
        String dbName = s.server.config().paths().database().getFileName().toString();
        List<String> paths = List.of(
                "/api/v1/jobs/..%2F..%2F" + dbName,
                "/api/v1/jobs/" + jobId + "/files/..%2F..%2F..%2F" + dbName,
                "/api/v1/jobs/" + jobId + "/files/input",
                "/api/v1/jobs/" + jobId + "/files/%2e%2e%2finput",
                "/api/v1/jobs/" + jobId.toUpperCase() + "/result",
                "/assets/..%2f..%2f..%2fetc%2fpasswd",
                "/assets/%2e%2e/%2e%2e/" + dbName);
        // Jetty answers a path that climbs above the root at the parser level and then closes the
        // connection without saying so; a pooled client would send the next request into the dead
        // socket. Each probe gets its own client so later requests are unaffected.
        for (String p : paths) {
            HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> r = probe.send(HttpRequest.newBuilder(URI.create(s.url(p)))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(Set.of(400, 404).contains(r.statusCode()), p + " -> " + r.statusCode() + " " + r.body());
            assertFalse(r.body().contains("SQLite format") || r.body().contains("root:"), p);
        }
        String before = s.footprint();
        HttpResponse<String> named = s.http.send(s.request("/api/v1/analyze")
                .header("X-Filename", "../../escape.wav")
                .POST(HttpRequest.BodyPublishers.ofFile(TestServer.emodb("03a01Wa.wav"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, named.statusCode(), named.body());
        assertEquals("invalid_name", ApiTest.JSON.readTree(named.body()).at("/error/code").asText());
        HttpResponse<String> multipart = Multipart.post(s, "/api/v1/analyze", List.of(
                new Multipart.Part("file", "..\\..\\escape.wav", Files.readAllBytes(TestServer.emodb("03a01Wa.wav")))));
        assertEquals(400, multipart.statusCode(), multipart.body());
        assertEquals(before, s.footprint());
        assertFalse(Files.exists(s.server.config().paths().root().getParent().resolve("escape.wav")));
    }

    @Test
    void playlistsPointingAtLocalFilesAreRefused() throws Exception {
        String target = TestServer.emodb("03a01Wa.wav").toString();
        String before = s.footprint();
        for (String[] playlist : new String[][] {
                {"list.m3u8",
                        "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nfile://" + target + "\n#EXT-X-ENDLIST\n"},
                {"list.ffconcat", "ffconcat version 1.0\nfile '" + target + "'\n"},
                {"list.txt", "file '" + target + "'\n"}}) {
            HttpResponse<String> r = s.http.send(s.request("/api/v1/analyze").header("X-Filename", playlist[0])
                    .POST(HttpRequest.BodyPublishers.ofString(playlist[1], StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode err = ApiTest.JSON.readTree(r.body()).path("error");
            if (playlist[0].equals("list.txt")) {
                // Not recognisable as a playlist or as audio: refused as not audio, or as a playlist.
                assertTrue(Set.of(415, 422).contains(r.statusCode()),
                        playlist[0] + " -> " + r.statusCode() + " " + r.body());
            } else {
                assertEquals(415, r.statusCode(), playlist[0] + " -> " + r.body());
                assertEquals("unsupported_format", err.path("code").asText());
                assertTrue(err.path("message").asText().contains("playlist"), r.body());
            }
        }
        assertEquals(before, s.footprint());
    }
}
