/**
 * The emovox HTTP server: REST API, web UI and job queue around the same analysis core the CLI
 * uses. Basic usage:
 *
 * <pre>{@code
 * try (EmovoxServer server = EmovoxServer.start(ServerConfig.defaults(EmovoxHome.resolve()),
 *         engine, System.out)) {
 *     server.awaitShutdown();
 * }
 * }</pre>
 *
 * Sub-packages: {@code db} (SQLite and its migrations), {@code auth} (admin login, API tokens,
 * sessions), {@code jobs} (the bounded queue, recovery after a crash, retention), {@code http}
 * (routes, errors, limits, metrics).
 */
package io.emovox.server;
