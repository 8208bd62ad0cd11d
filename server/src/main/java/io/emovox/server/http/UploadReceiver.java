package io.emovox.server.http;

import io.emovox.server.DiskSpace;
import io.emovox.files.PrivateFiles;
import io.emovox.server.auth.Secrets;
import io.javalin.http.Context;
import jakarta.servlet.http.Part;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Receives audio from a request — multipart field {@code file} (one or several) or the raw body —
 * into the incoming folder. The size limit is one budget for the whole request body, chunked or
 * not: a declared length over it is refused at once (413), a raw body is counted as it arrives,
 * and a multipart body is parsed by Jetty under a total limit of the same budget (its file parts
 * land in the incoming folder once and are moved, not copied). Parts other than the audio, the
 * diarization and the option fields are refused (400). On any failure nothing is left on disk; a
 * full disk answers 507.
 */
public final class UploadReceiver {
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    /** Names of the multipart parts an upload may carry: the audio, a diarization, a transcript, the options. */
    static final Set<String> PARTS = Set.of("file", "rttm", "transcript", "model", "granularity", "embedding",
            "speakers", "max_window_seconds", "async");
    /** Room for multipart headers, option fields and an RTTM part (at most 1 MiB) beside the audio. */
    public static final long MULTIPART_ALLOWANCE = 64 * 1024 + io.emovox.server.jobs.JobOptions.MAX_RTTM_CHARS
            + io.emovox.server.jobs.JobOptions.MAX_TRANSCRIPT_BYTES;

    private final Path incoming;
    private final long maxBytes;
    private final DiskSpace disk;

    public UploadReceiver(Path incoming, long maxBytes, DiskSpace disk) {
        this.incoming = incoming;
        this.maxBytes = maxBytes;
        this.disk = disk;
    }

    /** The most a request body may hold: the upload limit, plus the allowance when it is multipart. */
    public long bodyLimit(Context ctx) {
        return maxBytes + (ctx.isMultipartFormData() ? MULTIPART_ALLOWANCE : 0);
    }

    /**
     * Refuses from the headers alone, before a byte of the body is read: a declared length over
     * the limit (413, answered at once, whatever the length) or a disk too full to take it (507).
     */
    public void checkDeclared(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > bodyLimit(ctx)) {
            throw ApiError.tooLarge(maxBytes);
        }
        if (disk.refuses(declared)) {
            throw ApiError.diskFull();
        }
    }

    /**
     * Parses a multipart body (bounded by the total limit) and checks its parts: only known
     * names, and at most {@code maxFiles} audio parts. A body Jetty cannot parse (no boundary,
     * control characters in a header) is a 400; over the limit a 413; a full disk a 507.
     *
     * @return the audio parts, in order
     */
    public List<Part> parse(Context ctx, int maxFiles) {
        Collection<Part> parts;
        try {
            ctx.uploadedFileMap(); // applies the server's multipart limits and parses the whole body
            parts = ctx.req().getParts();
        } catch (Exception e) {
            if (e instanceof ApiError a) {
                throw a;
            }
            if (DiskSpace.isDiskFull(e)) {
                throw ApiError.diskFull();
            }
            if (HttpErrors.isMultipartLimit(e)) {
                throw ApiError.tooLarge(maxBytes);
            }
            throw ApiError.badRequest("The multipart body could not be read: send a multipart/form-data body with a "
                    + "boundary, the audio in a part named 'file' and plain file names.");
        }
        List<Part> files = new ArrayList<>();
        for (Part p : parts) {
            String name = p.getName() == null ? "" : p.getName();
            if (!PARTS.contains(name)) {
                throw ApiError.badRequest("Unexpected multipart part '" + CONTROL.matcher(name).replaceAll("?")
                        + "'; an upload has the parts " + String.join(", ", new java.util.TreeSet<>(PARTS)) + ".");
            }
            if (name.equals("file")) {
                files.add(p);
            }
        }
        if (files.isEmpty()) {
            throw ApiError.badRequest("No audio found: send it in a multipart part named 'file' or as the raw body.");
        }
        if (files.size() > maxFiles) {
            throw ApiError.badRequest(maxFiles == 1
                    ? "One audio file per request here, got " + files.size() + "; send several to /api/v1/batch."
                    : "At most " + maxFiles + " files per request, got " + files.size() + ".");
        }
        return files;
    }

    /** Receives every upload in the request; on any failure none of them is left on disk. */
    public List<Upload> receive(Context ctx, int maxFiles) {
        List<Upload> out = new ArrayList<>();
        try {
            if (ctx.isMultipartFormData()) {
                long total = 0;
                for (Part p : parse(ctx, maxFiles)) {
                    total += p.getSize();
                    if (p.getSize() > maxBytes || total > maxBytes) {
                        throw ApiError.tooLarge(maxBytes);
                    }
                    out.add(move(p, displayName(p.getSubmittedFileName())));
                }
            } else {
                String header = ctx.header("X-Filename");
                String name = displayName(header != null ? header : ctx.queryParam("filename"));
                out.add(store(ctx.bodyInputStream(), name));
            }
            return out;
        } catch (IOException e) {
            discard(out);
            deleteParts(ctx);
            if (DiskSpace.isDiskFull(e)) {
                throw ApiError.diskFull();
            }
            throw new ApiError(400, "upload_failed", "The upload was interrupted before its end; send it again.");
        } catch (RuntimeException e) {
            discard(out);
            deleteParts(ctx);
            throw e;
        }
    }

    /**
     * Deletes Jetty's files of a refused multipart body now: Jetty would delete them only once the
     * request is done, after the client already has its error, so a refused upload could be seen
     * (and counted against the disk) after its answer.
     */
    private static void deleteParts(Context ctx) {
        if (!ctx.isMultipartFormData()) {
            return;
        }
        try {
            for (Part p : ctx.req().getParts()) {
                p.delete();
            }
        } catch (Exception e) {
            // The body never parsed: Jetty kept no part of it.
        }
    }

    /** A parsed file part into the incoming folder: Jetty's own file is renamed (small parts are written). */
    private Upload move(Part part, String name) throws IOException {
        PrivateFiles.createDirectories(incoming);
        Path file = incoming.resolve(Secrets.randomHexId() + ".part");
        try {
            part.write(file.toAbsolutePath().toString());
            PrivateFiles.restrict(file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        long n = Files.size(file);
        if (n == 0) {
            Files.deleteIfExists(file);
            throw new ApiError(422, "empty_input", "The upload is empty: send an audio file.");
        }
        return new Upload(file, name, n);
    }

    /**
     * Reads and drops up to {@value #DRAIN_BYTES} bytes of a refused request body before the error
     * is sent: a client still sending (browsers do not wait for 100-continue) would otherwise see
     * the connection reset instead of the 413. Once per request; not at all when the declared
     * length is far past what would be drained (nothing is gained by waiting for it, and a
     * client that claims 2 GiB and sends nothing must get its 413 at once).
     */
    public static void drain(Context ctx) {
        if (!HttpErrors.firstDrain(ctx)) {
            return;
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > DRAIN_BYTES) {
            return;
        }
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
        PrivateFiles.createDirectories(incoming);
        Path file = incoming.resolve(Secrets.randomHexId() + ".part");
        long n = 0;
        boolean ok = false;
        try (OutputStream out = PrivateFiles.newOutputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int r; (r = in.read(buf)) != -1; ) {
                n += r;
                if (n > maxBytes) {
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
        if (raw.contains("/") || raw.contains("\\") || raw.contains("..")) {
            throw new ApiError(400, "invalid_name", "The file name '" + CONTROL.matcher(raw).replaceAll("?")
                    + "' contains a path; send the bare file name.");
        }
        if (CONTROL.matcher(raw).find()) {
            throw new ApiError(400, "invalid_name", "The file name '" + CONTROL.matcher(raw).replaceAll("?")
                    + "' contains control characters; send a plain file name.");
        }
        String clean = raw.strip();
        return clean.length() > 200 ? clean.substring(0, 200) : clean;
    }
}
