package io.emovox.server.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/**
 * A tiny numbered-migrations runner: {@code V1__initial.sql}, {@code V2__...} under this package
 * in resources, each applied once in its own transaction and recorded in {@code schema_version}.
 * Never edit a released migration; add the next number.
 */
public final class Migrations {
    private Migrations() {}

    /** In order; the index + 1 is the version. */
    static final List<String> FILES = List.of("V1__initial.sql", "V2__job_verdict.sql", "V3__owners.sql",
            "V4__review.sql");

    public static int latestVersion() {
        return FILES.size();
    }

    static void apply(Database db) {
        db.with(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                        + "name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
            }
            return null;
        });
        int current = currentVersion(db);
        if (current > FILES.size()) {
            throw new IllegalStateException("The database " + db.file() + " has schema version " + current
                    + ", newer than this emovox knows (" + FILES.size() + "); use a newer emovox.");
        }
        for (int v = current + 1; v <= FILES.size(); v++) {
            String name = FILES.get(v - 1);
            String sql = read(name);
            int version = v;
            db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    for (String stmt : sql.split(";\\s*\\n")) {
                        if (!stmt.isBlank()) {
                            s.execute(stmt);
                        }
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_version(version, name, applied_at) VALUES (?, ?, ?)")) {
                    p.setInt(1, version);
                    p.setString(2, name);
                    p.setLong(3, System.currentTimeMillis());
                    p.executeUpdate();
                }
                return null;
            });
        }
    }

    public static int currentVersion(Database db) {
        return db.with(c -> {
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                return r.next() ? r.getInt(1) : 0;
            }
        });
    }

    private static String read(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Migration " + name + " is missing from the jar.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read migration " + name + ".", e);
        }
    }
}
