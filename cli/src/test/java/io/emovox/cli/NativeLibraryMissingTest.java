package io.emovox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.emovox.testing.ChildJvm;
import io.emovox.testing.TestAudio;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A system library that FFmpeg needs is really missing: {@code emovox analyze} runs in a child JVM
 * in a private mount namespace where libudev.so.1 (which the bundled libavutil links) is hidden the
 * way ../shared/tools/fresh-machine-run hides libraries, by mounting /dev/null over it. The user
 * must get one line naming the library and the package to install, and exit code 8; never a
 * stack trace or "internal error". Needs root and util-linux {@code unshare} (CI runs as root).
 */
class NativeLibraryMissingTest {

    @TempDir
    Path tmp;

    @Test
    void aMissingSystemLibraryOfFfmpegGivesOneLineNamingItsPackageAndExitCode8() throws Exception {
        assumeTrue(isRoot(), "needs root to hide a library in a private mount namespace (CI runs as root)");
        Path unshare = Path.of("/usr/bin/unshare");
        assumeTrue(Files.isExecutable(unshare), "needs util-linux unshare");
        Path libudev = Path.of("/lib/x86_64-linux-gnu/libudev.so.1").toRealPath();

        List<String> cmd = List.of(unshare.toString(), "-m", "sh", "-c", "mount --bind /dev/null \"$0\" && exec \"$@\"",
                libudev.toString(), ChildJvm.java(), "-Xmx1g", "-cp", ChildJvm.pathingJar(tmp).toString(),
                EmovoxCli.class.getName(), "analyze", "--output", tmp.resolve("out").toString(),
                TestAudio.emodb("03a01Wa.wav").toString());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("EMOVOX_HOME", tmp.resolve("home").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "emovox analyze did not finish");

        assertEquals(ExitCodes.NATIVE_LIBRARY, p.exitValue(), "stdout: " + out + "\nstderr: " + err);
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("emovox: FFmpeg (audio decoding) could not be loaded: the system library libudev.so.1"
                + " is missing"), err);
        assertTrue(err.contains("'apt-get install libudev1'"), err);
        assertFalse(err.contains("internal error") || err.contains("Exception"), err);
        assertFalse(Files.exists(tmp.resolve("out/03a01Wa_wav")), "a failed input left an output folder");
    }

    private static boolean isRoot() throws Exception {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }
}
