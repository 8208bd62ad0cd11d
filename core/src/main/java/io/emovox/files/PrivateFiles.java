package io.emovox.files;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files private to their owner: folders 0700, files 0600 (the server's state folder is kept so).
 * Everything the server creates goes through here (created with those modes, not fixed afterwards, so there is
 * no moment when another local user could open it), and {@link #restrictTree} fixes a state
 * folder written by an older emovox or by code that does not know the policy (the result writer
 * of the core, SQLite's own files). On file systems without POSIX modes these are plain calls.
 */
public final class PrivateFiles {
    private PrivateFiles() {}

    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** Creates the folder and any missing parents, each new one 0700; existing ones are left as they are. */
    public static Path createDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return dir;
        }
        Path parent = abs.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            if (POSIX) {
                Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(DIR));
                Files.setPosixFilePermissions(abs, DIR); // the umask may have taken bits the attribute asked for
            } else {
                Files.createDirectory(abs);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(abs)) {
                throw e;
            }
        }
        return dir;
    }

    /** Opens a new or truncated file for writing, created 0600. */
    public static OutputStream newOutputStream(Path file, OpenOption... extra) throws IOException {
        return Channels.newOutputStream(open(file, extra));
    }

    /** A file channel for writing (and reading), created 0600 when it does not exist. */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> opts = new java.util.HashSet<>(Set.of(options));
        if (opts.isEmpty()) {
            opts.addAll(Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE));
        }
        FileAttribute<?>[] attrs = Files.exists(file) ? new FileAttribute<?>[0] : fileAttributes();
        FileChannel ch = FileChannel.open(file, opts, attrs);
        restrict(file);
        return ch;
    }

    /** Creates an empty 0600 file if none exists (SQLite then gives its -wal and -shm files the same mode). */
    public static void createFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                if (POSIX) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
                } else {
                    Files.createFile(file);
                }
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // created meanwhile by another process: fine
            }
        }
        restrict(file);
    }

    /**
     * Replaces a file's content in one step ({@link AtomicFile}, its temporary sibling created
     * 0600), so a reader sees the old or the new content, never a mix, and a full disk leaves the
     * old file as it was.
     *
     * @throws EmovoxException IO_ERROR when it cannot be written
     */
    public static void writeAtomically(Path file, byte[] content) {
        AtomicFile.write(file, content, fileAttributes());
    }

    /** The attributes that create a file 0600 (none where the file system has no POSIX modes). */
    public static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /** Sets 0700 on a folder or 0600 on a file (links are left alone). */
    public static void restrict(Path p) throws IOException {
        if (!POSIX || Files.isSymbolicLink(p) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Set<PosixFilePermission> want = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? DIR : FILE;
        if (!Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(want)) {
            Files.setPosixFilePermissions(p, want);
        }
    }

    /**
     * Makes a whole tree private: every folder 0700, every file 0600.
     *
     * @return how many entries had to be changed
     * @throws EmovoxException IO_ERROR when the tree cannot be walked or changed
     */
    public static int restrictTree(Path root) {
        if (!POSIX || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int changed = 0;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                try {
                    Set<PosixFilePermission> want = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? DIR : FILE;
                    if (!Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(want)) {
                        Files.setPosixFilePermissions(p, want);
                        changed++;
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // removed while walking (a finished upload, a retention sweep): nothing to protect
                }
            }
        } catch (IOException e) {
            throw notPrivate(root, e);
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
                throw notPrivate(root, e);
            }
        }
        return changed;
    }

    private static EmovoxException notPrivate(Path root, Exception e) {
        return new EmovoxException(ErrorKind.IO_ERROR, root + " could not be made private to its owner ("
                + IoErrors.reason(e) + "). Check that this user owns it.", e);
    }
}
