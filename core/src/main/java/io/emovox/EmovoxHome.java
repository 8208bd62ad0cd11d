package io.emovox;

import java.nio.file.Path;

/**
 * Where emovox keeps its state: installed models, the server database, results.
 * {@code $EMOVOX_HOME} if set, else {@code ~/.emovox}. Every command resolves it through here.
 */
public final class EmovoxHome {
    private EmovoxHome() {}

    public static Path resolve() {
        String env = System.getenv("EMOVOX_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".emovox");
    }

    /** Folder of installed models: one sub-folder per model name. */
    public static Path models() {
        return resolve().resolve("models");
    }
}
