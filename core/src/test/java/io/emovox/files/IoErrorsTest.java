package io.emovox.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A failed write becomes one sentence; a full disk is named as such, however deeply it is wrapped. */
class IoErrorsTest {

    @Test
    void aFullDiskIsNamedAndTheAdviceGiven() {
        // As FileChannel.write reports ENOSPC, wrapped as a writer would wrap it.
        Throwable wrapped = new UncheckedIOException("Cannot write", new IOException("No space left on device"));
        EmovoxException e = IoErrors.writeFailed("The results", Path.of("/data/out/call_wav"), wrapped,
                "write them to another folder");
        assertEquals(ErrorKind.IO_ERROR, e.kind());
        assertEquals("The results could not be written: the disk holding /data/out/call_wav is full. Free some space"
                + " there, or write them to another folder.", e.getMessage());
        assertTrue(IoErrors.isDiskFull(new FileSystemException("/data/x: Disk quota exceeded")));
    }

    @Test
    void otherFailuresKeepTheSystemsReason() {
        EmovoxException e = IoErrors.writeFailed("result.json", Path.of("/ro"),
                new FileSystemException("/ro/result.json: Read-only file system"), "write it to another folder");
        assertFalse(IoErrors.isDiskFull(e.getCause()));
        assertEquals("result.json could not be written to /ro (/ro/result.json: Read-only file system). Check that"
                + " the folder exists and is writable, or write it to another folder.", e.getMessage());
    }
}
