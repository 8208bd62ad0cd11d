package io.emovox.server.http;

import io.emovox.server.auth.Secrets;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Receives audio from a request — multipart field {@code file} (one or several) or the raw body —
 * into the incoming folder, counting bytes as they arrive: past the limit the partial file is
 * deleted and the request refused with 413, so an oversized upload leaves nothing behind.
 */
public final class UploadReceiver {
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final Path incoming;
    private final long maxBytes;

    public UploadReceiver(Path incoming, long maxBytes) {
        this.incoming = incoming;
        this.maxBytes = maxBytes;
    }

    /** Receives every upload in the request; on any failure none of them is left on disk. */
    public List<Upload> receive(Context ctx, int maxFiles) {
        List<Upload> out = new ArrayList<>();
        try {
            if (ctx.isMultipartFormData()) {
                List<UploadedFile> files;
                try {
                    files = ctx.uploadedFiles("file");
                } catch (RuntimeException e) {
                    if (HttpErrors.isMultipartLimit(e)) {
                        throw ApiError.tooLarge(maxBytes);
                    }
                    throw ApiError.badRequest("The multipart body could not be read: send the audio in a part named 'file'.");
                }
                if (files.isEmpty()) {
                    throw ApiError.badRequest("No audio found: send it in a multipart part named 'file' or as the raw body.");
                }
                if (files.size() > maxFiles) {
                    throw ApiError.badRequest("At most " + maxFiles + " files per request, got " + files.size() + ".");
                }
                for (UploadedFile f : files) {
                    if (f.size() > maxBytes) {
                        throw ApiError.tooLarge(maxBytes);
                    }
                    try (InputStream in = f.content()) {
                        out.add(store(in, displayName(f.filename())));
                    }
                }
            } else {
                String header = ctx.header("X-Filename");
                String name = displayName(header != null ? header : ctx.queryParam("filename"));
                out.add(store(ctx.bodyInputStream(), name));
            }
            return out;
        } catch (IOException e) {
            discard(out);
            throw new ApiError(400, "upload_failed", "The upload was interrupted: " + e.getMessage());
        } catch (RuntimeException e) {
            discard(out);
            throw e;
        }
    }

    /**
     * Reads and drops up to {@value #DRAIN_BYTES} bytes of a refused request body before the error
     * is sent: a client still sending (browsers do not wait for 100-continue) would otherwise see
     * the connection reset instead of the 413. Larger bodies are cut off.
     */
    public static void drain(Context ctx) {
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] buf = new byte[64 * 1024];
            long left = DRAIN_BYTES;
            for (int r; left > 0 && (r = in.read(buf, 0, (int) Math.min(buf.length, left))) != -1; ) {
                left -= r;
            }
        } catch (IOException | RuntimeException e) {
            // The client went away or the body is unreadable: nothing to drain.
        }
    }

    static final long DRAIN_BYTES = 16L << 20;

    /** Deletes uploads that did not become jobs. */
    public static void discard(List<Upload> uploads) {
        for (Upload u : uploads) {
            try {
                Files.deleteIfExists(u.file());
            } catch (IOException e) {
                // The retention sweep removes stale incoming files.
            }
        }
    }

    private Upload store(InputStream in, String name) throws IOException {
        Files.createDirectories(incoming);
        Path file = incoming.resolve(Secrets.randomHexId() + ".part");
        long n = 0;
        boolean ok = false;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int r; (r = in.read(buf)) != -1; ) {
                n += r;
                if (n > maxBytes) {
                    byte[] skip = new byte[64 * 1024];
                    for (long left = DRAIN_BYTES; left > 0 && in.read(skip) != -1; left -= skip.length) {
                        // drop the rest (bounded) so the client reads the 413
                    }
                    throw ApiError.tooLarge(maxBytes);
                }
                out.write(buf, 0, r);
            }
            ok = true;
        } finally {
            if (!ok) {
                Files.deleteIfExists(file);
            }
        }
        if (n == 0) {
            Files.deleteIfExists(file);
            throw new ApiError(422, "empty_input", "The upload is empty: send an audio file.");
        }
        return new Upload(file, name, n);
    }

    /**
     * The client's file name for display. Names that try to walk paths are refused; the name is
     * never used to build a path on the server either way.
     */
    static String displayName(String raw) {
        if (raw == null || raw.isBlank()) {
            return "upload";
        }
        if (raw.contains("/") || raw.contains("\\") || raw.contains("..") || raw.indexOf('\0') >= 0) {
            throw new ApiError(400, "invalid_name", "The file name '" + CONTROL.matcher(raw).replaceAll("?")
                    + "' contains a path; send the bare file name.");
        }
        String clean = CONTROL.matcher(raw.strip()).replaceAll("");
        return clean.length() > 200 ? clean.substring(0, 200) : clean;
    }
}
