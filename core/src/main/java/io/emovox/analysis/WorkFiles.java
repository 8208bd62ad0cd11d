package io.emovox.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The on-disk files of one running analysis, in its work folder ({@link WorkFolders}): decoded
 * audio, frame timelines, embeddings. Remembers what it opened so that a failed analysis closes
 * everything before its folder is deleted; a finished one hands the files it keeps to the result.
 */
final class WorkFiles {
    private final Path dir;
    private final List<FloatFile> opened = new ArrayList<>();

    WorkFiles(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** A new float file named {@code name} in the work folder. */
    FloatFile create(String name) {
        FloatFile f = FloatFile.create(dir.resolve(name));
        opened.add(f);
        return f;
    }

    /** Closes every file opened (a failed analysis; the folder is deleted next). */
    void closeAll() {
        opened.forEach(FloatFile::close);
    }
}
