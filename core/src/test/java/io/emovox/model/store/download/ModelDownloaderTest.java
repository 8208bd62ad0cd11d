package io.emovox.model.store.download;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.model.emotion2vec.Emotion2VecModel;
import io.emovox.model.emotion2vec.importer.DamagedCheckpoints;
import io.emovox.model.store.ModelManifest;
import io.emovox.model.store.ModelStore;
import io.emovox.testing.LocalHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Downloads of the random-weight tiny9 checkpoint from a real local HTTP server in each hub's URL
 * layout ({@link LocalHub}), installed through the real importer into a real store folder.
 */
class ModelDownloaderTest {
    @TempDir
    Path tmp;
    private LocalHub hf;
    private LocalHub ms;

    @BeforeEach
    void start() throws IOException {
        hf = new LocalHub("emotion2vec/emotion2vec_plus_seed", DamagedCheckpoints.fixture());
        ms = new LocalHub("iic/emotion2vec_plus_seed", DamagedCheckpoints.fixture());
    }

    @AfterEach
    void stop() {
        hf.close();
        ms.close();
    }

    private ModelStore store() {
        return new ModelStore(tmp.resolve("models"), new Emotion2VecModel.Options(2, 480_000));
    }

    private ModelDownloader downloader(Map<String, String> env) {
        return new ModelDownloader(store(), new HubEnvironment(env));
    }

    private Map<String, String> env() {
        return Map.of("HF_ENDPOINT", hf.endpoint(), "MODELSCOPE_DOMAIN", ms.endpoint());
    }

    private ModelDownloader.Request seed(Hub hub) {
        return new ModelDownloader.Request("emotion2vec_plus_seed", hub, null, null);
    }

    @Test
    void installsFromHuggingFaceFollowingTheCdnRedirect() throws IOException {
        List<DownloadProgress> updates = new ArrayList<>();
        ModelManifest m = downloader(Map.of("HF_ENDPOINT", hf.endpoint() + "/", "HF_TOKEN", "hf_secret"))
                .download(seed(Hub.HUGGINGFACE), updates::add);
        assertEquals("emotion2vec_plus_seed", m.name());
        assertEquals(48, m.dim());
        assertEquals(LocalHub.sha256(hf.file("model.pt")), m.sha256());
        Path dir = tmp.resolve("models/emotion2vec_plus_seed");
        assertTrue(Files.isRegularFile(dir.resolve("model.onnx")));
        assertArrayEquals(hf.file("README.md"), Files.readAllBytes(dir.resolve("README.md")));
        String source = Files.readString(dir.resolve(ModelDownloader.SOURCE_FILE));
        assertTrue(source.contains("\"hub\" : \"huggingface\"") && source.contains(LocalHub.COMMIT), source);
        assertEquals(List.of("emotion2vec_plus_seed"), store().list().stream().map(ModelManifest::name).toList());

        // the API got the token; model.pt came from the CDN host, which never saw it
        List<LocalHub.Seen> seen = hf.seen();
        assertTrue(seen.get(0).uri()
                        .startsWith("/api/models/emotion2vec/emotion2vec_plus_seed/revision/main?blobs=True"),
                seen.get(0).uri());
        assertEquals("Bearer hf_secret", seen.get(0).authorization());
        LocalHub.Seen blob = seen.stream().filter(s -> s.server().equals("cdn")).findFirst().orElseThrow();
        assertEquals("/blobs/model.pt", blob.uri());
        assertNull(blob.authorization(), "the token must not follow a redirect to another host");
        assertTrue(seen.stream().anyMatch(s -> s.uri().equals("/emotion2vec/emotion2vec_plus_seed/resolve/"
                + LocalHub.COMMIT + "/model.pt")), seen.toString());

        long total = hf.file("model.pt").length + hf.file("config.yaml").length + hf.file("tokens.txt").length
                + hf.file("README.md").length;
        DownloadProgress last = updates.get(updates.size() - 1);
        assertEquals(DownloadProgress.INSTALLING, last.stage());
        assertEquals(total, last.bytesTotal());
        assertTrue(updates.stream().anyMatch(u -> u.stage().equals(DownloadProgress.DOWNLOADING)
                && u.bytesDone() > 0 && u.bytesDone() < total), "progress while bytes arrive");
        assertEquals(List.of(), staging());
    }

    @Test
    void installsFromModelScopeByFullIdAndName() {
        ModelManifest m = downloader(Map.of("MODELSCOPE_DOMAIN", ms.endpoint(), "MODELSCOPE_API_TOKEN", "ms_tok"))
                .download(new ModelDownloader.Request("iic/emotion2vec_plus_seed", Hub.MODELSCOPE, "v2.0.4", "seed"),
                        u -> { });
        assertEquals("seed", m.name());
        List<LocalHub.Seen> seen = ms.seen();
        assertEquals("/api/v1/models/iic/emotion2vec_plus_seed/repo/files?Revision=v2.0.4&Recursive=True",
                seen.get(0).uri());
        assertEquals("m_session_id=ms_tok", seen.get(0).cookie());
        assertTrue(seen.stream().anyMatch(s -> s.uri().equals("/api/v1/models/iic/emotion2vec_plus_seed/repo?Revision="
                + LocalHub.COMMIT + "&FilePath=model.pt")), seen.toString());
        assertTrue(hf.seen().isEmpty(), "nothing went to the other hub");
    }

    @Test
    void aDroppedConnectionResumesWithRange() {
        hf.dropAfter = 200_000;
        ModelManifest m = downloader(env()).download(seed(Hub.HUGGINGFACE), u -> { });
        assertEquals(LocalHub.sha256(hf.file("model.pt")), m.sha256());
        assertEquals(1, hf.drops());
        List<String> ranges = hf.seen().stream().filter(s -> s.server().equals("cdn")).map(LocalHub.Seen::range)
                .toList();
        assertEquals(2, ranges.size(), ranges.toString());
        assertNull(ranges.get(0));
        assertEquals("bytes=200000-", ranges.get(1), "the second request resumes where the first stopped");
        assertEquals(List.of(), staging());
    }

    @Test
    void aDownloadThatKeepsFailingResumesOnTheNextRun() throws IOException {
        ms.dropAfter = 100_000;
        ms.dropTimes = FileFetcher.ATTEMPTS;
        EmovoxException e = assertThrows(EmovoxException.class,
                () -> downloader(env()).download(seed(Hub.MODELSCOPE), u -> { }));
        assertEquals(ErrorKind.HUB_UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("model.pt stopped at 500000 of " + ms.file("model.pt").length + " bytes")
                && e.getMessage().contains("Run the command again: it resumes"), e.getMessage());
        assertTrue(store().list().isEmpty(), "nothing installed");
        assertEquals(1, staging().size(), "the .part file stays for the next run");

        ModelManifest m = downloader(env()).download(seed(Hub.MODELSCOPE), u -> { });
        assertEquals(LocalHub.sha256(ms.file("model.pt")), m.sha256());
        List<LocalHub.Seen> files = ms.seen().stream().filter(s -> s.uri().contains("FilePath=model.pt")).toList();
        assertEquals(FileFetcher.ATTEMPTS + 1, files.size());
        assertEquals("bytes=500000-", files.get(files.size() - 1).range(),
                "the second run starts where the first stopped");
        assertEquals(List.of(), staging());
    }

    @Test
    void aSilentConnectionIsDroppedAndResumed() {
        hf.stallAfter = 300_000;
        long t0 = System.nanoTime();
        ModelManifest m = new ModelDownloader(store(), new HubEnvironment(env()), java.time.Duration.ofSeconds(1))
                .download(seed(Hub.HUGGINGFACE), u -> { });
        assertEquals(LocalHub.sha256(hf.file("model.pt")), m.sha256());
        assertTrue((System.nanoTime() - t0) / 1e9 < 15, "the watchdog ended the silent read");
        List<String> ranges = hf.seen().stream().filter(s -> s.server().equals("cdn")).map(LocalHub.Seen::range)
                .toList();
        assertEquals(java.util.Arrays.asList(null, "bytes=300000-"), ranges);
    }

    @Test
    void aCorruptedByteIsRefusedAndNothingStays() {
        ms.corruptAt = 1234;
        EmovoxException e = assertThrows(EmovoxException.class,
                () -> downloader(env()).download(seed(Hub.MODELSCOPE), u -> { }));
        assertEquals(ErrorKind.CHECKSUM_MISMATCH, e.kind());
        assertTrue(e.getMessage().startsWith("model.pt from modelscope does not match the SHA-256"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(store().list().isEmpty());
        assertEquals(List.of(), staging());
        assertFalse(Files.exists(tmp.resolve("models/emotion2vec_plus_seed")));
    }

    @Test
    void unknownModelTokenAndOfflineEachHaveTheirKind() throws IOException {
        EmovoxException nf = assertThrows(EmovoxException.class, () -> downloader(env())
                .download(new ModelDownloader.Request("emotion2vec_plus_huge", Hub.HUGGINGFACE, null, null), u -> { }));
        assertEquals(ErrorKind.HUB_NOT_FOUND, nf.kind());
        assertTrue(nf.getMessage().contains("has no model emotion2vec/emotion2vec_plus_huge at revision main"),
                nf.getMessage());
        EmovoxException msNf = assertThrows(EmovoxException.class, () -> downloader(env())
                .download(new ModelDownloader.Request("emotion2vec_plus_huge", Hub.MODELSCOPE, null, null), u -> { }));
        assertEquals(ErrorKind.HUB_NOT_FOUND, msNf.kind());

        ms.requiredToken = "right";
        EmovoxException noToken = assertThrows(EmovoxException.class,
                () -> downloader(env()).download(seed(Hub.MODELSCOPE), u -> { }));
        assertEquals(ErrorKind.HUB_ACCESS_DENIED, noToken.kind());
        assertTrue(noToken.getMessage().contains("Set MODELSCOPE_API_TOKEN"), noToken.getMessage());
        EmovoxException wrong = assertThrows(EmovoxException.class, () -> downloader(Map.of("MODELSCOPE_DOMAIN",
                ms.endpoint(), "MODELSCOPE_API_TOKEN", "wrong")).download(seed(Hub.MODELSCOPE), u -> { }));
        assertEquals(ErrorKind.HUB_ACCESS_DENIED, wrong.kind());
        assertTrue(wrong.getMessage().contains("the token is wrong"), wrong.getMessage());

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        EmovoxException off = assertThrows(EmovoxException.class, () -> downloader(Map.of("HF_ENDPOINT",
                "http://127.0.0.1:" + closed)).download(seed(Hub.HUGGINGFACE), u -> { }));
        assertEquals(ErrorKind.HUB_UNREACHABLE, off.kind());
        assertTrue(off.getMessage().startsWith("Cannot reach huggingface at http://127.0.0.1:" + closed
                + " (connection refused)"), off.getMessage());
        EmovoxException offline = assertThrows(EmovoxException.class, () -> downloader(Map.of("HF_ENDPOINT",
                hf.endpoint(), "HF_HUB_OFFLINE", "1")).download(seed(Hub.HUGGINGFACE), u -> { }));
        assertEquals(ErrorKind.HUB_UNREACHABLE, offline.kind());
        assertTrue(hf.seen().stream().noneMatch(s -> s.uri().contains("plus_seed")), "offline sends nothing");
        assertTrue(store().list().isEmpty());
        assertEquals(List.of(), staging());
    }

    @Test
    void requestsGoThroughTheProxyFromTheEnvironment() {
        // the hub's host does not resolve: only a proxy can reach it, and the local server acts as one
        ModelManifest m = downloader(Map.of("HF_ENDPOINT", "http://hub.invalid", "http_proxy", hf.endpoint()))
                .download(seed(Hub.HUGGINGFACE), u -> { });
        assertEquals(LocalHub.sha256(hf.file("model.pt")), m.sha256());
        List<String> uris = hf.seen().stream().map(LocalHub.Seen::uri).toList();
        assertTrue(uris.get(0).startsWith("http://hub.invalid/api/models/emotion2vec/emotion2vec_plus_seed/"),
                uris.toString());
        assertTrue(uris.stream().anyMatch(u -> u.startsWith("http://localhost:") && u.endsWith("/blobs/model.pt")),
                "the CDN redirect went through the proxy too: " + uris);
    }

    @Test
    void anUnwritableStoreIsAnIoError() throws IOException {
        Files.createDirectories(tmp.resolve("models"));
        Files.writeString(tmp.resolve("models/.downloads"), "a file where the download folder goes");
        EmovoxException e = assertThrows(EmovoxException.class,
                () -> downloader(env()).download(seed(Hub.HUGGINGFACE), u -> { }));
        assertEquals(ErrorKind.IO_ERROR, e.kind());
        assertTrue(e.getMessage().startsWith("The download folder could not be written to "), e.getMessage());
        assertTrue(hf.seen().stream().noneMatch(s -> s.uri().contains("resolve")), "no file was fetched");
    }

    @Test
    void proxiesFollowTheEnvironment() {
        EnvProxySelector p = new HubEnvironment(Map.of("https_proxy", "http://proxy.example:3128",
                "NO_PROXY", "localhost,.internal")).proxies();
        java.net.Proxy https = p.select(java.net.URI.create("https://huggingface.co/x")).get(0);
        assertEquals(java.net.Proxy.Type.HTTP, https.type());
        assertEquals("proxy.example", ((java.net.InetSocketAddress) https.address()).getHostString());
        assertEquals(3128, ((java.net.InetSocketAddress) https.address()).getPort());
        assertEquals(java.net.Proxy.NO_PROXY, p.select(java.net.URI.create("http://huggingface.co/x")).get(0));
        assertEquals(java.net.Proxy.NO_PROXY, p.select(java.net.URI.create("https://hub.internal/x")).get(0));
        assertEquals(java.net.Proxy.NO_PROXY, p.select(java.net.URI.create("https://localhost/x")).get(0));
    }

    private List<Path> staging() {
        Path d = tmp.resolve("models/.downloads");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
