package io.emovox.server.http;

import java.nio.file.Path;

/**
 * A received upload in the server's incoming folder.
 *
 * @param file     where its bytes are; the receiver deletes it unless it becomes a job
 * @param fileName the client's name for it (display only, checked for path tricks)
 * @param bytes    its size
 */
public record Upload(Path file, String fileName, long bytes) {
}
