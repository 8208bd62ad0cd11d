package io.emovox.server;

import io.emovox.server.jobs.AnalysisEngine;
import io.emovox.model.EmotionModel;
import io.emovox.model.store.download.HubEnvironment;
import io.emovox.testing.FixtureModel;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real server for tests: fresh home folder, random port, real SQLite, the real analysis core
 * with the fixture model (plumbing) unless another engine is given. Holds an API token with the
 * admin role (OwnersTest makes its own user-role tokens).
 */
final class TestServer implements AutoCloseable {
    static final Path REPO = Path.of(System.getProperty("emovox.repo.root", "..")).toAbsolutePath().normalize();
    static final Path DATA = REPO.resolve("../shared/data").normalize();

    final Path home;
    final EmovoxServer server;
    final AnalysisEngine engine;
    final EmotionModel model;
    final String adminPassword;
    final String token;
    final String notices;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    TestServer(Path home, java.util.function.UnaryOperator<ServerConfig> tweak) {
        this(home, tweak, FixtureModel.withFrames(16_000 * 10));
    }

    TestServer(Path home, java.util.function.UnaryOperator<ServerConfig> tweak, EmotionModel model) {
        this(home, tweak, model, config -> new CoreAnalysisEngine(model, null, List.of(), config.limits()));
    }

    /** A server over the engine {@code engines} makes (closed with the server); {@code model} may be null. */
    TestServer(Path home, java.util.function.UnaryOperator<ServerConfig> tweak, EmotionModel model,
               java.util.function.Function<ServerConfig, AnalysisEngine> engines) {
        this(home, tweak, model, engines, NO_HUB);
    }

    /**
     * Model hubs nobody listens on (a closed port): a test that downloads a model says where from,
     * and none reaches the internet.
     */
    static final HubEnvironment NO_HUB = new HubEnvironment(java.util.Map.of("HF_ENDPOINT", "http://127.0.0.1:9",
            "MODELSCOPE_DOMAIN", "http://127.0.0.1:9"));

    /** As above, with model downloads going to {@code hubs}. */
    TestServer(Path home, java.util.function.UnaryOperator<ServerConfig> tweak, EmotionModel model,
               java.util.function.Function<ServerConfig, AnalysisEngine> engines, HubEnvironment hubs) {
        this.home = home;
        this.model = model;
        ServerConfig config = tweak.apply(ServerConfig.defaults(home).withPort(0));
        this.engine = engines.apply(config);
        StringBuilder out = new StringBuilder();
        this.server = EmovoxServer.start(config, engine, line -> out.append(line).append('\n'), hubs);
        this.notices = out.toString();
        this.adminPassword = passwordIn(notices);
        this.token = server.auth().createToken("test", true); // admin role: sees the jobs the web UI makes too
    }

    static Path newHome(Path parent) throws IOException {
        return Files.createDirectories(parent.resolve("home-" + UUID.randomUUID()));
    }

    static String passwordIn(String notices) {
        Matcher m = Pattern.compile("password: (\\S+)").matcher(notices);
        return m.find() ? m.group(1) : null;
    }

    String url(String path) {
        return server.baseUrl() + path;
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postFile(String path, Path file) throws IOException, InterruptedException {
        return http.send(request(path).header("X-Filename", file.getFileName().toString())
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Path emodb(String name) {
        return DATA.resolve("emodb/wav").resolve(name);
    }

    /** The first {@code n} EmoDB recordings, sorted by name. */
    static List<Path> emodbClips(int n) throws IOException {
        try (var s = Files.list(DATA.resolve("emodb/wav"))) {
            return s.filter(p -> p.toString().endsWith(".wav")).sorted().limit(n).toList();
        }
    }

    /** A browser session of the admin: the cookie ("name=value") and its CSRF token. */
    record Session(String cookie, String csrf) {}

    Session login() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/login")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + adminPassword + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("login failed: " + r.statusCode() + " " + r.body());
        }
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return new Session(setCookie.substring(0, setCookie.indexOf(';')),
                ApiTest.JSON.readTree(r.body()).get("csrf").asText());
    }

    /** A request with another bearer token than the server's own. */
    HttpRequest.Builder requestAs(String bearer, String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + bearer);
    }

    /** Jobs in the database and entries in the jobs and incoming folders: all zero after a refused upload. */
    String footprint() throws IOException {
        ServerPaths p = server.config().paths();
        return "jobs=" + server.jobs().count() + " jobDirs=" + entries(p.jobs()) + " incoming=" + entries(p.incoming());
    }

    private static long entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }

    /** Waits until the job is done or failed and returns its JSON. */
    com.fasterxml.jackson.databind.JsonNode awaitJob(String id, Duration max) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (true) {
            var j = ApiTest.JSON.readTree(get("/api/v1/jobs/" + id).body());
            String st = j.path("status").asText();
            if (st.equals("done") || st.equals("failed") || System.nanoTime() > end) {
                return j;
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        server.close();
        engine.close();
    }
}
