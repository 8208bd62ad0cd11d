package io.emovox.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkFoldersTest {
    @TempDir
    Path tmp;

    @Test
    void sweepsOnlyFoldersNobodyHolds() throws Exception {
        Path abandoned = Files.createDirectory(tmp.resolve(WorkFolders.PREFIX + "killed"));
        Files.createFile(abandoned.resolve(".lock"));
        Files.write(abandoned.resolve("audio.f32"), new byte[1024]);
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(2, ChronoUnit.MINUTES)));
        // Its lock file made but its lock not yet taken (another process, a moment ago): kept.
        Path justMade = Files.createDirectory(tmp.resolve(WorkFolders.PREFIX + "just-made"));
        Files.createFile(justMade.resolve(".lock"));

        Path live = Files.createDirectory(tmp.resolve(WorkFolders.PREFIX + "live"));
        Path oldWithoutLock = Files.createDirectory(tmp.resolve(WorkFolders.PREFIX + "old"));
        Files.setLastModifiedTime(oldWithoutLock, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
        Path freshWithoutLock = Files.createDirectory(tmp.resolve(WorkFolders.PREFIX + "fresh"));
        Path unrelated = Files.createDirectory(tmp.resolve("someone-else"));

        try (FileChannel ch = FileChannel.open(live.resolve(".lock"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ch.lock();
            assertEquals(2, WorkFolders.sweepAbandoned(tmp));
        }
        assertFalse(Files.exists(abandoned));
        assertFalse(Files.exists(oldWithoutLock));
        assertTrue(Files.exists(live));
        assertTrue(Files.exists(freshWithoutLock));
        assertTrue(Files.exists(justMade));
        assertTrue(Files.exists(unrelated));
    }

    @Test
    void createdFolderIsLockedUntilDeleted() {
        Path dir = WorkFolders.create();
        try {
            WorkFolders.sweepAbandoned(dir.getParent()); // may sweep others' leftovers, never ours
            assertTrue(Files.isDirectory(dir));
        } finally {
            WorkFolders.delete(dir);
        }
        assertFalse(Files.exists(dir));
    }

}
