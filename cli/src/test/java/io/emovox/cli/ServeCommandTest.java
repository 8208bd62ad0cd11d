package io.emovox.cli;

import io.emovox.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real commands as separate processes on one $EMOVOX_HOME: {@code emovox serve} with the
 * built-in model, {@code emovox token create} while it runs, an analysis of a real recording with
 * that token, then {@code token revoke} and {@code cleanup}.
 */
class ServeCommandTest {
    static final Path REPO = Path.of(System.getProperty("emovox.repo.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path tmp;


    private ProcessBuilder emovox(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.java(),
                "-Xmx1g", "-cp", ChildJvm.pathingJar(tmp).toString(), EmovoxCli.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("EMOVOX_HOME", home.toString());
        return pb;
    }

    private String run(Path home, String... args) throws Exception {
        Process p = emovox(home, args).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", args) + ": " + out
                + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        return out.strip();
    }

    @Test
    void serveTokenAnalyzeRevokeCleanup() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Process server = emovox(home, "serve", "--port", "0", "--model", "builtin").redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String base = null;
            boolean password = false;
            StringBuilder seen = new StringBuilder();
            for (String line; base == null && (line = lines.readLine()) != null; ) {
                seen.append(line).append('\n');
                password |= line.matches("\\s+password: \\S{16,}");
                Matcher m = Pattern.compile("serving on (http://127\\.0\\.0\\.1:\\d+)").matcher(line);
                if (m.find()) {
                    base = m.group(1);
                }
            }
            assertTrue(base != null && password, seen.toString());

            String token = run(home, "token", "create", "--name", "ci");
            assertTrue(token.startsWith("evx_"), token);
            HttpClient http = HttpClient.newHttpClient();
            Path clip = REPO.resolve("../shared/data/emodb/wav/03a01Wa.wav").normalize();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/analyze"))
                    .timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + token)
                    .header("X-Filename", "03a01Wa.wav").POST(HttpRequest.BodyPublishers.ofFile(clip)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"name\" : \"builtin\""), r.body());
            assertTrue(r.body().contains("\"emotion\""), r.body());

            run(home, "token", "revoke", "ci");
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, refused.statusCode());

            String cleanup = run(home, "cleanup", "--keep-days", "0", "--keep-gb", "0");
            assertTrue(cleanup.contains("deleted 1 job(s)"), cleanup);
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
