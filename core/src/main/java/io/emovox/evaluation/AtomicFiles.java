package io.emovox.evaluation;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a whole file or nothing: a temp file beside the target, then an atomic rename. */
final class AtomicFiles {
    private AtomicFiles() {}

    static void write(Path file, byte[] bytes) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "." + Thread.currentThread().getId() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                // The original failure is the one worth reporting.
            }
            throw new EmovoxException(ErrorKind.IO_ERROR, "Could not write " + file + ": " + e.getMessage()
                    + ". Check that the folder exists and is writable.", e);
        }
    }
}
