package io.emovox.server.http;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves a file with HTTP range requests (RFC 9110 §14): one range {@code bytes=A-B},
 * {@code bytes=A-} or a suffix {@code bytes=-N} answers 206 with exactly those bytes; a range
 * past the end answers 416 with {@code Content-Range: bytes *}{@code /SIZE}; no Range header, or
 * several ranges (which a server may ignore), answers 200 with the whole file. Audio players
 * seek with these.
 */
final class ByteRanges {
    private ByteRanges() {}

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    /** A closed byte interval [first, last] of a file of {@code size} bytes. */
    record Range(long first, long last) {
        /** A range with no byte in the file (416). */
        static final Range UNSATISFIABLE = new Range(-1, -2);

        long length() {
            return last - first + 1;
        }
    }

    /**
     * The range the header asks for.
     *
     * @return null for the whole file, {@link Range#UNSATISFIABLE} when nothing of it is in the file
     */
    static Range parse(String header, long size) {
        if (header == null) {
            return null;
        }
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null; // several ranges, or not bytes: the whole file is a valid answer
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    return Range.UNSATISFIABLE;
                }
                return new Range(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (first >= size || last < first) {
                return Range.UNSATISFIABLE;
            }
            return new Range(first, last);
        } catch (NumberFormatException e) {
            return Range.UNSATISFIABLE; // digits beyond a long: past any file
        }
    }


    static void send(Context ctx, Path file, String contentType) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        boolean handed = false;
        try {
            long size = ch.size();
            ctx.header("Accept-Ranges", "bytes");
            Range r = parse(ctx.header("Range"), size);
            if (r == Range.UNSATISFIABLE) {
                ctx.header("Content-Range", "bytes */" + size); // so that the client can ask again
                throw new ApiError(416, "range_not_satisfiable", "The requested range lies outside the file ("
                        + size + " bytes).");
            }
            ctx.disableCompression().contentType(contentType);
            if (r == null) {
                ctx.header("Content-Length", Long.toString(size));
                ctx.result(Channels.newInputStream(ch));
            } else {
                ch.position(r.first());
                ctx.status(206).header("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size)
                        .header("Content-Length", Long.toString(r.length()));
                ctx.result(limited(Channels.newInputStream(ch), r.length()));
            }
            handed = true; // Javalin closes the stream once it is written
        } finally {
            if (!handed) {
                ch.close();
            }
        }
    }

    private static InputStream limited(InputStream in, long n) {
        return new InputStream() {
            long left = n;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = in.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int r = in.read(buf, off, (int) Math.min(len, left));
                if (r > 0) {
                    left -= r;
                }
                return r;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }
}
