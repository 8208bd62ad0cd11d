package io.emovox.cli.cleanup;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Archives output folders into a new tar.gz (Apache Commons Compress: POSIX tar, long names and
 * large files allowed), complete or not at all: written under a hidden temporary name beside the
 * target, synced to disk, read back and checked entry by entry (names, sizes, SHA-256 of every
 * file against what was read from the folder), and only then given its name. An existing file is
 * never overwritten. The caller removes the folders only after {@link #write} returned.
 */
public final class TarGzArchive {
    /** What went into a verified archive. */
    public record Summary(Path file, int folders, int files, long bytes, long archiveBytes) {}

    private TarGzArchive() {}

    /**
     * Writes {@code folders} into the new archive {@code target}, each as {@code <folder name>/<file>}.
     *
     * @throws EmovoxException INVALID_ARGUMENT for a bad or existing target, IO_ERROR when it cannot be
     *                         written or does not read back as written (no file is left at either name)
     */
    public static Summary write(Path target, List<OutputFolder> folders) {
        Path file = target.toAbsolutePath().normalize();
        String name = file.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".tar.gz") && !name.toLowerCase(Locale.ROOT).endsWith(".tgz")) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "--archive writes a gzip-compressed tar: give a file "
                    + "name ending in .tar.gz or .tgz (got " + target + ").");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw exists(target);
        }
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot write the archive " + target + ": the folder " + dir
                    + " does not exist. Create it first. Nothing was removed.");
        }
        Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                + ".part");
        try {
            Map<String, Entry> written = writeTar(tmp, folders);
            Map<String, Entry> read = readTar(tmp);
            if (!read.equals(written)) {
                throw new IOException("it does not read back as written (" + read.size() + " entries read, "
                        + written.size() + " written)");
            }
            publish(tmp, file, target);
            long files = written.values().stream().filter(e -> !e.directory()).count();
            long bytes = written.values().stream().mapToLong(Entry::size).sum();
            return new Summary(file, folders.size(), (int) files, bytes, Files.size(file));
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot write the archive " + target + ": " + e.getMessage()
                    + ". Nothing was removed; check free space and permissions there, or choose another --archive.", e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // A hidden .part file is all that can be left; the error above says what failed.
            }
        }
    }

    /** An archive entry as written and as read back: a folder, or a file with its size and SHA-256. */
    private record Entry(boolean directory, long size, String sha256) {}

    private static Map<String, Entry> writeTar(Path tmp, List<OutputFolder> folders) throws IOException {
        Map<String, Entry> written = new TreeMap<>();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(
                     new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (OutputFolder f : folders) {
                TarArchiveEntry d = new TarArchiveEntry(f.name() + "/");
                d.setModTime(FileTime.from(f.lastModified()));
                tar.putArchiveEntry(d);
                tar.closeArchiveEntry();
                written.put(d.getName(), new Entry(true, 0, ""));
                for (Path rel : f.files()) {
                    Path src = f.dir().resolve(rel);
                    BasicFileAttributes a = Files.readAttributes(src, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (!a.isRegularFile()) {
                        throw new IOException(src + " is no longer a plain file");
                    }
                    TarArchiveEntry e = new TarArchiveEntry(f.name() + "/" + rel);
                    e.setSize(a.size());
                    e.setModTime(a.lastModifiedTime());
                    e.setMode(0100644);
                    tar.putArchiveEntry(e);
                    MessageDigest md = sha256();
                    long copied = 0;
                    try (InputStream in = Files.newInputStream(src, LinkOption.NOFOLLOW_LINKS)) {
                        byte[] buf = new byte[1 << 16];
                        for (int n; copied < a.size() && (n = in.read(buf, 0, (int) Math.min(buf.length,
                                a.size() - copied))) > 0; ) {
                            tar.write(buf, 0, n);
                            md.update(buf, 0, n);
                            copied += n;
                        }
                    }
                    if (copied != a.size()) {
                        throw new IOException(src + " shrank while it was archived");
                    }
                    tar.closeArchiveEntry();
                    written.put(e.getName(), new Entry(false, a.size(), HexFormat.of().formatHex(md.digest())));
                }
            }
            tar.finish();
        } // closing writes the gzip trailer and closes the channel
        // Synced through a fresh handle (closing the streams closed the first), so the bytes are on disk.
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        return written;
    }

    private static Map<String, Entry> readTar(Path tmp) throws IOException {
        Map<String, Entry> read = new TreeMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                new BufferedInputStream(Files.newInputStream(tmp), 1 << 16)))) {
            byte[] buf = new byte[1 << 16];
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (e.isDirectory()) {
                    read.put(e.getName(), new Entry(true, 0, ""));
                    continue;
                }
                MessageDigest md = sha256();
                long size = 0;
                for (int n; (n = tar.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                    size += n;
                }
                read.put(e.getName(), new Entry(false, size, HexFormat.of().formatHex(md.digest())));
            }
        }
        return read;
    }

    /** Gives the verified file its name; a hard link fails if the name was taken meanwhile. */
    private static void publish(Path tmp, Path file, Path asGiven) throws IOException {
        try {
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
            throw exists(asGiven);
        } catch (UnsupportedOperationException | IOException e) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw exists(asGiven);
            }
            Files.move(tmp, file); // no hard links here: a rename within the folder, never replacing
        }
        try (FileChannel d = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            d.force(true); // the new name survives a crash
        } catch (IOException ignored) {
            // Not every file system syncs a folder; the archive itself is synced.
        }
    }

    private static EmovoxException exists(Path target) {
        return new EmovoxException(ErrorKind.INVALID_ARGUMENT, "The archive " + target + " already exists; archives "
                + "are never overwritten: choose a new file name. Nothing was removed.");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime.", e);
        }
    }
}
