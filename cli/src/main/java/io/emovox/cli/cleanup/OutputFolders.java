package io.emovox.cli.cleanup;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.analysis.ResultFolders;
import io.emovox.files.FileTrees;
import io.emovox.files.IoErrors;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The analyze output folders under an outputs root: the folder that holds them, {@code ./outputs}
 * (analyze's default, {@code outputs/<YYYYMMDD_HHMMSS>_<name>/}) or the {@code DIR} given to
 * {@code analyze --output DIR}. Only direct children are considered, and only those emovox made:
 *
 * <ul>
 *   <li>a real folder (a symbolic link is never followed) whose name does not start with '.'
 *       (hidden names are folders still being written or being replaced by analyze);</li>
 *   <li>holding an emovox result.json ({@link ResultFolders#isResultFolder});</li>
 *   <li>holding only regular files: a sub-folder, link or device means someone else put it there.</li>
 * </ul>
 *
 * Everything else is reported as skipped with the reason, and never touched.
 */
public final class OutputFolders {
    /** A file in an output folder that keeps it from any cleanup ({@code emovox keep DIR} writes it). */
    public static final String KEEP_MARKER = ".emovox-keep";

    /** A thing under the root that is not a manageable output folder, and why. */
    public record Skipped(Path path, String reason) {}

    /**
     * @param root       the outputs root, as given
     * @param folders    the emovox output folders, oldest first
     * @param skipped    other entries, left alone
     * @param inProgress hidden entries (folders being written or replaced), left alone
     */
    public record Scan(Path root, List<OutputFolder> folders, List<Skipped> skipped, int inProgress) {
        public long bytes() {
            return folders.stream().mapToLong(OutputFolder::bytes).sum();
        }
    }

    private OutputFolders() {}

    /** Scans the outputs root; INVALID_ARGUMENT naming it when it does not exist or is not a folder. */
    public static Scan scan(Path root) {
        if (!Files.isDirectory(root)) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Outputs folder " + root + " not found. analyze "
                    + "writes to ./outputs under the folder it runs in (or to the DIR of --output DIR): run cleanup "
                    + "there, or give --outputs DIR.");
        }
        List<OutputFolder> folders = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        int inProgress = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path p : entries) {
                if (p.getFileName().toString().startsWith(".")) {
                    inProgress += Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? 1 : 0;
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    skipped.add(new Skipped(p, "a symbolic link (never followed)"));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Look look = look(p);
                    if (look.folder() != null) {
                        folders.add(look.folder());
                    } else if (look.notOurs() != null) {
                        skipped.add(new Skipped(p, look.notOurs()));
                    }
                }
            }
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot list " + root + ": " + e.getMessage()
                    + ". Check the folder's permissions.", e);
        }
        folders.sort(Comparator.comparing(OutputFolder::lastModified).thenComparing(OutputFolder::name));
        skipped.sort(Comparator.comparing(Skipped::path));
        return new Scan(root, folders, skipped, inProgress);
    }

    /**
     * Reads one folder again: the {@link OutputFolder} when it still is one, else null (gone,
     * changed into something else). Cleanup calls it just before removing a folder.
     */
    public static OutputFolder reread(Path dir) {
        return look(dir).folder();
    }

    /**
     * Removes a folder a {@link CleanupPlan} chose, unless it changed since the scan (written
     * again, marked kept, gone): then it is left alone and the answer is false. The folder is first
     * renamed to a hidden name, so it disappears at once and never shows half-deleted; links inside
     * are removed, never followed.
     *
     * @throws EmovoxException IO_ERROR when it cannot be removed
     */
    public static boolean remove(OutputFolder planned) {
        OutputFolder now = reread(planned.dir());
        if (now == null || now.kept() || !now.lastModified().equals(planned.lastModified())
                || now.bytes() != planned.bytes()) {
            return false;
        }
        Path doomed = planned.dir().resolveSibling("." + planned.name() + ".removing-"
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
        try {
            Files.move(planned.dir(), doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot remove " + planned.dir() + ": " + e.getMessage()
                    + ". Check the permissions of " + planned.dir().getParent() + ".", e);
        }
        try {
            FileTrees.delete(doomed);
        } catch (EmovoxException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Removed " + planned.dir() + " only in part ("
                    + IoErrors.reason(e) + "); the rest is in " + doomed + ". Delete it by hand.", e);
        }
        return true;
    }

    /** What a look at a folder found: an output folder, why it is not one, or neither (it vanished). */
    private record Look(OutputFolder folder, String notOurs) {
        static Look notOurs(String why) {
            return new Look(null, why);
        }
    }

    private static Look look(Path dir) {
        if (!ResultFolders.isResultFolder(dir)) {
            return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                    ? Look.notOurs("no emovox result.json: not an analyze output folder") : new Look(null, null);
        }
        try {
            List<Path> files = new ArrayList<>();
            long bytes = 0;
            Instant newest = Instant.EPOCH;
            boolean kept = false;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path f : entries) {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (!a.isRegularFile()) {
                        return Look.notOurs("holds " + f.getFileName() + ", which is not a plain file: not only what "
                                + "analyze writes");
                    }
                    files.add(f.getFileName());
                    bytes += a.size();
                    boolean marker = f.getFileName().toString().equals(KEEP_MARKER);
                    kept |= marker;
                    Instant m = a.lastModifiedTime().toInstant();
                    if (!marker && m.isAfter(newest)) { // marking or unmarking does not make it new
                        newest = m;
                    }
                }
            }
            files.sort(Comparator.naturalOrder());
            return new Look(new OutputFolder(dir, files, bytes, newest, kept), null);
        } catch (NoSuchFileException e) {
            return new Look(null, null);
        } catch (IOException e) {
            return Look.notOurs("cannot be read (" + e.getMessage() + ")");
        }
    }
}
