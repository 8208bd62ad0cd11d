package io.emovox.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.model.store.download.HubEnvironment;
import io.emovox.testing.FixtureModel;
import io.emovox.testing.LocalHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model management over the API on a real server: an admin lists, downloads (from a real local
 * hub server serving the tiny9 checkpoint in ModelScope's layout, progress polled), chooses the
 * default and removes; a user-role token gets 403 everywhere.
 */
class ModelAdminTest {
    static final Path FIXTURE = TestServer.REPO.resolve("core/src/test/resources/emotion2vec/tiny9");

    @TempDir
    Path tmp;
    private LocalHub hub;
    private EmovoxServer server;
    private String admin;
    private String user;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        hub = new LocalHub("iic/emotion2vec_plus_seed", FIXTURE);
        Path home = Files.createDirectories(tmp.resolve("home"));
        ServerConfig config = ServerConfig.defaults(home).withPort(0);
        server = EmovoxServer.start(config, new CoreAnalysisEngine(FixtureModel.withFrames(16_000), null, List.of(),
                config.limits()), line -> { }, new HubEnvironment(Map.of("MODELSCOPE_DOMAIN", hub.endpoint())));
        admin = server.auth().createToken("admin", true);
        user = server.auth().createToken("user", false);
    }

    @AfterEach
    void stop() {
        server.close();
        hub.close();
    }

    private HttpResponse<String> call(String token, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> r) throws Exception {
        return ApiTest.JSON.readTree(r.body());
    }

    private JsonNode await(String id) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode d;
        do {
            d = json(call(admin, "GET", "/api/v1/admin/models/downloads/" + id, null));
            if (d.path("status").asText().matches("done|failed")) {
                return d;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < end);
        return d;
    }

    @Test
    void adminDownloadsChoosesAndRemovesWithProgress() throws Exception {
        HttpResponse<String> started = call(admin, "POST", "/api/v1/admin/models/downloads",
                "{\"model\": \"emotion2vec_plus_seed\", \"from\": \"modelscope\"}");
        assertEquals(202, started.statusCode(), started.body());
        String id = json(started).path("id").asText();
        assertEquals("modelscope", json(started).path("from").asText());
        HttpResponse<String> twice = call(admin, "POST", "/api/v1/admin/models/downloads",
                "{\"model\": \"emotion2vec_plus_seed\", \"from\": \"modelscope\"}");
        JsonNode done = await(id);
        assertTrue(twice.statusCode() == 409, "a second download of the same model is refused: " + twice.body());
        assertEquals("done", done.path("status").asText(), done.toString());
        assertEquals("emotion2vec_plus_seed", done.path("installed").asText());
        assertEquals(1.0, done.path("fraction").asDouble());
        long total = hub.file("model.pt").length + hub.file("config.yaml").length + hub.file("tokens.txt").length
                + hub.file("README.md").length;
        assertEquals(total, done.path("bytes_total").asLong());
        assertTrue(hub.seen().stream().anyMatch(s -> s.uri().contains("FilePath=model.pt")), "fetched from the hub");

        JsonNode list = json(call(admin, "GET", "/api/v1/admin/models", null));
        assertEquals("builtin", list.at("/default/name").asText());
        assertEquals(List.of("builtin", "emotion2vec_plus_seed"),
                List.of(list.at("/models/0/name").asText(), list.at("/models/1/name").asText()));
        assertEquals(48, list.at("/models/1/dim").asInt());
        assertEquals(id, list.at("/downloads/0/id").asText());

        HttpResponse<String> chosen = call(admin, "PUT", "/api/v1/admin/models/default",
                "{\"name\": \"emotion2vec_plus_seed\"}");
        assertEquals(200, chosen.statusCode(), chosen.body());
        assertTrue(json(call(admin, "GET", "/api/v1/admin/models", null)).at("/models/1/default").asBoolean());

        HttpResponse<String> removed = call(admin, "DELETE", "/api/v1/admin/models/emotion2vec_plus_seed", null);
        assertEquals(200, removed.statusCode(), removed.body());
        assertTrue(json(removed).path("was_default").asBoolean());
        JsonNode after = json(call(admin, "GET", "/api/v1/admin/models", null));
        assertEquals(1, after.path("models").size());
        assertEquals("builtin", after.at("/default/name").asText());
        assertEquals(404, call(admin, "DELETE", "/api/v1/admin/models/emotion2vec_plus_seed", null).statusCode());
    }

    @Test
    void failuresAreReportedAndUsersAreRefused() throws Exception {
        HttpResponse<String> started = call(admin, "POST", "/api/v1/admin/models/downloads",
                "{\"model\": \"emotion2vec_plus_huge\", \"from\": \"modelscope\"}");
        assertEquals(202, started.statusCode(), started.body());
        JsonNode failed = await(json(started).path("id").asText());
        assertEquals("failed", failed.path("status").asText(), failed.toString());
        assertEquals("hub_not_found", failed.at("/error/code").asText());
        assertTrue(failed.at("/error/message").asText().contains("has no model iic/emotion2vec_plus_huge"),
                failed.toString());

        assertEquals(400, call(admin, "POST", "/api/v1/admin/models/downloads", "{\"model\": \"../x\"}").statusCode());
        assertEquals(400, call(admin, "POST", "/api/v1/admin/models/downloads", "not json").statusCode());
        assertEquals(400, call(admin, "POST", "/api/v1/admin/models/downloads",
                "{\"model\": \"emotion2vec_plus_seed\", \"from\": \"github\"}").statusCode());
        assertEquals(404, call(admin, "GET", "/api/v1/admin/models/downloads/nope", null).statusCode());

        for (String[] route : List.of(new String[] {"GET", "/api/v1/admin/models", null},
                new String[] {"POST", "/api/v1/admin/models/downloads", "{\"model\": \"emotion2vec_plus_seed\"}"},
                new String[] {"GET", "/api/v1/admin/models/downloads/x", null},
                new String[] {"PUT", "/api/v1/admin/models/default", "{\"name\": \"builtin\"}"},
                new String[] {"DELETE", "/api/v1/admin/models/emotion2vec_plus_seed", null})) {
            HttpResponse<String> r = call(user, route[0], route[1], route[2]);
            assertEquals(403, r.statusCode(), route[0] + " " + route[1] + ": " + r.body());
            assertEquals("forbidden", json(r).at("/error/code").asText());
        }
        assertFalse(hub.seen().stream().anyMatch(s -> s.uri().contains("emotion2vec_plus_seed")),
                "a refused user started nothing");
    }
}
