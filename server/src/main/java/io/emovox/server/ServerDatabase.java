package io.emovox.server;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.server.db.Database;
import io.emovox.server.db.Migrations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;

/**
 * Opens the database for a server start and checks it before anything trusts it: SQLite's quick
 * check, the expected tables, the migration version. A damaged database stops the start with
 * what to do; with {@code --rebuild-index} it is set aside (renamed, with its -wal and -shm, never
 * deleted) and a new one is made, which the job folders then fill ({@link io.emovox.server.jobs.JobIndex}).
 */
final class ServerDatabase {
    private ServerDatabase() {}

    static final List<String> TABLES = List.of("api_tokens", "jobs", "review_decisions", "review_items",
            "schema_version", "sessions", "users");
    private static final String REBUILD_HINT = "Start once with 'emovox serve --rebuild-index': it sets the damaged "
            + "file "
            + "aside and rebuilds the job list from the job folders (API tokens must then be created again).";

    static Database open(ServerPaths paths, boolean rebuild, Consumer<String> notices) {
        Path file = paths.database();
        Database db;
        try {
            db = Database.open(file);
        } catch (EmovoxException e) {
            if (!rebuild || !Files.exists(file)) {
                throw e;
            }
            return replace(file, "it cannot be opened", notices);
        }
        String problem = problem(db);
        if (problem == null) {
            return db;
        }
        db.close();
        if (rebuild) {
            return replace(file, problem, notices);
        }
        throw new EmovoxException(ErrorKind.IO_ERROR, "The server database " + file + " is damaged (" + problem
                + "); nothing was changed. " + REBUILD_HINT);
    }

    /** What is wrong with an opened database, or null. */
    private static String problem(Database db) {
        try {
            List<String> found = db.problems();
            if (!found.isEmpty()) {
                return "integrity check: " + String.join("; ", found.subList(0, Math.min(3, found.size())));
            }
            List<String> tables = db.tables();
            for (String t : TABLES) {
                if (!tables.contains(t)) {
                    return "table '" + t + "' is missing";
                }
            }
            int version = Migrations.currentVersion(db);
            if (version != Migrations.latestVersion()) {
                return "schema version " + version + ", expected " + Migrations.latestVersion();
            }
            return null;
        } catch (EmovoxException e) {
            return "it cannot be read";
        }
    }

    private static Database replace(Path file, String why, Consumer<String> notices) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path aside = file.resolveSibling(file.getFileName() + ".damaged-" + stamp);
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            for (String suffix : Database.COMPANIONS) {
                Path companion = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(companion)) {
                    Files.move(companion, aside.resolveSibling(aside.getFileName() + suffix),
                            StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot set the damaged database " + file + " aside ("
                    + e.getMessage() + "); move it away by hand and start again.", e);
        }
        notices.accept("emovox: WARNING: the server database was damaged (" + why + "); it was moved to " + aside
                + " and a new one made. The job list is rebuilt from the job folders; create API tokens again.");
        return Database.open(file);
    }
}
