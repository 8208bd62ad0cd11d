package io.emovox.cli;

import io.emovox.EmovoxException;
import io.emovox.EmovoxHome;
import io.emovox.ErrorKind;
import io.emovox.model.store.ModelStore;
import io.emovox.server.CoreAnalysisEngine;
import io.emovox.server.EmovoxServer;
import io.emovox.server.RetentionPolicy;
import io.emovox.server.ServerConfig;
import io.emovox.server.ServerLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code emovox serve}: the HTTP server with the REST API and the web UI. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the emovox server: REST API under /api/v1, web UI at /, health at /healthz.",
                "Authentication is always on: the first start prints the admin password once;",
                "API tokens come from 'emovox token create --name NAME'."})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    // Defaults come from the server's own records (ServerConfig, ServerLimits, RetentionPolicy):
    // these fields start at them, and picocli shows them as ${DEFAULT-VALUE}.

    @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}). Anything but loopback "
            + "needs TLS, or a warning is printed.")
    String host = ServerConfig.DEFAULT_HOST;

    @Option(names = "--port", description = "Port (default: ${DEFAULT-VALUE}).")
    int port = ServerConfig.DEFAULT_PORT;

    @Option(names = "--model", description = "Default model of this server, fixed while it runs (without it: the "
            + "default model, followed live: 'emovox model default NAME' changes it for a running server too).")
    String model;

    @Option(names = "--tls-keystore", description = "PKCS12/JKS key store with the key and certificate: serve HTTPS.")
    Path tlsKeyStore;

    @Option(names = "--tls-password-env", description = "Environment variable holding the key store password "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "EMOVOX_TLS_PASSWORD")
    String tlsPasswordEnv;

    @Option(names = "--max-upload-mb", description = "Largest upload in MB (default: ${DEFAULT-VALUE}); larger: 413.")
    long maxUploadMb = ServerLimits.DEFAULT.maxUploadBytes() >> 20;

    @Option(names = "--max-duration", description = "Longest audio in seconds (default: ${DEFAULT-VALUE}); longer: 422.")
    double maxDuration = ServerLimits.DEFAULT.maxDurationSeconds();

    @Option(names = "--workers", description = "Jobs analysed at once (default: ${DEFAULT-VALUE}).")
    int workers = ServerLimits.DEFAULT.workers();

    @Option(names = "--queue", description = "Jobs waiting before uploads get 503 (default: ${DEFAULT-VALUE}).")
    int queue = ServerLimits.DEFAULT.maxQueued();

    @Option(names = "--rate", description = "Requests per minute per token or session (default: ${DEFAULT-VALUE}); "
            + "more: 429.")
    int rate = ServerLimits.DEFAULT.requestsPerMinute();

    @Option(names = "--sync-seconds", description = "Audio up to this long is answered inline; longer gets a job id "
            + "(default: ${DEFAULT-VALUE}).")
    double syncSeconds = ServerConfig.DEFAULT_SYNC_SECONDS;

    @Option(names = "--keep-days", description = "Delete unpinned results older than this (default: ${DEFAULT-VALUE}).")
    long keepDays = RetentionPolicy.DEFAULT.maxAge().toDays();

    @Option(names = "--keep-gb", description = "Keep at most this many GB of job files (default: ${DEFAULT-VALUE}).")
    double keepGb = RetentionPolicy.DEFAULT.maxTotalBytes() / (double) (1L << 30);

    @Option(names = "--min-free-mb", description = "Refuse uploads (507) while the disk has less free space than "
            + "this, in MB (default: ${DEFAULT-VALUE}).")
    long minFreeMb = ServerLimits.DEFAULT.minFreeBytes() >> 20;

    @Option(names = "--rebuild-index", description = "Before serving, restore the job list from the job folders "
            + "(each holds its job.json and result); a damaged database is set aside first.")
    boolean rebuildIndex;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ServerLimits limits = ServerLimits.DEFAULT.withMaxUploadBytes(maxUploadMb << 20)
                .withMaxDurationSeconds(maxDuration).withWorkers(workers).withMaxQueued(queue)
                .withRequestsPerMinute(rate).withMinFreeBytes(minFreeMb << 20);
        ServerConfig config = ServerConfig.defaults(EmovoxHome.resolve()).withHost(host).withPort(port).withTls(tls())
                .withLimits(limits)
                .withRetention(RetentionPolicy.DEFAULT.withMaxAge(Duration.ofDays(keepDays))
                        .withMaxTotalBytes((long) (keepGb * (1L << 30))))
                .withSyncMaxSeconds(syncSeconds).withDefaultModel(model).withRebuildIndex(rebuildIndex);
        try (CoreAnalysisEngine engine = CoreAnalysisEngine.overStore(ModelStore.atHome(), model, limits);
             EmovoxServer server = EmovoxServer.start(config, engine, line -> {
                 out.println(line);
                 out.flush();
             })) {
            Thread hook = new Thread(server::close, "emovox-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            server.awaitShutdown();
        }
        return ExitCodes.OK;
    }

    private ServerConfig.TlsConfig tls() {
        if (tlsKeyStore == null) {
            return null;
        }
        if (!Files.isRegularFile(tlsKeyStore)) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "The TLS key store " + tlsKeyStore
                    + " does not exist; create one with keytool or openssl pkcs12.");
        }
        String password = System.getenv(tlsPasswordEnv);
        if (password == null) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Set the key store password in the environment "
                    + "variable " + tlsPasswordEnv + " (it is not taken on the command line, where others could read it).");
        }
        return new ServerConfig.TlsConfig(tlsKeyStore, password);
    }
}
