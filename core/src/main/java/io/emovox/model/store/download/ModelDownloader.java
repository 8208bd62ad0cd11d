package io.emovox.model.store.download;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.files.FileTrees;
import io.emovox.files.IoErrors;
import io.emovox.model.ClipFingerprint;
import io.emovox.model.store.ModelManifest;
import io.emovox.model.store.ModelStore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Downloads a published emotion2vec+ model from a hub and installs it in the store:
 * list the revision's files, fetch {@code model.pt}, {@code config.yaml}, {@code tokens.txt}
 * (and the README and licence, kept with the installed model) into a staging folder
 * ({@code <store>/.downloads/<hub>--<owner>--<name>/}, hidden from the store's listing), verify each,
 * then {@link ModelStore#install(Path, String, List)}, which converts, test-loads and moves the
 * model into place atomically.
 *
 * <p>On failure nothing is installed. A dropped connection keeps the {@code .part} files, so the
 * next run resumes them; any other failure (a checksum mismatch, a checkpoint the importer refuses)
 * deletes the staging folder. One download per staging folder at a time (a lock file).
 */
public final class ModelDownloader {
    /** The files the importer reads. */
    static final List<String> REQUIRED = List.of("model.pt", "config.yaml", "tokens.txt");
    /** The record of where an installed model came from, kept in its folder. */
    public static final String SOURCE_FILE = "download.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What to download.
     *
     * @param model       emotion2vec_plus_seed / _base / _large, or a hub id OWNER/NAME
     * @param hub         where from (null: {@link Hub#DEFAULT})
     * @param revision    branch, tag or commit (null: the hub's default branch)
     * @param installName the name to install under (null: the repository's name)
     */
    public record Request(String model, Hub hub, String revision, String installName) {
        public Hub hubOrDefault() {
            return hub == null ? Hub.DEFAULT : hub;
        }
    }

    private final ModelStore store;
    private final HubEnvironment env;
    private final Duration stall;

    public ModelDownloader(ModelStore store, HubEnvironment env) {
        this(store, env, FileFetcher.STALL);
    }

    /** As above; a read that blocks longer than {@code stall} counts as a dropped connection. */
    ModelDownloader(ModelStore store, HubEnvironment env, Duration stall) {
        this.store = store;
        this.env = env;
        this.stall = stall;
    }

    /** Downloads, verifies and installs; {@code progress} hears each step and the bytes as they arrive. */
    public ModelManifest download(Request req, Consumer<DownloadProgress> progress) {
        Hub hub = req.hubOrDefault();
        String repo = hub.repoId(req.model());
        String revision = req.revision() == null || req.revision().isBlank() ? hub.defaultRevision() : req.revision();
        String name = req.installName() != null ? req.installName() : repo.substring(repo.indexOf('/') + 1);
        if (store.installed(name)) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "A model named '" + name + "' is already installed. "
                    + "Remove it first ('emovox model remove " + name + "') or choose another --name.");
        }
        if (env.offline(hub)) {
            throw new EmovoxException(ErrorKind.HUB_UNREACHABLE, "HF_HUB_OFFLINE is set, so nothing is downloaded "
                    + "from Hugging Face. Unset it, or import a downloaded folder with 'emovox model import DIR'.");
        }
        HubApi api = HubApi.of(hub, env, new HubHttp(env));
        progress.accept(new DownloadProgress(DownloadProgress.LISTING, null, 0, 0));
        HubListing listing = api.list(repo, revision);
        List<HubFile> files = choose(api, repo, listing);
        long total = files.stream().mapToLong(f -> Math.max(0, f.size())).sum();

        Path staging = store.root().resolve(".downloads").resolve(hub.id() + "--" + repo.replace('/', '-')
                .replace("..", "_") + "--" + safe(listing.commit()));
        FileChannel lockFile;
        FileLock lock;
        try {
            lockFile = openLock(staging);
            lock = tryLock(lockFile, repo); // before anything below may delete the folder
        } catch (IOException e) {
            throw IoErrors.writeFailed("The download folder", staging, e, FileFetcher.RESUME_ADVICE);
        }
        boolean keepForResume = false;
        try {
            FileFetcher fetcher = new FileFetcher(api, stall);
            long before = 0;
            List<Map<String, Object>> record = new ArrayList<>();
            for (HubFile f : files) {
                Path done = staging.resolve(f.path());
                Path part = staging.resolve(f.path() + ".part");
                if (!Files.exists(done)) {
                    long base = before;
                    keepForResume = true; // until it is complete, a failure keeps what arrived
                    fetcher.fetch(f, listing.urls().get(f.path()), part, n -> progress.accept(
                            new DownloadProgress(DownloadProgress.DOWNLOADING, f.path(), base + n, total)));
                    keepForResume = false;
                    Files.move(part, done, StandardCopyOption.REPLACE_EXISTING);
                }
                before += Math.max(0, f.size());
                progress.accept(new DownloadProgress(DownloadProgress.VERIFYING, f.path(), before, total));
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("path", f.path());
                entry.put("size", f.size());
                // verified against the hub's SHA-256 when it publishes one: no second read of a 1 GB file
                entry.put("sha256", f.sha256() != null ? f.sha256() : ClipFingerprint.fileSha256(done));
                record.add(entry);
            }
            writeSource(staging, hub, repo, revision, listing.commit(), record);
            progress.accept(new DownloadProgress(DownloadProgress.INSTALLING, null, total, total));
            List<String> extras = new ArrayList<>();
            for (HubFile f : files) {
                if (!REQUIRED.contains(f.path())) {
                    extras.add(f.path());
                }
            }
            extras.add(SOURCE_FILE);
            return store.install(staging, name, extras);
        } catch (IOException e) {
            throw IoErrors.writeFailed("The download of " + repo, staging, e, FileFetcher.RESUME_ADVICE);
        } catch (EmovoxException e) {
            boolean resumable = keepForResume && e.kind() == ErrorKind.HUB_UNREACHABLE;
            if (!resumable) {
                keepForResume = false;
            }
            throw e;
        } finally {
            release(lock, lockFile);
            if (!keepForResume) {
                FileTrees.deleteQuietly(staging);
            }
        }
    }

    private static void release(FileLock lock, FileChannel ch) {
        try {
            lock.release();
            ch.close();
        } catch (IOException ignored) {
            // closing the channel frees the lock in any case
        }
    }

    /** The importer's files (all required) and the README and licence files when there are any. */
    private static List<HubFile> choose(HubApi api, String repo, HubListing listing) {
        List<HubFile> out = new ArrayList<>();
        for (String need : REQUIRED) {
            HubFile f = listing.files().stream().filter(x -> x.path().equals(need)).findFirst().orElseThrow(() ->
                    new EmovoxException(ErrorKind.HUB_NOT_FOUND, api.hub.id() + " model " + repo + " has no " + need
                            + ", so it is not a published emotion2vec+ checkpoint. Models: emotion2vec_plus_seed, "
                            + "emotion2vec_plus_base, emotion2vec_plus_large."));
            out.add(f);
        }
        for (HubFile f : listing.files()) {
            String lower = f.path().toLowerCase(Locale.ROOT);
            boolean doc = !f.path().contains("/") && (lower.equals("readme.md") || lower.startsWith("license")
                    || lower.startsWith("licence"));
            if (doc) {
                out.add(f);
            }
        }
        return out;
    }

    private static void writeSource(Path staging, Hub hub, String repo, String revision, String commit,
                                    List<Map<String, Object>> files) throws IOException {
        Map<String, Object> src = new LinkedHashMap<>();
        src.put("hub", hub.id());
        src.put("repo", repo);
        src.put("revision", revision);
        src.put("commit", commit);
        src.put("downloaded_at", Instant.now().toString());
        src.put("files", files);
        JSON.writeValue(staging.resolve(SOURCE_FILE).toFile(), src);
    }

    private static FileChannel openLock(Path staging) throws IOException {
        Files.createDirectories(staging);
        return FileChannel.open(staging.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private static FileLock tryLock(FileChannel ch, String repo) throws IOException {
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Another download of " + repo + " is running. Wait "
                    + "for it to finish.");
        }
        return l;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
