package io.emovox.server.http;

import io.emovox.EmovoxException;
import io.emovox.model.store.DefaultModel;
import io.emovox.model.store.ModelManifest;
import io.emovox.model.store.ModelStore;
import io.emovox.model.store.download.DownloadProgress;
import io.emovox.model.store.download.Hub;
import io.emovox.model.store.download.ModelDownloader;
import io.emovox.server.ClientText;
import io.emovox.server.auth.Principal;
import io.emovox.server.auth.Secrets;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Model management for admins ({@code /api/v1/admin/models}): list the installed models and the
 * default, download one from a hub ({@link ModelDownloader}, one at a time in the background,
 * progress polled at {@code /downloads/{id}}), remove one, choose the default. The rules are the
 * store's ({@link ModelStore}); a running server picks up every change on its next request.
 * Anyone else gets 403.
 */
public final class ModelsController implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ModelsController.class.getName());
    /** Finished downloads kept for polling; the oldest go first. */
    private static final int KEEP_FINISHED = 20;

    private final ModelStore store;
    private final ModelDownloader downloader;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "emovox-model-download");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Download> downloads = new LinkedHashMap<>();

    public ModelsController(ModelStore store, ModelDownloader downloader) {
        this.store = store;
        this.downloader = downloader;
    }

    /** One download's state as clients poll it. */
    private static final class Download {
        final String id = Secrets.random(9);
        final ModelDownloader.Request request;
        final String startedAt = Instant.now().toString();
        volatile DownloadProgress progress = new DownloadProgress("queued", null, 0, 0);
        volatile String status = "queued";
        volatile String finishedAt;
        volatile String installed;
        volatile Map<String, Object> error;

        Download(ModelDownloader.Request request) {
            this.request = request;
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("model", request.model());
            m.put("from", request.hubOrDefault().id());
            m.put("revision", request.revision());
            m.put("status", status);
            DownloadProgress p = progress;
            m.put("stage", p.stage());
            m.put("file", p.file());
            m.put("bytes_done", p.bytesDone());
            m.put("bytes_total", p.bytesTotal());
            m.put("fraction", "done".equals(status) ? 1.0 : p.fraction());
            m.put("started_at", startedAt);
            m.put("finished_at", finishedAt);
            m.put("installed", installed);
            m.put("error", error);
            return m;
        }
    }

    public void list(Context ctx) {
        requireAdmin(ctx);
        List<Map<String, Object>> models = new ArrayList<>();
        DefaultModel d = store.defaultModel();
        Map<String, Object> builtin = new LinkedHashMap<>();
        builtin.put("name", ModelStore.BUILTIN);
        builtin.put("builtin", true);
        builtin.put("default", d.name().equals(ModelStore.BUILTIN));
        models.add(builtin);
        for (ModelManifest m : store.list()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("name", m.name());
            j.put("builtin", false);
            j.put("default", d.name().equals(m.name()));
            j.put("size", m.size());
            j.put("dim", m.dim());
            j.put("layers", m.layers());
            j.put("parameters", m.parameters());
            j.put("sha256", m.sha256());
            j.put("installed_bytes", m.installedBytes());
            j.put("installed_at", m.installedAt());
            models.add(j);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("models", models);
        out.put("default", Map.of("name", d.name(), "chosen", d.chosen()));
        synchronized (downloads) {
            out.put("downloads", downloads.values().stream().map(Download::json).toList());
        }
        ctx.json(out);
    }

    /** Starts a download; 202 with its state. Arguments are checked before anything starts. */
    public void download(Context ctx) {
        requireAdmin(ctx);
        Map<?, ?> body = JsonBodies.object(ctx, "Send JSON {\"model\": \"emotion2vec_plus_base\", \"from\": "
                + "\"huggingface\"|\"modelscope\", \"revision\": ..., \"name\": ...}.");
        String model = string(body, "model");
        Hub hub = Hub.parse(string(body, "from"));
        ModelDownloader.Request req = new ModelDownloader.Request(model, hub, string(body, "revision"),
                string(body, "name"));
        String repo = hub.repoId(model); // refuses a bad name now, not in the background
        String name = req.installName() != null ? req.installName() : repo.substring(repo.indexOf('/') + 1);
        if (store.installed(name)) {
            throw new ApiError(409, "conflict", "A model named '" + name + "' is already installed. Remove it first "
                    + "or choose another name.");
        }
        Download d = new Download(req);
        synchronized (downloads) {
            for (Download other : downloads.values()) {
                boolean active = other.status.equals("queued") || other.status.equals("running");
                String otherName = other.request.installName() != null ? other.request.installName()
                        : other.request.hubOrDefault().repoId(other.request.model()).replaceFirst(".*/", "");
                if (active && otherName.equals(name)) {
                    throw new ApiError(409, "conflict", "A download of '" + name + "' is already running (id "
                            + other.id + ").");
                }
            }
            downloads.put(d.id, d);
            trim();
        }
        worker.submit(() -> run(d));
        ctx.status(202).json(d.json());
    }

    public void downloadState(Context ctx) {
        requireAdmin(ctx);
        Download d;
        synchronized (downloads) {
            d = downloads.get(ctx.pathParam("id"));
        }
        if (d == null) {
            throw ApiError.notFound("Download " + ctx.pathParam("id"));
        }
        ctx.json(d.json());
    }

    public void remove(Context ctx) {
        requireAdmin(ctx);
        String name = ctx.pathParam("name");
        boolean wasDefault = store.remove(name);
        ctx.json(Map.of("removed", name, "was_default", wasDefault));
    }

    public void setDefault(Context ctx) {
        requireAdmin(ctx);
        Map<?, ?> body = JsonBodies.object(ctx, "Send JSON {\"name\": \"builtin\" or an installed model}.");
        String name = string(body, "name");
        if (name == null) {
            throw ApiError.badRequest("Name the model: {\"name\": ...}.");
        }
        DefaultModel d = store.setDefault(name);
        ctx.json(Map.of("name", d.name(), "chosen", d.chosen()));
    }

    private void run(Download d) {
        d.status = "running";
        try {
            ModelManifest m = downloader.download(d.request, p -> d.progress = p);
            d.installed = m.name();
            d.status = "done";
        } catch (EmovoxException e) {
            d.error = Map.of("code", e.kind().code(), "message", ClientText.of(e.getMessage()));
            d.status = "failed";
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Model download " + d.id + " failed", e);
            d.error = Map.of("code", "internal", "message", "Internal error; the server log has the details under "
                    + "download " + d.id + ".");
            d.status = "failed";
        } finally {
            d.finishedAt = Instant.now().toString();
        }
    }

    private void trim() {
        List<String> finished = downloads.values().stream().filter(x -> x.finishedAt != null).map(x -> x.id).toList();
        for (int i = 0; i < finished.size() - KEEP_FINISHED; i++) {
            downloads.remove(finished.get(i));
        }
    }

    private static String string(Map<?, ?> body, String key) {
        Object v = body.get(key);
        if (v != null && !(v instanceof String)) {
            throw ApiError.badRequest("'" + key + "' is a string.");
        }
        String s = (String) v;
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static void requireAdmin(Context ctx) {
        Principal p = Authenticator.principal(ctx);
        if (!p.admin()) {
            throw new ApiError(403, "forbidden", "Only an admin manages models.");
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
