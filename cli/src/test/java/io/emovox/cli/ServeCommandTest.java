package io.emovox.cli;

import io.emovox.testing.ChildJvm;
import org.junit.jupiter.api.Tag;
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
 * built-in model, a second {@code serve} on the same home and one on its port (both refused with
 * their own exit codes), {@code emovox token create} (with and without the admin role) while it
 * runs, an analysis of a real recording with that token, then {@code token revoke} and {@code cleanup}.
 */
@Tag("slow") // a server in its own JVM through the CLI (about 35 s); the server tests and .ci/serve-check cover serving
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

    /** Runs a command expected to fail with {@code code}; returns what it printed on stderr. */
    private String fails(Path home, int code, String... args) throws Exception {
        Process p = emovox(home, args).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(code, p.exitValue(), String.join(" ", args) + ": " + out + err);
        return err.strip();
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
            BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
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

            // A second server on the same home is refused, one line, its own exit code; so is a taken port.
            String second = fails(home, ExitCodes.STATE_LOCKED, "serve", "--port", "0", "--model", "builtin");
            assertTrue(second.startsWith("emovox: Another emovox server (pid ") && !second.contains("\n")
                    && !second.contains("Exception"), second);
            Path other = Files.createDirectories(tmp.resolve("other-home"));
            String port = base.substring(base.lastIndexOf(':') + 1);
            String taken = fails(other, ExitCodes.PORT_IN_USE, "serve", "--port", port, "--model", "builtin");
            assertTrue(taken.startsWith("emovox: Port " + port) && !taken.contains("\n"), taken);
            assertTrue(!Files.exists(other.resolve("server/emovox.db")), "the refused server made no database");

            String token = run(home, "token", "create", "--name", "ci");
            assertTrue(token.startsWith("evx_"), token);
            String adminToken = run(home, "token", "create", "--name", "ops", "--admin");
            String list = run(home, "token", "list");
            assertTrue(list.matches("(?s).*ci\\s+active\\s+user.*") && list.matches("(?s).*ops\\s+active\\s+admin.*"),
                    list);
            HttpClient http = HttpClient.newHttpClient();
            Path clip = REPO.resolve("../shared/data/emodb/wav/03a01Wa.wav").normalize();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/analyze"))
                    .timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + token)
                    .header("X-Filename", "03a01Wa.wav").POST(HttpRequest.BodyPublishers.ofFile(clip)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"name\" : \"builtin\""), r.body());
            assertTrue(r.body().contains("\"emotion\""), r.body());

            // The job belongs to the 'ci' token: the admin-role token sees it too.
            String jobId = r.headers().firstValue("X-Emovox-Job").orElseThrow();
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/" + jobId))
                    .header("Authorization", "Bearer " + adminToken).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode());

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
