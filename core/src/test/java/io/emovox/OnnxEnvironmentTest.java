package io.emovox;

import ai.onnxruntime.OrtEnvironment;
import io.emovox.audio.vad.SileroVad;
import io.emovox.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ONNX Runtime keeps its telemetry events in a local queue under the user's cache folder (and
 * uploads them where it can). A child JVM with its own HOME, and without ORT_DISABLE_TELEMETRY,
 * shows what a session leaves there: through {@link OnnxEnvironment} no session events.
 *
 * <p>ONNX Runtime records nothing at all when it sees a CI variable (CI, GITHUB_ACTIONS,
 * JENKINS_URL and others; CI=true on this project's CI failed the control once), so the children
 * get a cleared environment: only PATH, HOME and XDG_CACHE_HOME.
 */
class OnnxEnvironmentTest {
    @TempDir
    Path tmp;

    /** Child main: "emovox" loads and runs the VAD through OnnxEnvironment; "raw" uses plain ORT. */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("emovox")) {
            try (SileroVad vad = SileroVad.load()) {
                System.out.println("vad ok " + vad.getClass().getSimpleName());
            }
        } else {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            byte[] model = SileroVad.class.getResourceAsStream(SileroVad.MODEL_RESOURCE).readAllBytes();
            try (var s = env.createSession(model, new ai.onnxruntime.OrtSession.SessionOptions())) {
                System.out.println("raw ok " + s.getNumInputs());
            }
        }
    }

    @Test
    void sessionsMadeThroughOnnxEnvironmentLeaveNoTelemetryEvents() throws Exception {
        String ours = telemetryLeftBy("emovox", tmp.resolve("emovox"));
        assertFalse(ours.contains("SessionCreation"), "session telemetry recorded");
        assertFalse(ours.contains("ModelLoad"), "model-load telemetry recorded");
        // The control: without it, an ONNX Runtime that records nothing here would pass the above.
        String raw = telemetryLeftBy("raw", tmp.resolve("raw"));
        assertTrue(raw.contains("SessionCreation"), "the check sees plain ONNX Runtime's session events");
    }

    /** Runs the child with HOME and XDG_CACHE_HOME in {@code home}; returns the bytes it left there. */
    private String telemetryLeftBy(String mode, Path home) throws Exception {
        Files.createDirectories(home);
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.java(), "-cp", ChildJvm.pathingJar(tmp).toString(),
                OnnxEnvironmentTest.class.getName(), mode).redirectErrorStream(true);
        String path = System.getenv("PATH");
        pb.environment().clear();
        pb.environment().put("PATH", path == null ? "/usr/bin:/bin" : path);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), mode + " did not finish");
        assertEquals(0, p.exitValue(), out);
        StringBuilder left = new StringBuilder();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                left.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return left.toString();
    }
}
