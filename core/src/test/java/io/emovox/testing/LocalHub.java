package io.emovox.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP server that serves one model repository under both hubs' URL layouts, for
 * download tests (nothing reaches the internet):
 * <ul>
 * <li>Hugging Face: {@code /api/models/{repo}/revision/{rev}?blobs=True} (sha, siblings with
 *     blobId / lfs.sha256) and {@code /{repo}/resolve/{commit}/{path}}; LFS files answer with a 302
 *     to a second server (bound to {@code localhost}, another host than the API's
 *     {@code 127.0.0.1}), as the real hub redirects to its CDN;</li>
 * <li>ModelScope: {@code /api/v1/models/{repo}/repo/files?Revision=..&Recursive=True} and
 *     {@code /api/v1/models/{repo}/repo?Revision=..&FilePath=..}.</li>
 * </ul>
 * File requests honour {@code Range: bytes=N-}. Knobs: drop the connection once mid-file, corrupt
 * one served byte, require a token. Every request is recorded.
 */
public final class LocalHub implements AutoCloseable {
    /** One request as the server saw it. */
    public record Seen(String server, String method, String uri, String range, String authorization, String cookie) {}

    public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final List<String> LFS = List.of("model.pt");

    private final String repo;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final HttpServer api;
    private final HttpServer cdn;
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    /** Bytes of a model.pt answer after which the connection is dropped; -1: none. */
    public volatile long dropAfter = -1;
    /** How many model.pt answers are dropped (each after {@link #dropAfter} bytes). */
    public volatile int dropTimes = 1;
    /** Bytes of the next model.pt answer after which the server goes silent (keeps the socket open); -1: none. */
    public volatile long stallAfter = -1;
    /** Offset of model.pt whose served byte is flipped; -1: none. */
    public volatile long corruptAt = -1;
    /** Token every API request must carry (Bearer or m_session_id cookie); null: none. */
    public volatile String requiredToken;
    private final AtomicInteger drops = new AtomicInteger();
    private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();

    /** Serves {@code dir}'s model.pt, config.yaml, tokens.txt (and a README.md) as repository {@code repo}. */
    public LocalHub(String repo, Path dir) throws IOException {
        this.repo = repo;
        for (String f : List.of("model.pt", "config.yaml", "tokens.txt")) {
            files.put(f, Files.readAllBytes(dir.resolve(f)));
        }
        files.put("README.md", ("# " + repo + "\n\nA random-weight test checkpoint.\n")
                .getBytes(StandardCharsets.UTF_8));
        api = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        // any address: "localhost" may resolve to ::1 first
        cdn = HttpServer.create(new InetSocketAddress(0), 0);
        api.createContext("/", ex -> handle("api", ex));
        cdn.createContext("/", ex -> handle("cdn", ex));
        // a thread per request, as a real hub serves: a stalled answer must not hold up the next
        api.setExecutor(pool);
        cdn.setExecutor(pool);
        api.start();
        cdn.start();
    }

    /** The base URL: HF_ENDPOINT, or MODELSCOPE_DOMAIN (a value with a scheme is taken as it is). */
    public String endpoint() {
        return "http://127.0.0.1:" + api.getAddress().getPort();
    }

    public List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    public int drops() {
        return drops.get();
    }

    public byte[] file(String path) {
        return files.get(path);
    }

    private void handle(String server, HttpExchange ex) throws IOException {
        try (ex) {
            String uri = ex.getRequestURI().toString();
            seen.add(new Seen(server, ex.getRequestMethod(), uri, ex.getRequestHeaders().getFirst("Range"),
                    ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Cookie")));
            String path = ex.getRequestURI().getPath();
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            if (path.startsWith("/blobs/")) { // the CDN (or this server as a proxy for it)
                serveFile(ex, path.substring("/blobs/".length()));
                return;
            }
            if (requiredToken != null
                    && !("Bearer " + requiredToken).equals(ex.getRequestHeaders().getFirst("Authorization"))
                    && !("m_session_id=" + requiredToken).equals(ex.getRequestHeaders().getFirst("Cookie"))) {
                ex.getResponseHeaders().add("X-Error-Code", "RepoNotFound");
                send(ex, 401, "{\"error\":\"Invalid credentials in Authorization header\"}");
                return;
            }
            String hf = "/api/models/" + repo + "/revision/";
            String msFiles = "/api/v1/models/" + repo + "/repo/files";
            String msFile = "/api/v1/models/" + repo + "/repo";
            String hfResolve = "/" + repo + "/resolve/" + COMMIT + "/";
            if (path.startsWith(hf)) {
                send(ex, 200, hfListing());
            } else if (path.equals(msFiles)) {
                send(ex, 200, msListing());
            } else if (path.equals(msFile) && query.containsKey("FilePath")) {
                serveFile(ex, query.get("FilePath"));
            } else if (path.startsWith(hfResolve)) {
                String f = path.substring(hfResolve.length());
                if (LFS.contains(f) && files.containsKey(f)) {
                    // large files live on the CDN: another host, reached by a redirect
                    ex.getResponseHeaders().add("Location",
                            "http://localhost:" + cdn.getAddress().getPort() + "/blobs/" + f);
                    ex.getResponseHeaders().add("X-Linked-Etag", "\"" + sha256(files.get(f)) + "\"");
                    ex.sendResponseHeaders(302, -1);
                } else {
                    serveFile(ex, f);
                }
            } else {
                if (path.startsWith("/api/v1/")) {
                    send(ex, 404, "{\"Code\":10010205,\"Message\":\"model not exists\",\"Success\":false}");
                } else {
                    ex.getResponseHeaders().add("X-Error-Code", path.startsWith("/api/models/") ? "RepoNotFound"
                            : "EntryNotFound");
                    send(ex, 404, "{\"error\":\"Repository not found\"}");
                }
            }
        }
    }

    private void serveFile(HttpExchange ex, String name) throws IOException {
        byte[] all = files.get(name);
        if (all == null) {
            ex.getResponseHeaders().add("X-Error-Code", "EntryNotFound");
            send(ex, 404, "{\"error\":\"Entry not found\"}");
            return;
        }
        if (name.equals("model.pt") && corruptAt >= 0) {
            all = all.clone();
            all[(int) corruptAt] ^= 0x5a;
        }
        long from = 0;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
            from = Long.parseLong(range.substring(6, range.length() - 1));
        }
        int status = from > 0 ? 206 : 200;
        if (from > 0) {
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (all.length - 1) + "/" + all.length);
        }
        ex.getResponseHeaders().add("Accept-Ranges", "bytes");
        ex.sendResponseHeaders(status, all.length - from);
        OutputStream out = ex.getResponseBody();
        long drop = dropAfter;
        if (name.equals("model.pt") && stallAfter >= 0) {
            long stall = stallAfter;
            stallAfter = -1;
            out.write(all, (int) from, (int) stall);
            out.flush();
            try {
                Thread.sleep(20_000); // silent, the socket open: only the client's watchdog ends this
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("stalled on purpose");
        }
        if (name.equals("model.pt") && drop >= 0 && drop < all.length - from && dropTimes > 0) {
            dropTimes--;
            drops.incrementAndGet();
            out.write(all, (int) from, (int) drop);
            out.flush();
            // close the socket under the answer: the client sees the connection drop mid-file
            throw new IOException("dropped on purpose");
        }
        out.write(all, (int) from, (int) (all.length - from));
    }

    private String hfListing() {
        StringBuilder b = new StringBuilder("{\"id\":\"" + repo + "\",\"sha\":\"" + COMMIT + "\",\"siblings\":[");
        boolean first = true;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            byte[] d = e.getValue();
            b.append(first ? "" : ",").append("{\"rfilename\":\"").append(e.getKey()).append("\",\"size\":")
                    .append(d.length);
            if (LFS.contains(e.getKey())) {
                b.append(",\"blobId\":\"").append(gitBlob(new byte[0])).append("\",\"lfs\":{\"sha256\":\"")
                        .append(sha256(d)).append("\",\"size\":").append(d.length).append(",\"pointerSize\":134}");
            } else {
                b.append(",\"blobId\":\"").append(gitBlob(d)).append("\"");
            }
            b.append('}');
            first = false;
        }
        return b.append("]}").toString();
    }

    private String msListing() {
        StringBuilder b = new StringBuilder("{\"Code\":200,\"Data\":{\"Files\":[");
        b.append("{\"Name\":\"sub\",\"Path\":\"sub\",\"Type\":\"tree\",\"Size\":0,\"Sha256\":\"\",\"Revision\":\"")
                .append(COMMIT).append("\"}");
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            b.append(",{\"Name\":\"").append(e.getKey()).append("\",\"Path\":\"").append(e.getKey())
                    .append("\",\"Type\":\"blob\",\"Size\":").append(e.getValue().length).append(",\"Sha256\":\"")
                    .append(sha256(e.getValue())).append("\",\"Revision\":\"").append(COMMIT).append("\"}");
        }
        return b.append("]},\"Message\":\"success\",\"Success\":true}").toString();
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int i = kv.indexOf('=');
                if (i > 0) {
                    out.put(kv.substring(0, i), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    public static String sha256(byte[] d) {
        return hash("SHA-256", new byte[0], d);
    }

    static String gitBlob(byte[] d) {
        return hash("SHA-1", ("blob " + d.length + "\0").getBytes(StandardCharsets.US_ASCII), d);
    }

    private static String hash(String alg, byte[] prefix, byte[] d) {
        try {
            MessageDigest md = MessageDigest.getInstance(alg);
            md.update(prefix);
            return HexFormat.of().formatHex(md.digest(d));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        api.stop(0);
        cdn.stop(0);
        pool.shutdownNow();
    }
}
