package io.emovox.model.store.download;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.files.IoErrors;
import io.emovox.model.ClipFingerprint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Fetches one file into a {@code .part} file, resuming what is already there with
 * {@code Range: bytes=N-} (as the hubs' clients do), retrying a dropped connection from where it
 * stopped, then checks it against the checksum the hub publishes (SHA-256; else the git blob id;
 * else the size). A file that fails the check is deleted: the next try starts afresh.
 */
final class FileFetcher {
    /** Requests per file before giving up (each resumes where the last stopped). */
    static final int ATTEMPTS = 5;
    private static final int BUFFER = 1 << 16;

    /** An answer silent this long is ended and resumed (the JDK's request timeout stops at the headers). */
    static final Duration STALL = Duration.ofSeconds(60);
    /** What a user can do about a failed write, besides freeing space. */
    static final String RESUME_ADVICE = "set EMOVOX_HOME to a folder on another disk (an interrupted download resumes "
            + "when run again)";
    private final HubApi api;
    private final Duration stall;

    FileFetcher(HubApi api, Duration stall) {
        this.api = api;
        this.stall = stall;
    }

    /**
     * Makes {@code part} hold all of {@code file}'s bytes, reporting the bytes on disk after each
     * chunk, and returns once they pass the check.
     */
    void fetch(HubFile file, URI url, Path part, LongConsumer onDisk) {
        try {
            long have = Files.exists(part) ? Files.size(part) : 0;
            if (file.size() >= 0 && have > file.size()) {
                Files.delete(part);
                have = 0;
            }
            IOException last = null;
            for (int attempt = 0; attempt < ATTEMPTS && (file.size() < 0 || have < file.size()); attempt++) {
                try {
                    have = transfer(file, url, part, have, onDisk);
                    if (file.size() < 0) {
                        break; // no size to aim for: the first complete answer is the file
                    }
                } catch (IOException e) {
                    last = e;
                    have = Files.exists(part) ? Files.size(part) : 0;
                }
            }
            if (file.size() >= 0 && have < file.size()) {
                throw new EmovoxException(ErrorKind.HUB_UNREACHABLE, "The connection to " + api.hub.id() + " kept "
                        + "dropping: " + file.path() + " stopped at " + have + " of " + file.size() + " bytes after "
                        + ATTEMPTS + " tries (" + (last == null ? "short answer" : last.getMessage()) + "). Run the "
                        + "command again: it resumes where it stopped.", last);
            }
            verify(file, part);
        } catch (IOException e) {
            throw IoErrors.writeFailed("The download of " + file.path(), part.getParent(), e, RESUME_ADVICE);
        }
    }

    /** One request: appends what arrives to {@code part}; returns the bytes now on disk. */
    private long transfer(HubFile file, URI url, Path part, long have, LongConsumer onDisk) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept-Encoding", "identity"); // sizes and ranges are of the stored bytes
        if (have > 0) {
            headers.put("Range", "bytes=" + have + "-");
        }
        AtomicReference<FileSink> sink = new AtomicReference<>();
        HttpResponse<Long> r;
        try {
            r = api.http.get(url, headers, api.credentials(), api.hub, info -> {
                int s = info.statusCode();
                if (s != 200 && s != 206) {
                    return HttpResponse.BodySubscribers.replacing(-1L); // an error: status and headers say it
                }
                // a 200 (or a range we did not ask for) is the whole file: start afresh
                boolean append = s == 206 && have > 0
                        && info.headers().firstValue("Content-Range").orElse("").startsWith("bytes " + have + "-");
                FileSink k = new FileSink(part, append, append ? have : 0, onDisk);
                sink.set(k);
                return k;
            }, new StallWatch(sink));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        int s = r.statusCode();
        if (s == 416) {
            Files.deleteIfExists(part); // what we hold does not fit the file any more: start afresh
            throw new IOException("the hub refused to resume (HTTP 416)");
        }
        if (s != 200 && s != 206) {
            throw api.failure(r, "file " + file.path());
        }
        return r.body();
    }

    /** Waits for a file's answer; ends it when no data came for {@link #stall}. */
    private final class StallWatch implements HubHttp.Waiter {
        private final AtomicReference<FileSink> sink;
        private final long started = System.nanoTime();

        StallWatch(AtomicReference<FileSink> sink) {
            this.sink = sink;
        }

        @Override
        public <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> f) throws Exception {
            long poll = Math.max(10, Math.min(1000, stall.toMillis() / 4));
            while (true) {
                try {
                    return f.get(poll, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    FileSink k = sink.get();
                    long last = k == null ? started : k.lastData();
                    if (System.nanoTime() - last > stall.toNanos()) {
                        String why = "no data for " + stall.toSeconds() + " s";
                        if (k != null) {
                            k.stall(why);
                        }
                        f.cancel(true);
                        throw new ExecutionException(new IOException(why));
                    }
                }
            }
        }
    }

    private void verify(HubFile file, Path part) throws IOException {
        long size = Files.size(part);
        String expected;
        String actual;
        String kind;
        if (file.sha256() != null) {
            kind = "SHA-256";
            expected = file.sha256();
            actual = ClipFingerprint.fileSha256(part);
        } else if (file.gitSha1() != null) {
            kind = "git blob id";
            expected = file.gitSha1();
            byte[] header = ("blob " + size + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            actual = digest("SHA-1", header, part);
        } else {
            kind = "size";
            expected = Long.toString(file.size());
            actual = Long.toString(size);
        }
        boolean sizeOk = file.size() < 0 || size == file.size();
        if (!sizeOk || !expected.equals(actual)) {
            Files.deleteIfExists(part);
            throw new EmovoxException(ErrorKind.CHECKSUM_MISMATCH, file.path() + " from " + api.hub.id() + " does not "
                    + "match the " + (sizeOk ? kind : "size") + " the hub publishes for it (expected "
                    + (sizeOk ? expected : file.size() + " bytes") + ", got " + (sizeOk ? actual : size + " bytes")
                    + "): the download was damaged on the way or the mirror serves other bytes. Nothing was "
                    + "installed; run the command again to download it afresh.");
        }
    }

    private static String digest(String algorithm, byte[] prefix, Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            if (prefix != null) {
                md.update(prefix);
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[BUFFER];
                for (int k; (k = in.read(buf)) >= 0; ) {
                    md.update(buf, 0, k);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
