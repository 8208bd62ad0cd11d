package io.emovox.server;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.files.PrivateFiles;
import io.emovox.model.emotion2vec.Emotion2VecModel;
import io.emovox.model.store.ModelStore;
import io.emovox.model.store.download.HubEnvironment;
import io.emovox.model.store.download.ModelDownloader;
import io.emovox.server.auth.AuthStore;
import io.emovox.server.db.Database;
import io.emovox.server.http.AnalyzeController;
import io.emovox.server.http.ApiError;
import io.emovox.server.http.Authenticator;
import io.emovox.server.http.HttpErrors;
import io.emovox.server.http.JobsController;
import io.emovox.server.http.JsonErrorHandler;
import io.emovox.server.http.ModelsController;
import io.emovox.server.http.ServerMetrics;
import io.emovox.server.http.RateLimiter;
import io.emovox.server.http.ReviewController;
import io.emovox.server.http.SessionController;
import io.emovox.server.review.ReviewQueue;
import io.emovox.server.review.ReviewStore;
import io.emovox.server.http.UploadReceiver;
import io.emovox.server.jobs.AnalysisEngine;
import io.emovox.server.jobs.JobIndex;
import io.emovox.server.jobs.JobQueue;
import io.emovox.server.jobs.JobStore;
import io.emovox.server.jobs.RetentionSweeper;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The emovox server: one process holding the resident model (through the {@link AnalysisEngine}),
 * the job queue, the SQLite database and the HTTP endpoints (REST API, web UI, health, metrics).
 * The caller owns the engine; the server owns everything else and releases it on {@link #close()}.
 */
public final class EmovoxServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmovoxServer.class.getName());

    private final ServerConfig config;
    private final ServerLock lock;
    private final Database db;
    private final AuthStore auth;
    private final JobStore jobs;
    private final JobQueue queue;
    private final ReviewQueue reviews;
    private final DiskSpace disk;
    private final ServerMetrics metrics = new ServerMetrics();
    private final ScheduledExecutorService background;
    private final Javalin app;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final int port;
    private final HubEnvironment hubs;
    private ModelsController models;

    /**
     * Starts in an order that keeps a refused start from changing anything: the state folder's
     * lock first, then the port; only then the files are made private, the database checked,
     * and the server bound — before interrupted jobs are queued again, so a start that fails to
     * listen has run nothing.
     */
    private EmovoxServer(ServerConfig config, AnalysisEngine engine, Consumer<String> notices, HubEnvironment hubs) {
        this.config = config;
        this.hubs = hubs;
        ServerPaths paths = config.paths();
        this.lock = ServerLock.acquire(paths);
        boolean ok = false;
        try {
            checkPortFree(config);
            int fixed = PrivateFiles.restrictTree(paths.root());
            if (fixed > 0) {
                notices.accept("emovox: made " + fixed + " file(s) and folder(s) under " + paths.root()
                        + " private to their owner (0700 folders, 0600 files).");
            }
            this.disk = new DiskSpace(paths, config.limits().minFreeBytes());
            disk.maintain();
            this.db = ServerDatabase.open(paths, config.rebuildIndex(), notices);
            db.onDiskFull(disk::release);
            this.auth = new AuthStore(db);
            auth.ensureAdmin().ifPresent(pw -> notices.accept("emovox: created the admin login (shown only this once;"
                    + " keep it safe):\n  user: " + AuthStore.ADMIN + "\n  password: " + pw
                    + "\n  (a new one: 'emovox token reset-admin')"));
            if (!config.loopbackOnly() && config.tls() == null) {
                notices.accept("emovox: WARNING: listening on " + config.host() + " without TLS: passwords, tokens and"
                        + " audio cross the network in clear text. Use --tls-keystore, or bind 127.0.0.1 behind a"
                        + " TLS proxy.");
            }
            clearIncoming(paths.incoming());
            this.jobs = new JobStore(db);
            JobIndex index = new JobIndex(jobs, paths);
            if (config.rebuildIndex()) {
                JobIndex.Rebuilt r = index.rebuild();
                notices.accept("emovox: rebuilt the job list from " + paths.jobs() + ": " + r.restored()
                        + " job(s) restored, " + r.updated() + " updated from their folder, " + r.unreadable()
                        + " folder(s) without readable metadata left as they are.");
            }
            JobIndex.Check check = index.check();
            if (check.unknownFolders() > 0) {
                notices.accept("emovox: WARNING: " + check.unknownFolders() + " job folder(s) under " + paths.jobs()
                        + " are not in the database (it may have lost recent changes). They are kept, and retention"
                        + " never deletes them; restore them with 'emovox serve --rebuild-index'.");
            }
            if (check.missingFolders() > 0) {
                notices.accept("emovox: WARNING: " + check.missingFolders() + " finished job(s) in the database have no"
                        + " folder under " + paths.jobs() + " any more; their results are gone.");
            }
            this.queue = new JobQueue(jobs, paths, engine, config.limits(), metrics);
            metrics.bindQueue(queue);
            this.reviews = new ReviewQueue(new ReviewStore(db), paths);
            queue.onDone(reviews::jobDone);
            this.app = createApp(engine, paths);
            startListening(app, config);
            this.port = ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
            int resumed = queue.recover();
            if (resumed > 0) {
                notices.accept("emovox: resumed " + resumed + " job(s) interrupted by the last shutdown.");
            }
            this.background = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "emovox-background");
                t.setDaemon(true);
                return t;
            });
            RetentionSweeper sweeper = new RetentionSweeper(jobs, paths, config.retention());
            long every = config.retention().sweepInterval().toMillis();
            background.scheduleWithFixedDelay(() -> {
                try {
                    sweeper.sweep(Instant.now());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Retention sweep failed; it runs again later.", e);
                }
            }, Math.min(every, 60_000), every, TimeUnit.MILLISECONDS);
            background.scheduleWithFixedDelay(disk::maintain, 30, 30, TimeUnit.SECONDS);
            notices.accept("emovox: serving on " + baseUrl() + " (models: " + String.join(", ", engine.models()) + ")");
            ok = true;
        } finally {
            if (!ok) {
                closeQuietly();
            }
        }
    }

    /** Opens the database, recovers interrupted jobs and starts listening. */
    public static EmovoxServer start(ServerConfig config, AnalysisEngine engine, Consumer<String> notices) {
        return start(config, engine, notices, HubEnvironment.system());
    }

    /** As {@link #start(ServerConfig, AnalysisEngine, Consumer)}; model downloads read {@code hubs}. */
    public static EmovoxServer start(ServerConfig config, AnalysisEngine engine, Consumer<String> notices,
                                     HubEnvironment hubs) {
        return new EmovoxServer(config, engine, notices, hubs);
    }

    /** A taken port is refused before anything in the state folder changes. */
    private static void checkPortFree(ServerConfig config) {
        if (config.port() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Jetty binds: a port in TIME_WAIT is free
            probe.bind(new InetSocketAddress(config.host(), config.port()));
        } catch (IOException e) {
            throw portInUse(config);
        }
    }

    private static void startListening(Javalin app, ServerConfig config) {
        try {
            app.start();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.BindException) {
                    throw portInUse(config);
                }
            }
            throw e;
        }
    }

    private static EmovoxException portInUse(ServerConfig config) {
        return new EmovoxException(ErrorKind.PORT_IN_USE, "Port " + config.port() + " on " + config.host()
                + " is in use by another program; nothing was changed. Choose another with --port, or stop that program.");
    }

    private Javalin createApp(AnalysisEngine engine, ServerPaths paths) {
        SessionController sessions = new SessionController(auth, config.tls() != null);
        AnalyzeController analyze = new AnalyzeController(config, queue, jobs, engine, disk);
        JobsController jobsApi = new JobsController(jobs, queue, paths, engine);
        // the same store as the CLI's ($EMOVOX_HOME/models): what the admin installs, analyses use
        ModelStore store = new ModelStore(config.home().resolve("models"), Emotion2VecModel.Options.DEFAULT);
        models = new ModelsController(store, new ModelDownloader(store, hubs));
        ReviewController review = new ReviewController(jobs, queue, reviews, paths);
        Authenticator authenticator = new Authenticator(auth, new RateLimiter(config.limits().requestsPerMinute()));
        byte[] openApi = resource("/io/emovox/server/openapi.json");
        boolean tls = config.tls() != null;
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.jetty.multipartConfig.cacheDirectory(paths.incoming().toString());
            // One budget per request: the audio, a diarization and the option fields together.
            cfg.jetty.multipartConfig.maxFileSize(config.limits().maxUploadBytes(), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(
                    config.limits().maxUploadBytes() + UploadReceiver.MULTIPART_ALLOWANCE, SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            cfg.http.maxRequestSize = 64 * 1024;
            cfg.http.prefer405over404 = true;
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            if (tls) {
                cfg.jetty.addConnector((server, httpConfig) -> tlsConnector(server, httpConfig));
            }
            cfg.staticFiles.add(s -> {
                s.hostedPath = "/";
                s.directory = "/web";
                s.location = Location.CLASSPATH;
                s.headers = Map.of("Cache-Control", "no-cache");
            });
            cfg.routes.before(ctx -> {
                HttpErrors.requestId(ctx);
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("X-Frame-Options", "DENY");
                ctx.header("Referrer-Policy", "no-referrer");
                ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                        + "media-src 'self' blob:; style-src 'self'; script-src 'self'; frame-ancestors 'none'");
                if (tls) {
                    ctx.header("Strict-Transport-Security", "max-age=31536000");
                }
                authenticator.check(ctx);
            });
            // Counted once, here: this runs after the handler or the exception handler alike.
            cfg.routes.after(ctx -> metrics.request(ctx.method().name(), ctx.statusCode()));
            cfg.routes.exception(Exception.class, (e, ctx) -> HttpErrors.write(ctx, e));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> HttpErrors.write(ctx, e));
            cfg.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    HttpErrors.respond(ctx, ApiError.noRoute(ctx.method().name()));
                }
            });
            cfg.routes.get("/healthz", ctx -> ctx.json(health()));
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.render()));
            cfg.routes.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            cfg.routes.post("/api/v1/login", sessions::login);
            cfg.routes.post("/api/v1/logout", sessions::logout);
            cfg.routes.get("/api/v1/session", sessions::session);
            cfg.routes.get("/api/v1/tokens", sessions::listTokens);
            cfg.routes.post("/api/v1/tokens", sessions::createToken);
            cfg.routes.delete("/api/v1/tokens/{id}", sessions::revokeToken);
            cfg.routes.get("/api/v1/models", jobsApi::models);
            cfg.routes.get("/api/v1/admin/models", models::list);
            cfg.routes.post("/api/v1/admin/models/downloads", models::download);
            cfg.routes.get("/api/v1/admin/models/downloads/{id}", models::downloadState);
            cfg.routes.put("/api/v1/admin/models/default", models::setDefault);
            cfg.routes.delete("/api/v1/admin/models/{name}", models::remove);
            cfg.routes.post("/api/v1/analyze", analyze::analyze);
            cfg.routes.post("/api/v1/batch", analyze::batch);
            cfg.routes.get("/api/v1/jobs", jobsApi::list);
            cfg.routes.get("/api/v1/jobs/{id}", jobsApi::get);
            cfg.routes.delete("/api/v1/jobs/{id}", jobsApi::delete);
            cfg.routes.post("/api/v1/jobs/{id}/pin", jobsApi::pin);
            cfg.routes.get("/api/v1/jobs/{id}/result", jobsApi::result);
            cfg.routes.get("/api/v1/jobs/{id}/files/{name}", jobsApi::file);
            cfg.routes.sse("/api/v1/jobs/{id}/events", jobsApi::events);
            cfg.routes.post("/api/v1/jobs/{id}/review", review::send);
            cfg.routes.get("/api/v1/review", review::list);
            cfg.routes.get("/api/v1/review/export", review::export);
            cfg.routes.get("/api/v1/review/{item}", review::get);
            cfg.routes.post("/api/v1/review/{item}/confirm", review::confirm);
            cfg.routes.post("/api/v1/review/{item}/correct", review::correct);
            cfg.routes.post("/api/v1/review/{item}/undo", review::undo);
        });
    }

    /** Open to all, so it says only whether the server can take work: no paths, sizes or versions. */
    private Map<String, String> health() {
        boolean low = disk.low();
        Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("status", low ? "degraded" : "ok");
        if (low) {
            h.put("disk", "low");
        }
        return h;
    }

    private ServerConnector tlsConnector(org.eclipse.jetty.server.Server server, HttpConfiguration httpConfig) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(config.tls().keyStore().toAbsolutePath().toString());
        ssl.setKeyStorePassword(config.tls().keyStorePassword());
        HttpConfiguration https = new HttpConfiguration(httpConfig);
        SecureRequestCustomizer src = new SecureRequestCustomizer();
        src.setSniHostCheck(false);
        https.addCustomizer(src);
        ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(https));
        c.setHost(config.host());
        c.setPort(config.port());
        return c;
    }

    private static byte[] resource(String name) {
        try (InputStream in = EmovoxServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + name + " is missing from the jar.");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read resource " + name + ".", e);
        }
    }

    /** Half-received uploads of a previous process are garbage: no job refers to them. */
    private static void clearIncoming(Path incoming) {
        if (!Files.isDirectory(incoming)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(incoming)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot clear " + incoming, e);
        }
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return (config.tls() != null ? "https" : "http") + "://" + host + ":" + port;
    }

    public ServerConfig config() {
        return config;
    }

    public AuthStore auth() {
        return auth;
    }

    public ReviewQueue reviews() {
        return reviews;
    }

    public JobStore jobs() {
        return jobs;
    }

    /** Blocks until {@link #close()} is called (from a shutdown hook, say). */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        closeQuietly();
        stopped.countDown();
    }

    public DiskSpace disk() {
        return disk;
    }

    private void closeQuietly() {
        try {
            if (app != null) {
                app.stop();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Stopping the HTTP server failed", e);
        }
        if (background != null) {
            background.shutdownNow();
        }
        if (models != null) {
            models.close();
        }
        if (queue != null) {
            queue.close();
        }
        if (db != null) {
            db.close();
        }
        lock.close();
    }
}
