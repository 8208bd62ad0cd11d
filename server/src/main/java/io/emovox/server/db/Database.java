package io.emovox.server.db;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The server's SQLite database. One connection, used under a lock: SQLite serialises writers
 * anyway, and WAL lets other processes ({@code emovox token}, {@code emovox cleanup}) read and
 * write while the server runs (they wait up to the busy timeout for the write lock).
 * Whoever opens it closes it.
 */
public final class Database implements AutoCloseable {

    /** Work done with the connection; may throw SQLException. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private final Connection connection;
    private final Path file;

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating if needed) the database file and brings its schema up to date. */
    public static Database open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("PRAGMA foreign_keys = ON");
            }
            Database db = new Database(file, c);
            Migrations.apply(db);
            return db;
        } catch (SQLException | IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot open the server database " + file
                    + ": " + e.getMessage() + ". Check that the folder is writable.", e);
        }
    }

    public Path file() {
        return file;
    }

    /** Runs work on the connection under the lock; SQL errors become IO_ERROR exceptions. */
    public <T> T with(SqlWork<T> work) {
        synchronized (connection) {
            try {
                return work.run(connection);
            } catch (SQLException e) {
                throw new EmovoxException(ErrorKind.IO_ERROR, "Database error in " + file + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** Runs work in one transaction: all of it is committed, or none. */
    public <T> T inTransaction(SqlWork<T> work) {
        return with(c -> {
            c.setAutoCommit(false);
            try {
                T out = work.run(c);
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    @Override
    public void close() {
        synchronized (connection) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closing a connection that failed is not worth surfacing; the file stays consistent (WAL).
            }
        }
    }
}
