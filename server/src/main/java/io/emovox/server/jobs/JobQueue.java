package io.emovox.server.jobs;

import io.emovox.EmovoxException;
import io.emovox.analysis.ProgressMeter;
import io.emovox.files.FileTrees;
import io.emovox.files.IoErrors;
import io.emovox.files.PrivateFiles;
import io.emovox.server.ClientText;
import io.emovox.server.DiskSpace;
import io.emovox.server.ServerLimits;
import io.emovox.server.ServerPaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs jobs on a fixed number of workers that share the resident model, with a bounded number
 * waiting. Capacity is reserved before an upload is read, so a full queue answers 503 without
 * receiving the file. Every job is in the database before it is queued; a job found queued or
 * running at start (the server crashed or was killed) is queued again, and after
 * {@value #MAX_ATTEMPTS} interrupted attempts it is marked failed — never silently dropped.
 */
public final class JobQueue implements AutoCloseable {
    static final int MAX_ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(JobQueue.class.getName());

    private final JobStore store;
    private final ServerPaths paths;
    private final AnalysisEngine engine;
    private final ServerLimits limits;
    private final ExecutorService workers;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final Map<String, CompletableFuture<JobRecord>> completions = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<JobEvent>>> listeners = new ConcurrentHashMap<>();
    private final Map<String, JobEvent> live = new ConcurrentHashMap<>();
    private final Map<String, Boolean> cancelled = new ConcurrentHashMap<>();
    private final JobMetrics metrics;
    private final List<Consumer<String>> doneListeners = new CopyOnWriteArrayList<>();

    /** Counters the queue reports; the HTTP layer exposes them as Prometheus metrics. */
    public interface JobMetrics {
        void jobFinished(JobStatus status, double wallSeconds, double audioSeconds);
    }

    public JobQueue(JobStore store, ServerPaths paths, AnalysisEngine engine, ServerLimits limits,
                    JobMetrics metrics) {
        this.store = store;
        this.paths = paths;
        this.engine = engine;
        this.limits = limits;
        this.metrics = metrics;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(limits.workers(), limits.workers(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "emovox-job-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** A held place in the queue; released on close unless a job was submitted with it. */
    public final class Reservation implements AutoCloseable {
        private boolean used;
        private boolean released;

        private void consume() {
            if (used || released) {
                throw new IllegalStateException("A reservation can be used for one job only.");
            }
            used = true;
        }

        @Override
        public void close() {
            if (!used && !released) {
                released = true;
                pending.decrementAndGet();
            }
        }
    }

    /** Reserves a place for one job, or empty when workers and queue are full (HTTP 503). */
    public Optional<Reservation> tryReserve() {
        int capacity = limits.workers() + limits.maxQueued();
        while (true) {
            int now = pending.get();
            if (now >= capacity) {
                return Optional.empty();
            }
            if (pending.compareAndSet(now, now + 1)) {
                return Optional.of(new Reservation());
            }
        }
    }

    /**
     * Records a job and queues it. The upload is moved into the job's folder and the job's
     * manifest written beside it before its row, so a folder never lacks what it is.
     *
     * @param upload   a received file in the incoming folder
     * @param fileName the client's name for it, for display
     * @param owner    the submitter's display name
     * @param ownerId  who owns the job (see {@link io.emovox.server.auth.JobAccess})
     */
    public JobRecord submit(Reservation reservation, String id, Path upload, String fileName, JobOptions options,
                            String owner, String ownerId) {
        return submit(reservation, id, upload, fileName, options, owner, ownerId, null);
    }

    /**
     * As above, with the bytes of the transcript {@code options} names, stored in the job's folder
     * as {@link JobOptions#TRANSCRIPT_FILE} (null: none).
     */
    public JobRecord submit(Reservation reservation, String id, Path upload, String fileName, JobOptions options,
                            String owner, String ownerId, byte[] transcript) {
        reservation.consume();
        JobRecord job = new JobRecord(id, JobStatus.QUEUED, fileName, options, owner, ownerId,
                System.currentTimeMillis(),
                null, null, 0, 0, null, null, null, null, null, null, 0, false, null, null, null);
        try {
            Path dir = paths.job(id);
            PrivateFiles.createDirectories(dir);
            Files.move(upload, dir.resolve("input"), StandardCopyOption.ATOMIC_MOVE);
            if (transcript != null) {
                PrivateFiles.writeAtomically(dir.resolve(JobOptions.TRANSCRIPT_FILE), transcript);
            }
            JobManifest.write(paths, job);
            store.insert(job);
        } catch (IOException | RuntimeException e) {
            pending.decrementAndGet();
            FileTrees.deleteQuietly(paths.job(id));
            throw e instanceof IOException io ? IoErrors.writeFailed("The upload " + fileName, paths.job(id), io,
                    "free space on the server") : (RuntimeException) e;
        }
        completions.put(id, new CompletableFuture<>());
        live.put(id, new JobEvent("progress", id, JobStatus.QUEUED.key(), null, 0));
        workers.execute(() -> run(id));
        return store.get(id).orElseThrow();
    }

    /**
     * Queues again every job a previous process left queued or running. A job whose own folder
     * says it finished (the database lost its latest changes) takes that state instead of being
     * run again over its results.
     *
     * @return how many were queued again (the others were finished from their folder or marked failed)
     */
    public int recover() {
        int requeued = 0;
        for (JobRecord j : store.withStatus(JobStatus.RUNNING, JobStatus.QUEUED)) {
            if (!ServerPaths.isJobId(j.id())) {
                store.markFailed(j.id(), "interrupted", "The job id is malformed; it cannot be resumed.", 0);
                continue;
            }
            Optional<JobRecord> own = JobManifest.read(paths, j.id()).filter(m -> m.status().finished());
            if (own.isPresent() && (own.get().status() == JobStatus.FAILED
                    || Files.isDirectory(paths.results(j.id())))) {
                store.adoptFinished(own.get(), FileTrees.size(paths.job(j.id())));
                continue;
            }
            if (j.attempts() >= MAX_ATTEMPTS) {
                finishFailed(j.id(), "interrupted", "The server stopped during this job " + j.attempts()
                        + " times; it was not tried again. Upload the file again to retry.");
            } else if (!Files.isRegularFile(paths.job(j.id()).resolve("input"))) {
                finishFailed(j.id(), "interrupted", "The server stopped during this job and its upload is gone;"
                        + " upload the file again.");
            } else {
                store.markQueued(j.id());
                pending.incrementAndGet();
                completions.put(j.id(), new CompletableFuture<>());
                live.put(j.id(), new JobEvent("progress", j.id(), JobStatus.QUEUED.key(), null, 0));
                workers.execute(() -> run(j.id()));
                requeued++;
            }
        }
        return requeued;
    }

    private void run(String id) {
        running.incrementAndGet();
        long t0 = System.nanoTime();
        JobStatus outcome = JobStatus.FAILED;
        double audioSeconds = 0;
        try {
            if (cancelled.remove(id) != null) {
                return;
            }
            Optional<JobRecord> job = store.get(id);
            if (job.isEmpty() || !store.markRunning(id)) {
                return; // deleted while it waited
            }
            publish(new JobEvent("progress", id, JobStatus.RUNNING.key(), "decoding", 0));
            Path dir = paths.job(id);
            Path partial = dir.resolve("result.partial");
            Path result = paths.results(id);
            FileTrees.delete(partial);
            FileTrees.delete(result);
            ProgressThrottle throttle = new ProgressThrottle(id);
            ProgressMeter meter = new ProgressMeter(job.get().options().choices().granularity(),
                    ProgressMeter.Rate.LIVE, throttle::report);
            JobSummary summary = engine.analyze(dir.resolve("input"), job.get().fileName(), job.get().options(),
                    meter, partial);
            PrivateFiles.restrictTree(partial); // the core's writer knows nothing of the server's file modes
            Files.move(partial, result, StandardCopyOption.ATOMIC_MOVE);
            store.markDone(id, summary, FileTrees.size(dir));
            writeManifest(id);
            audioSeconds = summary.durationSeconds();
            outcome = JobStatus.DONE;
            tellDone(id);
            publish(new JobEvent("done", id, JobStatus.DONE.key(), null, 1));
        } catch (EmovoxException e) {
            fail(id, e.kind().code(), e.getMessage());
        } catch (Exception | Error e) {
            if (DiskSpace.isDiskFull(e)) {
                fail(id, "disk_full", "The server's disk filled up while writing the results; nothing was kept. "
                        + "Upload the file again once there is space.");
            } else {
                LOG.log(Level.SEVERE, "Job " + id + " failed with an internal error", e);
                fail(id, "internal", "Internal error while analysing (" + e.getClass().getSimpleName()
                        + "); see the server log.");
            }
        } finally {
            running.decrementAndGet();
            pending.decrementAndGet();
            metrics.jobFinished(outcome, (System.nanoTime() - t0) / 1e9, audioSeconds);
            live.remove(id);
            listeners.remove(id);
            CompletableFuture<JobRecord> f = completions.remove(id);
            if (f != null) {
                f.complete(store.get(id).orElse(null));
            }
        }
    }

    /** Calls {@code listener} with the id of each job that finishes done (the review queue's triage). */
    public void onDone(Consumer<String> listener) {
        doneListeners.add(listener);
    }

    /** A listener that fails is logged: the job stays done (its result is complete). */
    private void tellDone(String id) {
        for (Consumer<String> l : doneListeners) {
            try {
                l.accept(id);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "After job " + id + " finished: " + e.getMessage(), e);
            }
        }
    }

    private void fail(String id, String code, String message) {
        try {
            FileTrees.delete(paths.job(id).resolve("result.partial"));
            String shown = ClientText.of(message); // the owner reads it: no server paths
            if (!shown.equals(message)) {
                LOG.info("Job " + id + " failed: " + message);
            }
            finishFailed(id, code, shown);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Cannot record the failure of job " + id, e);
        }
        publish(new JobEvent("failed", id, JobStatus.FAILED.key(), null, 0));
    }

    private void finishFailed(String id, String code, String message) {
        store.markFailed(id, code, message, FileTrees.size(paths.job(id)));
        writeManifest(id);
    }

    /**
     * Brings the job's manifest up to its row after a change. Under one lock, so that two changes
     * (a pin and the end of the run) cannot write their manifests in the wrong order. A manifest
     * that cannot be written (full disk) keeps its earlier content: the row is what counts while
     * the database is sound, and retention refuses a job whose folder disagrees with its row.
     */
    private void writeManifest(String id) {
        synchronized (manifestLock) {
            Optional<JobRecord> j = store.get(id);
            if (j.isEmpty()) {
                return;
            }
            try {
                JobManifest.write(paths, j.get());
            } catch (EmovoxException e) {
                LOG.log(Level.WARNING, "Cannot update the manifest of job " + id + " (" + e.getMessage() + ")");
            }
        }
    }

    private final Object manifestLock = new Object();

    /**
     * Pins a job against retention (or unpins it); its manifest records it too.
     *
     * @return the job after the change, or empty when it does not exist
     */
    public Optional<JobRecord> pin(String id, boolean pinned) {
        if (!store.setPinned(id, pinned)) {
            return Optional.empty();
        }
        writeManifest(id);
        return store.get(id);
    }

    /**
     * Progress as the core's meter lets it out (at most 4 updates a second) goes to subscribers at
     * once and to the database at most every half second.
     */
    private final class ProgressThrottle {
        private final String id;
        private long lastWrite;

        ProgressThrottle(String id) {
            this.id = id;
        }

        void report(ProgressMeter.Update u) {
            publish(JobEvent.running(id, u));
            long now = System.nanoTime();
            if (now - lastWrite > 500_000_000L) {
                lastWrite = now;
                try {
                    store.updateProgress(id, u.fraction());
                } catch (RuntimeException e) {
                    // Progress is also live in memory; a full disk must not fail the job for it.
                }
            }
        }
    }

    private void publish(JobEvent e) {
        if (e.type().equals("progress")) {
            live.put(e.jobId(), e);
        }
        for (Consumer<JobEvent> l : listeners.getOrDefault(e.jobId(), List.of())) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                // A subscriber that went away must not stop the job.
            }
        }
    }

    /** The latest progress of a queued or running job, or empty when it is not active. */
    public Optional<JobEvent> liveState(String id) {
        return Optional.ofNullable(live.get(id));
    }

    /** Subscribes to a job's events; the returned runnable unsubscribes. */
    public Runnable subscribe(String id, Consumer<JobEvent> listener) {
        listeners.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> {
            List<Consumer<JobEvent>> l = listeners.get(id);
            if (l != null) {
                l.remove(listener);
            }
        };
    }

    /** Completes with the job's final record when it finishes (at once if it is not active). */
    public CompletableFuture<JobRecord> completion(String id) {
        CompletableFuture<JobRecord> f = completions.get(id);
        return f != null ? f : CompletableFuture.completedFuture(store.get(id).orElse(null));
    }

    public boolean isActive(String id) {
        return completions.containsKey(id);
    }

    /**
     * Deletes a job that is not running: its files, then its row (see {@link JobStore#deleteIf}).
     *
     * @return false when the job does not exist
     * @throws IllegalStateException when it is running
     */
    public boolean delete(String id) {
        boolean[] running = {false};
        Optional<JobRecord> gone = store.deleteIf(id, j -> {
            running[0] = j.status() == JobStatus.RUNNING;
            return !running[0];
        }, j -> {
            if (j.status() == JobStatus.QUEUED) {
                cancelled.put(id, Boolean.TRUE);
            }
            FileTrees.delete(paths.job(id));
        });
        if (running[0]) {
            throw new IllegalStateException("Job " + id + " is running; delete it when it has finished.");
        }
        return gone.isPresent();
    }

    public int queuedCount() {
        return Math.max(0, pending.get() - running.get());
    }

    public int runningCount() {
        return running.get();
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
