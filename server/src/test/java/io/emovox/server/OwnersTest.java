package io.emovox.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.server.auth.AuthStore;
import io.emovox.server.db.Database;
import io.emovox.server.db.Migrations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs belong to whoever created them: a token sees, follows, downloads, pins and deletes only its
 * own jobs (someone else's answer 404, as if they did not exist); an admin-role token and the
 * admin login see all of them, with their owner. Also: {@code token reset-admin} ends the admin's
 * sessions at once, and jobs from before owners existed go to the admin.
 */
class OwnersTest {
    @TempDir
    static Path tmp;
    static TestServer s;
    static String alice;
    static String bob;
    static String root;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer(TestServer.newHome(tmp), c -> c.withLimits(c.limits().withRequestsPerMinute(1000)));
        alice = s.server.auth().createToken("alice");
        bob = s.server.auth().createToken("bob");
        root = s.server.auth().createToken("ops", true);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static HttpResponse<String> as(String token, String method, String path) throws Exception {
        return s.http.send(s.requestAs(token, path).header("Accept",
                path.endsWith("/events") ? "text/event-stream" : "*/*")
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String upload(String token, String clip) throws Exception {
        HttpResponse<String> r = s.http.send(s.requestAs(token, "/api/v1/analyze").header("X-Filename", clip)
                .POST(HttpRequest.BodyPublishers.ofFile(TestServer.emodb(clip))).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.headers().firstValue("X-Emovox-Job").orElseThrow();
    }

    private static List<String> listed(String token) throws Exception {
        List<String> ids = new ArrayList<>();
        ApiTest.JSON.readTree(as(token, "GET", "/api/v1/jobs?limit=500").body()).get("jobs")
                .forEach(j -> ids.add(j.get("id").asText()));
        return ids;
    }

    @Test
    void aTokenUsesOnlyItsOwnJobsAndAdminsUseAll() throws Exception {
        String a = upload(alice, "03a01Wa.wav");
        String b = upload(bob, "08a01Wa.wav");
        List<Multipart.Part> parts = List.of(new Multipart.Part("file", "03a01Fa.wav",
                Files.readAllBytes(TestServer.emodb("03a01Fa.wav"))));
        HttpResponse<String> batch = s.http.send(s.requestAs(alice, "/api/v1/batch")
                .header("Content-Type", "multipart/form-data; boundary=xx")
                .POST(Multipart.body("xx", parts)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, batch.statusCode(), batch.body());
        String a2 = ApiTest.JSON.readTree(batch.body()).at("/jobs/0/id").asText();
        s.awaitJob(a2, java.time.Duration.ofSeconds(60));

        assertEquals(Set.of(a, a2), Set.copyOf(listed(alice)));
        assertEquals(List.of(b), listed(bob));
        assertTrue(listed(root).containsAll(List.of(a, a2, b)));

        // Every job route: bob's job does not exist for alice.
        String j = "/api/v1/jobs/" + b;
        for (String[] route : new String[][] {{"GET", j}, {"GET", j + "/result"}, {"GET", j + "/files/result.json"},
                {"GET", j + "/files/processed_audio.wav"}, {"POST", j + "/pin"}, {"DELETE", j}}) {
            HttpResponse<String> r = as(alice, route[0], route[1]);
            assertEquals(404, r.statusCode(), route[0] + " " + route[1] + " -> " + r.body());
            assertEquals(as(alice, route[0],
                    "/api/v1/jobs/0123456789abcdef0123456789abcdef" + route[1].substring(j.length()))
                    .statusCode(), r.statusCode(), "same answer as a job that does not exist");
        }
        HttpResponse<String> events = as(alice, "GET", j + "/events");
        assertTrue(events.body().contains("event: error") && events.body().contains("not_found"), events.body());
        assertFalse(events.body().contains("08a01Wa"), events.body());
        HttpResponse<String> search = as(alice, "GET", "/api/v1/jobs?q=08a01Wa");
        assertEquals(0, ApiTest.JSON.readTree(search.body()).get("jobs").size(), search.body());
        assertTrue(s.server.jobs().get(b).isPresent(), "alice could not delete it");
        assertFalse(s.server.jobs().get(b).orElseThrow().pinned(), "nor pin it");

        // The owner may; an admin-role token may use anyone's.
        assertEquals(200, as(bob, "GET", j + "/result").statusCode());
        assertEquals(200, as(root, "POST", j + "/pin").statusCode());
        JsonNode seen = ApiTest.JSON.readTree(as(root, "GET", j).body());
        assertEquals("bob", seen.get("owner").asText());
        assertEquals(204, as(root, "DELETE", "/api/v1/jobs/" + a2).statusCode());
        assertEquals(List.of(a), listed(alice));

        // The admin login sees every job, with its owner, as the web UI shows them.
        TestServer.Session admin = s.login();
        HttpResponse<String> all = s.http.send(HttpRequest.newBuilder(URI.create(s.url("/api/v1/jobs?limit=500")))
                .header("Cookie", admin.cookie()).build(), HttpResponse.BodyHandlers.ofString());
        List<String> owners = new ArrayList<>();
        ApiTest.JSON.readTree(all.body()).get("jobs").forEach(x -> owners.add(x.get("owner").asText()));
        assertTrue(owners.containsAll(List.of("alice", "bob")), owners.toString());
        JsonNode session = ApiTest.JSON.readTree(s.http.send(
                HttpRequest.newBuilder(URI.create(s.url("/api/v1/session")))
                .header("Cookie", admin.cookie()).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertTrue(session.get("admin").asBoolean());
        assertFalse(ApiTest.JSON.readTree(as(alice, "GET", "/api/v1/session").body()).get("admin").asBoolean());
    }

    @Test
    void theUiCreatesTokensWithARoleAndListsIt() throws Exception {
        TestServer.Session admin = s.login();
        HttpResponse<String> created = s.http.send(HttpRequest.newBuilder(URI.create(s.url("/api/v1/tokens")))
                .header("Cookie", admin.cookie()).header("X-CSRF-Token", admin.csrf())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ui-admin\",\"admin\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        String token = ApiTest.JSON.readTree(created.body()).get("token").asText();
        String bobs = upload(bob, "03a02Wb.wav");
        assertEquals(200, as(token, "GET", "/api/v1/jobs/" + bobs).statusCode(), "an admin-role token sees bob's job");
        JsonNode list = ApiTest.JSON.readTree(s.http.send(HttpRequest.newBuilder(URI.create(s.url("/api/v1/tokens")))
                .header("Cookie", admin.cookie()).build(), HttpResponse.BodyHandlers.ofString()).body());
        boolean found = false;
        for (JsonNode t : list.get("tokens")) {
            if (t.get("name").asText().equals("ui-admin")) {
                found = t.get("admin").asBoolean();
            } else if (t.get("name").asText().equals("alice")) {
                assertFalse(t.get("admin").asBoolean());
            }
        }
        assertTrue(found, list.toString());
    }

    @Test
    void resetAdminEndsTheAdminsSessionsAtOnce() throws Exception {
        try (TestServer own = new TestServer(TestServer.newHome(tmp), c -> c)) {
            resetAdminEndsSessions(own);
        }
    }

    private static void resetAdminEndsSessions(TestServer s) throws Exception {
        TestServer.Session admin = s.login();
        HttpRequest.Builder probe = HttpRequest.newBuilder(URI.create(s.url("/api/v1/session"))).header("Cookie",
                admin.cookie());
        assertEquals(200, s.http.send(probe.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        // What 'emovox token reset-admin' does: its own connection to the running server's database.
        String password;
        try (Database other = Database.open(s.server.config().paths().database())) {
            password = new AuthStore(other).resetAdminPassword();
        }
        assertEquals(401, s.http.send(probe.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertTrue(s.server.auth().checkPassword("admin", password));
        assertFalse(s.server.auth().checkPassword("admin", s.adminPassword));
    }

    @Test
    void jobsFromBeforeOwnersGoToTheAdmin(@TempDir Path old) throws Exception {
        Path db = old.resolve("emovox.db");
        String v1;
        try (var in = Migrations.class.getResourceAsStream("V1__initial.sql")) {
            v1 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            for (String sql : v1.split(";\\s*\\n")) {
                if (!sql.isBlank()) {
                    st.execute(sql);
                }
            }
            st.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at "
                    + "INTEGER NOT NULL)");
            st.execute("INSERT INTO schema_version VALUES (1, 'V1__initial.sql', 0)");
            st.execute("INSERT INTO jobs(id, status, file_name, options_json, owner, created_at) VALUES "
                    + "('0123456789abcdef0123456789abcdef', 'done', 'old.wav', '{\"granularity\":\"utterance\"}', "
                    + "'ci', 1)");
            st.execute("INSERT INTO api_tokens(id, name, secret_hash, created_at) VALUES ('00112233aabbccdd', 'ci', "
                    + "'x', 1)");
        }
        try (Database d = Database.open(db)) {
            assertEquals(Migrations.latestVersion(), Migrations.currentVersion(d));
            var job = new io.emovox.server.jobs.JobStore(d).get("0123456789abcdef0123456789abcdef").orElseThrow();
            assertEquals("user:admin", job.ownerId());
            assertEquals("admin", job.owner());
            assertFalse(new AuthStore(d).listTokens().get(0).admin(), "existing tokens keep the user role");
        }
    }
}
