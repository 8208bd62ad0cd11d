package io.emovox.files;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Folder trees on disk: the one way emovox deletes a folder with everything in it, and measures
 * one. Links inside a tree are removed, never followed.
 */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Deletes {@code root} (a folder or a file) and everything under it; a missing one is fine, so
     * deleting is idempotent.
     *
     * @throws EmovoxException IO_ERROR naming {@code root} and the reason when something could not
     *         be deleted (what was deleted stays deleted)
     */
    public static void delete(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (NoSuchFileException e) {
                    // removed meanwhile: what we wanted
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, root + " could not be deleted completely ("
                    + IoErrors.reason(e) + "). Check its permissions, and delete what is left by hand.", e);
        }
    }

    /**
     * Deletes {@code root} and everything under it, best effort: what cannot be deleted stays.
     * For temporary and spent folders, where a leftover harms nothing.
     */
    public static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort, as documented
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort, as above
        }
    }

    /** Bytes of the regular files under {@code root}; 0 when it is missing, and unreadable files count 0. */
    public static long size(Path root) {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
