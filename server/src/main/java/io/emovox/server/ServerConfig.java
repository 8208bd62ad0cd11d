package io.emovox.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything {@code emovox serve} can be told, as one immutable record with defaults; the CLI
 * overrides only what the user set.
 *
 * @param host            address to bind; loopback by default
 * @param port            TCP port; 0 picks a free one (tests)
 * @param home            emovox home; the server keeps its database and files under {@code home/server}
 * @param tls             key store for HTTPS, or null for plain HTTP
 * @param limits          upload, duration, queue and rate limits
 * @param retention       how long and how much job data is kept
 * @param syncMaxSeconds  audio up to this long is answered inline by POST /analyze; longer audio gets a job id
 * @param defaultModel    model name to load at start (null: the model store's default)
 * @param rebuildIndex    at start, restore the job table from the job folders (a damaged database is set aside)
 */
public record ServerConfig(String host, int port, Path home, TlsConfig tls, ServerLimits limits,
                           RetentionPolicy retention, double syncMaxSeconds, String defaultModel,
                           boolean rebuildIndex) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7860;
    /** Audio up to this long is answered inline by default. */
    public static final double DEFAULT_SYNC_SECONDS = 30.0;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(retention, "retention");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Port must lie in 0..65535, got " + port + ".");
        }
        if (!(syncMaxSeconds >= 0)) {
            throw new IllegalArgumentException("syncMaxSeconds must be >= 0, got " + syncMaxSeconds + ".");
        }
    }

    /** Defaults: 127.0.0.1:7860, no TLS, default limits and retention, 30 s answered inline. */
    public static ServerConfig defaults(Path home) {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, home, null, ServerLimits.DEFAULT,
                RetentionPolicy.DEFAULT, DEFAULT_SYNC_SECONDS, null, false);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, home, tls, limits, retention, syncMaxSeconds, defaultModel, rebuildIndex);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, home, tls, limits, retention, syncMaxSeconds, defaultModel, rebuildIndex);
    }

    public ServerConfig withTls(TlsConfig t) {
        return new ServerConfig(host, port, home, t, limits, retention, syncMaxSeconds, defaultModel, rebuildIndex);
    }

    public ServerConfig withLimits(ServerLimits l) {
        return new ServerConfig(host, port, home, tls, l, retention, syncMaxSeconds, defaultModel, rebuildIndex);
    }

    public ServerConfig withRetention(RetentionPolicy r) {
        return new ServerConfig(host, port, home, tls, limits, r, syncMaxSeconds, defaultModel, rebuildIndex);
    }

    public ServerConfig withSyncMaxSeconds(double s) {
        return new ServerConfig(host, port, home, tls, limits, retention, s, defaultModel, rebuildIndex);
    }

    public ServerConfig withDefaultModel(String m) {
        return new ServerConfig(host, port, home, tls, limits, retention, syncMaxSeconds, m, rebuildIndex);
    }

    public ServerConfig withRebuildIndex(boolean r) {
        return new ServerConfig(host, port, home, tls, limits, retention, syncMaxSeconds, defaultModel, r);
    }

    /** Where the server keeps its state. */
    public ServerPaths paths() {
        return new ServerPaths(home.resolve("server"));
    }

    /** True when the bind address is reachable only from this machine. */
    public boolean loopbackOnly() {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1")
                || host.startsWith("127.");
    }

    /**
     * HTTPS settings.
     *
     * @param keyStore         PKCS12 or JKS key store holding the private key and certificate chain
     * @param keyStorePassword its password
     */
    public record TlsConfig(Path keyStore, String keyStorePassword) {
        public TlsConfig {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(keyStorePassword, "keyStorePassword");
        }
    }
}
