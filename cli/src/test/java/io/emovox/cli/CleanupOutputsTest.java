package io.emovox.cli;

import io.emovox.testing.ChildJvm;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code emovox cleanup --outputs} and {@code emovox keep} on real analyze output folders (the
 * real analyze with the built-in model on EmoDB clips), next to things cleanup must never touch:
 * a WebUI-style result.json, a symbolic link to an output folder elsewhere, a hidden folder being
 * written, a folder with a sub-folder. Ages are set through the files' modification times.
 */
class CleanupOutputsTest {
    private static final Path DATA = Path.of(System.getProperty("emovox.repo.root", "..")).toAbsolutePath()
            .resolve("../shared/data/emodb/wav").normalize();
    /** Four inputs; in {@link #root} their folders are 40 days, 35 days, 2 days and 10 seconds old. */
    private static final String[] CLIPS = {"03a01Wa", "03a01Nc", "08a01Wa", "08a01Na"};
    private static final Duration[] AGES = {Duration.ofDays(40), Duration.ofDays(35), Duration.ofDays(2),
            Duration.ofSeconds(10)};
    private static final String HIDDEN = "." + CLIPS[0] + ".tmp-1234";

    @TempDir
    static Path shared;
    static Path pristine;

    @TempDir
    Path tmp;

    @BeforeAll
    static void analyzeOnce() {
        pristine = shared.resolve("pristine");
        List<String> args = new ArrayList<>(List.of("analyze", "--model", "builtin", "--output", pristine.toString()));
        for (String c : CLIPS) {
            args.add(DATA.resolve(c + ".wav").toString());
        }
        EvaluateCommandTest.Run r = EvaluateCommandTest.emovox(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
    }

    /** The name analyze gave input i's folder. */
    private static String name(int i) throws IOException {
        return dir(pristine, i).getFileName().toString();
    }

    /** The names expected in the root: the untouchable entries and the given folders, sorted. */
    private static List<String> expected(int... folders) throws IOException {
        List<String> out = new ArrayList<>(List.of(HIDDEN, "linked", "nested", "webui_run"));
        for (int i : folders) {
            out.add(name(i));
        }
        return out.stream().sorted().toList();
    }

    /** A fresh outputs root: the four real folders with their ages, plus the things never to touch. */
    private Path root() throws IOException {
        Path root = tmp.resolve("outputs");
        copyTree(pristine, root);
        try (Stream<Path> s = Files.list(root)) {
            assertEquals(CLIPS.length, s.count(), "analyze wrote one folder per input");
        }
        for (int i = 0; i < CLIPS.length; i++) {
            age(dir(root, i), AGES[i]); // the newest is within the settling minute: never removed
        }
        Path webui = Files.createDirectories(root.resolve("webui_run"));
        Files.writeString(webui.resolve("result.json"), "{\"emotion\": \"happy\", \"scores\": [0.9]}");
        age(webui, Duration.ofDays(400));
        Path elsewhere = tmp.resolve("elsewhere");
        copyTree(dir(pristine, 0), elsewhere);
        age(elsewhere, Duration.ofDays(400));
        Files.createSymbolicLink(root.resolve("linked"), elsewhere);
        Path writing = root.resolve(HIDDEN);
        copyTree(dir(pristine, 1), writing);
        age(writing, Duration.ofDays(400));
        Path nested = root.resolve("nested");
        copyTree(dir(pristine, 2), nested);
        Files.createDirectories(nested.resolve("mine"));
        age(nested, Duration.ofDays(400));
        return root;
    }

    private static Path dir(Path root, int i) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(CLIPS[i])).findFirst().orElseThrow();
        }
    }

    private static void age(Path dir, Duration age) throws IOException {
        FileTime t = FileTime.from(Instant.now().minus(age));
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                Files.setLastModifiedTime(p, t);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    /** Every path under {@code dir} (links not followed) with its size: what must stay unchanged. */
    private static Map<String, Long> snapshot(Path dir) throws IOException {
        Map<String, Long> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                m.put(dir.relativize(p).toString(), Files.isRegularFile(p,
                        LinkOption.NOFOLLOW_LINKS) ? Files.size(p) : -1);
            }
        }
        return m;
    }

    private static List<String> names(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static EvaluateCommandTest.Run emovox(String... args) {
        return EvaluateCommandTest.emovox(args);
    }

    @Test
    void dryRunListsWhatWouldGoAndChangesNothing() throws Exception {
        Path root = root();
        Map<String, Long> before = snapshot(tmp);
        EvaluateCommandTest.Run r = emovox("cleanup", "--outputs", root.toString(), "--dry-run");
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        assertTrue(r.out().contains("would remove " + name(0)) && r.out().contains("would remove " + name(1)), r.out());
        assertTrue(r.out().contains("older than 30 days"), r.out());
        assertFalse(r.out().contains("would remove 08a01"), r.out());
        assertTrue(r.out().contains("linked: a symbolic link (never followed)"), r.out());
        assertTrue(r.out().contains("webui_run: no emovox result.json"), r.out());
        assertTrue(r.out().contains("nested: holds mine"), r.out());
        assertTrue(r.out().contains("1 hidden folder(s): being written"), r.out());
        assertTrue(r.out().contains("dry run: 2 folder(s)"), r.out());
        assertEquals(before, snapshot(tmp), "a dry run changes nothing");
    }

    @Test
    void ageRemovesOnlyOldEmovoxFoldersAndKeptOnesStay() throws Exception {
        Path root = root();
        Map<String, Long> untouchable = snapshot(tmp.resolve("elsewhere"));
        EvaluateCommandTest.Run keep = emovox("keep", dir(root, 0).toString());
        assertEquals(ExitCodes.OK, keep.exit(), keep.err());
        assertTrue(Files.exists(dir(root, 0).resolve(".emovox-keep")));
        EvaluateCommandTest.Run notOurs = emovox("keep", root.resolve("webui_run").toString());
        assertEquals(ExitCodes.USAGE, notOurs.exit());
        assertFalse(Files.exists(root.resolve("webui_run/.emovox-keep")));

        EvaluateCommandTest.Run r = emovox("cleanup", "--outputs", root.toString());
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        assertEquals(expected(0, 2, 3), names(root), r.out());
        assertEquals(untouchable, snapshot(tmp.resolve("elsewhere")), "the link's target is untouched");
        assertTrue(r.out().contains("removed 1 folder(s)"), r.out());

        // Unkept, the 40-day-old folder goes; the folder written 10 s ago stays even at --keep-days 0.
        assertEquals(ExitCodes.OK, emovox("keep", "--undo", dir(root, 0).toString()).exit());
        EvaluateCommandTest.Run all = emovox("cleanup", "--outputs", root.toString(), "--keep-days", "0");
        assertEquals(ExitCodes.OK, all.exit(), all.err());
        assertEquals(expected(3), names(root), all.out());
        assertTrue(all.out().contains("1 folder(s) written in the last minute"), all.out());
    }

    @Test
    void theSizeLimitRemovesTheOldestFirst() throws Exception {
        Path root = root();
        long newestTwo = Files.walk(dir(root, 2)).filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum()
                + Files.walk(dir(root, 3)).filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        // Room for a bit more than the two newest folders: the two oldest must go, oldest first.
        String gib = Double.toString((newestTwo + 1000) / (double) (1L << 30));
        EvaluateCommandTest.Run r = emovox("cleanup", "--outputs", root.toString(), "--keep-days", "1000", "--keep-gb",
                gib);
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        int first = r.out().indexOf("remove       " + name(0));
        assertTrue(first >= 0 && first < r.out().indexOf("remove       " + name(1)), r.out());
        assertTrue(r.out().contains("over the"), r.out());
        assertEquals(expected(2, 3), names(root));
    }

    @Test
    void archiveHoldsExactlyTheRemovedFolders() throws Exception {
        Path root = root();
        Path archive = tmp.resolve("old-runs.tar.gz");
        EvaluateCommandTest.Run r = emovox("cleanup", "--outputs", root.toString(), "--archive", archive.toString());
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        assertTrue(r.out().contains("archived 2 folder(s), 6 files"), r.out());
        assertEquals(expected(2, 3), names(root));
        Map<String, byte[]> entries = new TreeMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                Files.newInputStream(archive)))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                entries.put(e.getName(), e.isDirectory() ? null : tar.readAllBytes());
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i : new int[] {0, 1}) {
            Path src = dir(pristine, i);
            String name = src.getFileName().toString();
            expected.add(name + "/");
            for (String f : names(src)) {
                expected.add(name + "/" + f);
                assertArrayEquals(Files.readAllBytes(src.resolve(f)), entries.get(name + "/" + f), name + "/" + f);
            }
        }
        assertEquals(expected.stream().sorted().toList(), List.copyOf(entries.keySet()));
        assertTrue(entries.containsKey(name(0) + "/result.json"), entries.keySet().toString());
        assertEquals(List.of("elsewhere", "old-runs.tar.gz", "outputs"), names(tmp), "no temporary file left");

        EvaluateCommandTest.Run again = emovox("cleanup", "--outputs", root.toString(), "--archive", archive.toString(),
                "--keep-days", "1");
        assertEquals(ExitCodes.USAGE, again.exit(), again.out());
        assertTrue(again.err().contains("already exists") && again.err().contains("Nothing was removed"), again.err());
        assertEquals(expected(2, 3), names(root), "an existing archive is never overwritten, nothing removed");
    }

    @Test
    void aFailingArchiveRemovesNothing() throws Exception {
        Path root = root();
        Map<String, Long> before = snapshot(root);
        Files.writeString(tmp.resolve("a-file"), "x");
        EvaluateCommandTest.Run notADir = emovox("cleanup", "--outputs", root.toString(), "--archive",
                tmp.resolve("a-file/runs.tar.gz").toString());
        assertEquals(ExitCodes.IO, notADir.exit(), notADir.out());
        assertTrue(notADir.err().contains("Nothing was removed"), notADir.err());
        assertFalse(notADir.err().contains("\tat "), "no stack trace: " + notADir.err());
        assertEquals(before, snapshot(root));

        EvaluateCommandTest.Run badName = emovox("cleanup", "--outputs", root.toString(), "--archive",
                tmp.resolve("runs.zip").toString());
        assertEquals(ExitCodes.USAGE, badName.exit());
        assertEquals(before, snapshot(root));

        // A read-only file system and a full one: real mounts (root only; skipped otherwise).
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Path full = Files.createDirectories(tmp.resolve("full"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", ro.toString()) == 0, "mount needs root");
        try {
            assertEquals(0, run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", full.toString()));
            EvaluateCommandTest.Run readOnly = emovox("cleanup", "--outputs", root.toString(), "--archive",
                    ro.resolve("runs.tar.gz").toString());
            assertEquals(ExitCodes.IO, readOnly.exit(), readOnly.out());
            assertTrue(readOnly.err().contains("Read-only file system"), readOnly.err());
            EvaluateCommandTest.Run diskFull = emovox("cleanup", "--outputs", root.toString(), "--archive",
                    full.resolve("runs.tar.gz").toString());
            assertEquals(ExitCodes.IO, diskFull.exit(), diskFull.out());
            assertTrue(diskFull.err().contains("No space left on device"), diskFull.err());
            assertEquals(List.of(), names(full), "no partial archive left on the full disk");
            assertEquals(before, snapshot(root), "nothing removed when the archive failed");
        } finally {
            run("umount", "-l", ro.toString());
            run("umount", "-l", full.toString());
        }
    }

    @Test
    void aMissingOutputsFolderIsNamed() {
        EvaluateCommandTest.Run r = emovox("cleanup", "--outputs", tmp.resolve("nope").toString());
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("not found"), r.err());
        EvaluateCommandTest.Run archiveAlone = emovox("cleanup", "--archive", tmp.resolve("a.tar.gz").toString());
        assertEquals(ExitCodes.USAGE, archiveAlone.exit());
        assertTrue(archiveAlone.err().contains("add --outputs"), archiveAlone.err());
    }

    /** analyze's default layout (./outputs/<time>_<name>/) and cleanup's default root, as separate processes. */
    @Test
    void theDefaultOutputsFolderOfAnalyzeIsTheDefaultOfCleanup() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        String[] analyze = {"analyze", "--model", "builtin", DATA.resolve("03a01Wa.wav").toString()};
        assertEquals(0, child(work, home, analyze).exit());
        List<String> made = names(work.resolve("outputs"));
        assertEquals(1, made.size());
        assertTrue(made.get(0).matches("\\d{8}_\\d{6}_03a01Wa.*"), made.toString());
        age(work.resolve("outputs").resolve(made.get(0)), Duration.ofDays(31));
        EvaluateCommandTest.Run r = child(work, home, "cleanup", "--outputs");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("remove       " + made.get(0)), r.out());
        assertEquals(List.of(), names(work.resolve("outputs")));
    }

    private EvaluateCommandTest.Run child(Path dir, Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.java(), "-Xmx1g", "-cp",
                ChildJvm.pathingJar(tmp).toString(), EmovoxCli.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("EMOVOX_HOME", home.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), Arrays.toString(args) + " did not finish");
        return new EvaluateCommandTest.Run(p.exitValue(), out, err);
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
