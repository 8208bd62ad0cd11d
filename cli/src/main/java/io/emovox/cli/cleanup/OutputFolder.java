package io.emovox.cli.cleanup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One folder {@code emovox analyze} wrote (recognised by its result.json), as found by
 * {@link OutputFolders#scan}.
 *
 * @param dir          the folder
 * @param files        its files (names relative to {@code dir}, sorted); it holds nothing else
 * @param bytes        their total size
 * @param lastModified the newest modification time of its files (the keep marker aside): when
 *                     analyze last wrote it
 * @param kept         whether it carries the {@value OutputFolders#KEEP_MARKER} marker: never
 *                     removed
 */
public record OutputFolder(Path dir, List<Path> files, long bytes, Instant lastModified, boolean kept) {
    public OutputFolder {
        files = List.copyOf(files);
    }

    public String name() {
        return dir.getFileName().toString();
    }
}
