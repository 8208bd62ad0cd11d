package io.emovox.server;

import io.emovox.testing.FixtureModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A server in its own JVM for the crash, lock and database-loss tests: args HOME INFO_FILE
 * DELAY_MS. Writes "PORT TOKEN" (an admin-role token) to INFO_FILE once listening, then serves
 * until killed.
 */
public final class ServerProcessMain {
    private ServerProcessMain() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path info = Path.of(args[1]);
        long delay = Long.parseLong(args[2]);
        ServerConfig config = ServerConfig.defaults(home).withPort(0).withSyncMaxSeconds(5);
        SlowModel model = new SlowModel(FixtureModel.withFrames(16_000 * 10), delay);
        CoreAnalysisEngine engine = new CoreAnalysisEngine(model, null, List.of(), config.limits());
        EmovoxServer server = EmovoxServer.start(config, engine, System.out::println);
        // Admin role: a restarted server's new token must see the jobs the killed one's token made.
        String token = server.auth().createToken("crash-test-" + ProcessHandle.current().pid(), true);
        Path partial = info.resolveSibling(info.getFileName() + ".tmp");
        Files.writeString(partial, server.port() + " " + token);
        Files.move(partial, info, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        server.awaitShutdown();
    }
}
