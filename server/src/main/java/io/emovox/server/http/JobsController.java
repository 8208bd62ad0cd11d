package io.emovox.server.http;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.files.IoErrors;
import io.emovox.server.ServerPaths;
import io.emovox.server.jobs.AnalysisEngine;
import io.emovox.server.jobs.JobEvent;
import io.emovox.server.jobs.JobQueue;
import io.emovox.server.jobs.JobRecord;
import io.emovox.server.jobs.JobStatus;
import io.emovox.server.jobs.JobStore;
import io.emovox.server.auth.JobAccess;
import io.emovox.server.auth.Principal;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Job list, status, progress stream, result files, pinning and deletion. */
public final class JobsController {
    /** The only files a client can fetch, and their types: names never reach the file system. */
    private static final Map<String, String> FILES = Map.of(
            "result.json", "application/json",
            "embedding.npy", "application/octet-stream",
            "processed_audio.wav", "audio/wav");

    private final JobStore store;
    private final JobQueue queue;
    private final ServerPaths paths;
    private final AnalysisEngine engine;

    public JobsController(JobStore store, JobQueue queue, ServerPaths paths, AnalysisEngine engine) {
        this.store = store;
        this.queue = queue;
        this.paths = paths;
        this.engine = engine;
    }

    /** The caller's jobs (an admin's: every job), newest first. */
    public void list(Context ctx) {
        int limit = intParam(ctx, "limit", 50, 1, 500);
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        String owner = JobAccess.listedOwner(Authenticator.principal(ctx));
        String q = ctx.queryParam("q");
        List<Map<String, Object>> jobs = store.list(q, owner, limit, offset).stream()
                .map(j -> JobJson.of(j, queue.liveState(j.id()))).toList();
        // total: every job the search matches, so a client can page (offset + limit < total: more).
        ctx.json(Map.of("jobs", jobs, "limit", limit, "offset", offset, "total", store.count(q, owner)));
    }

    public void get(Context ctx) {
        JobRecord j = job(ctx);
        ctx.json(JobJson.of(j, queue.liveState(j.id())));
    }

    public void result(Context ctx) {
        sendFile(ctx, job(ctx), "result.json", false);
    }

    public void file(Context ctx) {
        String name = ctx.pathParam("name");
        if (!FILES.containsKey(name)) {
            throw ApiError.notFound("File '" + name + "'");
        }
        sendFile(ctx, job(ctx), name, true);
    }

    public void pin(Context ctx) {
        JobRecord j = job(ctx);
        boolean pinned = !"false".equalsIgnoreCase(ctx.queryParam("pinned"));
        JobRecord after = queue.pin(j.id(), pinned).orElseThrow(() -> ApiError.notFound("Job " + j.id()));
        ctx.json(JobJson.of(after, queue.liveState(j.id())));
    }

    public void delete(Context ctx) {
        JobRecord j = job(ctx);
        try {
            queue.delete(j.id());
        } catch (IllegalStateException e) {
            throw new ApiError(409, "running", e.getMessage());
        }
        ctx.status(204);
    }

    public void models(Context ctx) {
        List<String> names = engine.models();
        ctx.json(Map.of("models", names, "default", names.isEmpty() ? "" : names.get(0)));
    }

    /** Server-sent events: the current state, then every change until the job finishes. */
    public void events(SseClient client) {
        Context ctx = client.ctx();
        JobRecord j;
        try {
            j = job(ctx);
        } catch (ApiError e) {
            client.sendEvent("error", HttpErrors.body(e.code(), e.getMessage(), HttpErrors.requestId(ctx)));
            client.close();
            return;
        }
        String id = j.id();
        if (!queue.isActive(id)) {
            client.sendEvent(j.status() == JobStatus.FAILED ? "failed" : "done", JobJson.of(j, queue.liveState(id)));
            client.close();
            return;
        }
        client.keepAlive();
        ProgressGate gate = new ProgressGate(client);
        Runnable unsubscribe = queue.subscribe(id, gate::send);
        client.onClose(unsubscribe);
        queue.liveState(id).ifPresent(gate::send);
        queue.completion(id).whenComplete((done, err) -> {
            unsubscribe.run();
            if (!client.terminated()) {
                if (done != null) {
                    client.sendEvent(done.status() == JobStatus.FAILED ? "failed" : "done",
                            JobJson.of(done, queue.liveState(id)));
                }
                client.close();
            }
        });
    }

    /**
     * One client's progress events, never going back: the state read on subscribing and the
     * events of the worker thread may cross, so an event behind one already sent is dropped.
     */
    private static final class ProgressGate {
        private final SseClient client;
        private JobEvent last;

        ProgressGate(SseClient client) {
            this.client = client;
        }

        synchronized void send(JobEvent e) {
            if (client.terminated() || !e.type().equals("progress") || e.equals(last)
                    || (last != null && e.progress() < last.progress())) {
                return;
            }
            last = e;
            client.sendEvent("progress", e);
        }
    }

    /** The job the path names, if the caller may use it; someone else's job is "not found" like a missing one. */
    private JobRecord job(Context ctx) {
        String id = ctx.pathParam("id");
        if (!ServerPaths.isJobId(id)) {
            throw ApiError.notFound("Job '" + id.replaceAll("[^A-Za-z0-9._-]", "?") + "'");
        }
        Principal p = Authenticator.principal(ctx);
        return store.get(id).filter(j -> JobAccess.allows(p, j.ownerId()))
                .orElseThrow(() -> ApiError.notFound("Job " + id));
    }

    private void sendFile(Context ctx, JobRecord j, String name, boolean attachment) {
        if (j.status() != JobStatus.DONE) {
            throw new ApiError(409, "not_ready",
                    "Job " + j.id() + " is " + j.status().key() + "; its files exist once it is done.");
        }
        Path file = paths.results(j.id()).resolve(name);
        if (!Files.isRegularFile(file)) {
            throw ApiError.notFound("File " + name + " of job " + j.id());
        }
        if (attachment) {
            ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        }
        try {
            if (name.endsWith(".wav")) {
                ByteRanges.send(ctx, file, FILES.get(name));
            } else {
                ctx.contentType(FILES.get(name)).result(Files.newInputStream(file));
            }
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "File " + name + " of job " + j.id() + " could not be read ("
                    + IoErrors.reason(e) + ").", e);
        }
    }

    static int intParam(Context ctx, String name, int def, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return def;
        }
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(v)));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("Query parameter '" + name + "' must be a whole number, got '" + v + "'.");
        }
    }
}
