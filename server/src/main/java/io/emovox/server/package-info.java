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
 * The state folder ({@link ServerPaths}) belongs to one server ({@link ServerLock}), is private
 * to its owner ({@link PrivateFiles}) and keeps a little disk in reserve ({@link DiskSpace}); its
 * database is checked at every start ({@code ServerDatabase}).
 *
 * Sub-packages: {@code db} (SQLite and its migrations), {@code auth} (admin login, API tokens,
 * sessions, and the one rule of who may use a job), {@code jobs} (the bounded queue, recovery
 * after a crash, each job's own manifest, the job index and its rebuild, retention), {@code http}
 * (routes, errors, limits, metrics).
 */
package io.emovox.server;
