package io.emovox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emovox.model.builtin.BuiltinModel;
import io.emovox.server.CoreAnalysisEngine;
import io.emovox.server.EmovoxServer;
import io.emovox.server.ServerConfig;
import io.emovox.testing.ChildJvm;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code emovox review export DIR} in its own process beside a running server (real SQLite, the
 * built-in model on EmoDB clips): it writes the reviewed clips and a manifest that
 * {@code emovox evaluate} reads as it is, with the reviewer's labels as the truth; a folder in
 * use and a home without a server are refused in one line.
 */
class ReviewExportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DATA = Path.of(System.getProperty("emovox.repo.root", ".")).toAbsolutePath()
            .resolve("../shared/data/emodb/wav").normalize();

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    private Run child(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.java(), "-Xmx512m", "-cp",
                ChildJvm.pathingJar(tmp).toString(), EmovoxCli.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("EMOVOX_HOME", home.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out.strip(), err.strip());
    }

    @Test
    void exportsReviewedClipsThatEvaluateReads() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        BuiltinModel model = BuiltinModel.load();
        ServerConfig config = ServerConfig.defaults(home).withPort(0);
        HttpClient http = HttpClient.newHttpClient();
        Map<String, String> truth = Map.of("03a01Wa.wav", "angry", "03a01Nc.wav", "neutral", "03a02Ta.wav", "sad");
        Map<String, String> modelLabel = new java.util.HashMap<>();
        try (CoreAnalysisEngine engine = new CoreAnalysisEngine(model, null, List.of(), config.limits());
             EmovoxServer server = EmovoxServer.start(config, engine, line -> { })) {
            String token = server.auth().createToken("reviewer");
            for (String clip : truth.keySet()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                        + "/api/v1/analyze")).timeout(Duration.ofSeconds(120))
                        .header("Authorization", "Bearer " + token)
                        .header("X-Filename", clip).POST(HttpRequest.BodyPublishers.ofFile(DATA.resolve(clip))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                String job = r.headers().firstValue("X-Emovox-Job").orElseThrow();
                JsonNode item = JSON.readTree(post(http, server, token, "/api/v1/jobs/" + job + "/review", null));
                modelLabel.put(clip, item.at("/model/emotion").asText());
                String label = truth.get(clip);
                String id = item.get("id").asText();
                post(http, server, token, "/api/v1/review/" + id + (label.equals(modelLabel.get(clip)) ? "/confirm"
                        : "/correct"), "{\"label\":\"" + label + "\"}");
            }

            // Beside the running server: the CLI reads its database and job folders.
            Path out = tmp.resolve("testset");
            Run r = child(home, "review", "export", out.toString());
            assertEquals(ExitCodes.OK, r.exit(), r.err());
            assertTrue(r.out().contains("wrote 3 reviewed clip(s)"), r.out());
            try (var clips = Files.list(out.resolve("clips"))) {
                assertEquals(3, clips.count());
            }
            try (var siblings = Files.list(tmp)) {
                assertFalse(siblings.anyMatch(p -> p.getFileName().toString().contains(".tmp-")),
                        "no temp folder left");
            }

            // A folder in use is refused, and left as it was.
            Run again = child(home, "review", "export", out.toString());
            assertEquals(ExitCodes.USAGE, again.exit(), again.err());
            assertTrue(again.err().startsWith("emovox: ") && again.err().contains("not an empty folder")
                    && !again.err().contains("\n") && !again.err().contains("Exception"), again.err());
        }
        Run none = child(Files.createDirectories(tmp.resolve("empty-home")), "review", "export",
                tmp.resolve("x").toString());
        assertEquals(ExitCodes.of(io.emovox.ErrorKind.NOT_FOUND), none.exit(), none.err());
        assertTrue(none.err().contains("no server database") && !none.err().contains("\n"), none.err());

        // 'emovox evaluate' reads the manifest as it is: truth = the reviewer's labels, predicted = the model's.
        Path report = tmp.resolve("report.json");
        EvaluateCommandTest.Run ev = evaluate(tmp.resolve("testset/manifest.csv"), report);
        assertEquals(ExitCodes.OK, ev.exit(), ev.err());
        JsonNode j = JSON.readTree(report.toFile());
        JsonNode m = j.get("count").asInt() == 3 ? j : j.get("training_set");
        assertEquals(3, m.get("count").asInt(), j.toString());
        List<String> labels = new ArrayList<>();
        m.get("labels").forEach(l -> labels.add(l.asText()));
        int[][] expected = new int[labels.size()][labels.size()];
        truth.forEach((clip, label) -> expected[labels.indexOf(label)][labels.indexOf(modelLabel.get(clip))]++);
        assertEquals(JSON.valueToTree(expected), m.get("confusion"), "labels " + labels + ", model " + modelLabel);
    }

    private static EvaluateCommandTest.Run evaluate(Path manifest, Path report) {
        return EvaluateCommandTest.emovox("evaluate", manifest.toString(), "--model", "builtin", "--report",
                report.toString());
    }

    private static String post(HttpClient http, EmovoxServer server, String token, String path, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(b.POST(body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 200 || r.statusCode() == 201, path + ": " + r.body());
        return r.body();
    }
}
