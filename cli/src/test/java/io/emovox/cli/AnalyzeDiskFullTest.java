package io.emovox.cli;

import static io.emovox.cli.AnalyzeCommandTest.analyze;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.emovox.cli.AnalyzeCommandTest.Run;
import io.emovox.testing.FixtureModel;
import io.emovox.testing.TestAudio;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code emovox analyze} on a really full disk: a 4 MiB tmpfs, filled up to a few pages. Whether
 * the results or the analysis' own work files meet the full disk, the user gets exit code 7 and
 * one line that says the disk is full and what to do, no stack trace, nothing half-written, and an
 * older result in place is kept. Mounting needs root (CI runs as root); elsewhere it is skipped.
 */
class AnalyzeDiskFullTest {

    /** Free space left on the disk: enough for result.json, not for processed_audio.wav (61 KB). */
    private static final long LEFT = 40_000;

    @TempDir
    static Path tmp;

    private static Path disk;
    private static boolean mounted;
    private final FixtureModel model = FixtureModel.withFrames(30 * 16_000);
    private final Path clip = TestAudio.emodb("03a01Wa.wav");

    @BeforeAll
    static void mountTinyDisk() throws Exception {
        assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0,
                "needs root to mount a small tmpfs (CI runs as root)");
        disk = Files.createDirectories(tmp.resolve("tiny-disk"));
        String out = run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString());
        mounted = true;
        assertTrue(Files.getFileStore(disk).type().equals("tmpfs"), "not mounted: " + out);
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mounted) {
            // Lazily: a file left open by a failing analysis must not leave the mount behind.
            run("umount", "--lazy", disk.toString());
        }
    }

    @Test
    void resultsOnAFullDiskFailWithOneLineLeavingNothingAndKeepingTheOlderResult() throws IOException {
        Path out = disk.resolve("out");
        fillLeaving(2_000_000);
        Run first = analyze(model, "--output", out.toString(), clip.toString());
        assertEquals(0, first.exit(), first.err());
        Path folder = out.resolve("03a01Wa_wav");
        String before = Files.readString(folder.resolve("result.json"), StandardCharsets.UTF_8);

        fillLeaving(LEFT);
        Run full = analyze(model, "--output", out.toString(), "--force", clip.toString());
        assertEquals(ExitCodes.IO, full.exit(), full.err());
        assertOneLineSayingTheDiskIsFull(full.err());
        assertTrue(full.err().contains("the disk holding " + folder.toAbsolutePath() + " is full"), full.err());
        assertEquals(List.of("03a01Wa_wav"), names(out), "a half-written folder was left");
        assertEquals(before, Files.readString(folder.resolve("result.json"), StandardCharsets.UTF_8));
        assertEquals(List.of("processed_audio.wav", "result.json"), names(folder).stream()
                .filter(n -> !n.equals(DoneMarkers.FILE)).toList());

        // A batch keeps going and lists each input's reason.
        Path other = tmp.resolve("copy.wav");
        Files.copy(clip, other);
        Run batch = analyze(model, "--output", disk.resolve("batch").toString(), clip.toString(), other.toString());
        assertEquals(ExitCodes.PARTIAL_FAILURE, batch.exit(), batch.err());
        assertFalse(batch.err().contains("Exception") || batch.err().contains("\tat "), batch.err());
        assertEquals(2, batch.err().lines().filter(l -> l.contains(" is full. Free some space there")).count(),
                batch.err());
        assertEquals(List.of(), names(disk.resolve("batch")), "a half-written folder was left");
    }

    @Test
    void workFilesOnAFullDiskFailWithOneLineAndAreCleanedUp() throws IOException {
        fillLeaving(LEFT);
        Path work = Files.createDirectories(disk.resolve("tmp"));
        Path out = tmp.resolve("elsewhere");
        String saved = System.getProperty("java.io.tmpdir");
        Run full;
        try {
            System.setProperty("java.io.tmpdir", work.toString()); // where analyses keep their work files
            full = analyze(model, "--output", out.toString(), clip.toString());
        } finally {
            System.setProperty("java.io.tmpdir", saved);
        }
        assertEquals(ExitCodes.IO, full.exit(), full.err());
        assertOneLineSayingTheDiskIsFull(full.err());
        assertTrue(full.err().contains("An analysis work file could not be written: the disk holding " + work),
                full.err());
        assertTrue(full.err().contains("-Djava.io.tmpdir=DIR"), full.err());
        assertEquals(List.of(), names(work), "work files were left behind");
        assertFalse(Files.exists(out.resolve("03a01Wa_wav")), "a result appeared although the analysis failed");
    }

    private static void assertOneLineSayingTheDiskIsFull(String err) {
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("emovox: "), err);
        assertTrue(err.contains(" is full. Free some space there, or "), err);
        assertFalse(err.contains("Exception") || err.contains("internal error"), err);
    }

    /** Fills the disk completely, then frees about {@code free} bytes (whole pages). */
    private static void fillLeaving(long free) throws IOException {
        Path filler = disk.resolve("filler");
        Files.deleteIfExists(filler);
        try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.allocate(1 << 16);
            try {
                while (true) {
                    block.clear();
                    ch.write(block);
                }
            } catch (IOException full) {
                assertTrue(full.getMessage().contains("No space left on device"), full.getMessage());
            }
            ch.truncate(Math.max(0, ch.size() - free));
        }
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd) + " hung");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
    }
}
