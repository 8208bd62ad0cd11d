package io.emovox.cli;

import io.emovox.testing.ChildJvm;
import io.emovox.testing.LocalHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code emovox model download} as a separate process, pointed by HF_ENDPOINT and
 * MODELSCOPE_DOMAIN at a real local server that serves the random-weight tiny9 checkpoint in
 * each hub's layout: installs from both hubs, and each failure's one line and exit code.
 */
class ModelDownloadCommandTest {
    static final Path FIXTURE = ModelCommandTest.REPO.resolve("core/src/test/resources/emotion2vec/tiny9");

    @TempDir
    Path tmp;
    private LocalHub hf;
    private LocalHub ms;

    private record Run(int code, String out, String err) {}

    @BeforeEach
    void start() throws Exception {
        hf = new LocalHub("emotion2vec/emotion2vec_plus_seed", FIXTURE);
        ms = new LocalHub("iic/emotion2vec_plus_seed", FIXTURE);
    }

    @AfterEach
    void stop() {
        hf.close();
        ms.close();
    }

    private Run emovox(Path home, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.java(),
                "-Xmx1g", "-cp", ChildJvm.pathingJar(tmp).toString(), EmovoxCli.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        for (String v : List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "HF_TOKEN", "HF_HUB_OFFLINE",
                "HUGGING_FACE_HUB_TOKEN", "MODELSCOPE_API_TOKEN")) {
            pb.environment().remove(v);
        }
        pb.environment().put("EMOVOX_HOME", home.toString());
        pb.environment().put("HF_ENDPOINT", hf.endpoint());
        pb.environment().put("MODELSCOPE_DOMAIN", ms.endpoint());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "emovox " + Arrays.toString(args) + " did not finish");
        return new Run(p.exitValue(), out, err);
    }

    @Test
    void downloadsFromEitherHubAndLists() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Run hfRun = emovox(home, Map.of(), "model", "download", "emotion2vec_plus_seed");
        assertEquals(0, hfRun.code(), hfRun.err());
        assertTrue(hfRun.out().startsWith("installed emotion2vec_plus_seed from huggingface: custom-sized, D=48"),
                hfRun.out());
        assertTrue(hfRun.err().contains("emovox: model.pt verified"), hfRun.err());
        assertTrue(hf.seen().stream().anyMatch(s -> s.server().equals("cdn")), "model.pt came through the redirect");

        Run msRun = emovox(home, Map.of(), "model", "download", "emotion2vec_plus_seed", "--from", "modelscope",
                "--name", "seed-ms");
        assertEquals(0, msRun.code(), msRun.err());
        assertTrue(msRun.out().startsWith("installed seed-ms from modelscope"), msRun.out());

        Run list = emovox(home, Map.of(), "model", "list");
        assertTrue(list.out().contains(" emotion2vec_plus_seed ") && list.out().contains(" seed-ms "), list.out());

        Run again = emovox(home, Map.of(), "model", "download", "emotion2vec_plus_seed");
        assertEquals(ExitCodes.USAGE, again.code());
        assertTrue(again.err().contains("is already installed"), again.err());
    }

    @Test
    void eachFailureHasItsLineAndExitCode() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Run missing = emovox(home, Map.of(), "model", "download", "emotion2vec_plus_huge");
        assertOneLine(missing, ExitCodes.HUB_NOT_FOUND, "emovox: huggingface at " + hf.endpoint()
                + " has no model emotion2vec/emotion2vec_plus_huge at revision main.");

        ms.requiredToken = "sesame";
        Run denied = emovox(home, Map.of(), "model", "download", "emotion2vec_plus_seed", "--from", "modelscope");
        assertOneLine(denied, ExitCodes.HUB_ACCESS_DENIED,
                "emovox: modelscope refused model iic/emotion2vec_plus_seed");
        assertTrue(denied.err().contains("Set MODELSCOPE_API_TOKEN"), denied.err());
        Run allowed = emovox(home, Map.of("MODELSCOPE_API_TOKEN", "sesame"), "model", "download",
                "emotion2vec_plus_seed", "--from", "ms");
        assertEquals(0, allowed.code(), allowed.err());
        assertTrue(emovox(home, Map.of(), "model", "remove", "emotion2vec_plus_seed").code() == 0);

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run offline = emovox(home, Map.of("HF_ENDPOINT", "http://127.0.0.1:" + closed), "model", "download",
                "emotion2vec_plus_base");
        assertOneLine(offline, ExitCodes.HUB_UNREACHABLE, "emovox: Cannot reach huggingface at http://127.0.0.1:"
                + closed + " (connection refused).");

        Run offlineMode = emovox(home, Map.of("HF_HUB_OFFLINE", "1"), "model", "download", "emotion2vec_plus_seed");
        assertOneLine(offlineMode, ExitCodes.HUB_UNREACHABLE, "emovox: HF_HUB_OFFLINE is set");
        Run badHub = emovox(home, Map.of(), "model", "download", "emotion2vec_plus_seed", "--from", "github");
        assertOneLine(badHub, ExitCodes.USAGE, "emovox: Unknown model hub 'github': use huggingface or modelscope.");

        hf.corruptAt = 100;
        Run corrupt = emovox(home, Map.of(), "model", "download", "emotion2vec_plus_seed");
        assertOneLine(corrupt, ExitCodes.CHECKSUM_MISMATCH, "emovox: model.pt from huggingface does not match the "
                + "SHA-256 the hub publishes for it");
        assertFalse(Files.exists(home.resolve("models/emotion2vec_plus_seed")));
        assertFalse(Files.exists(home.resolve("models/.downloads")) && Files.list(home.resolve("models/.downloads"))
                .findAny().isPresent(), "the staging folder is cleaned");
    }

    private static void assertOneLine(Run r, int code, String start) {
        assertEquals(code, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("emovox: ") && !l.contains("downloading")
                && !l.contains("listing") && !l.contains("verified")).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith(start), lines.get(0));
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }
}
