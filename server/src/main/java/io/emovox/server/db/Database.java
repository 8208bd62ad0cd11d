package io.emovox.server.db;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.server.DiskSpace;
import io.emovox.files.PrivateFiles;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The server's SQLite database. One connection, used under a lock: SQLite serialises writers
 * anyway, and WAL lets other processes ({@code emovox token}, {@code emovox cleanup}) read and
 * write while the server runs (they wait up to the busy timeout for the write lock). Transactions
 * begin IMMEDIATE: they take the write lock first, so a check and the change it allows cannot be
 * split by another process. The file is created 0600 before SQLite writes to it (SQLite gives
 * its -wal and -shm files the mode of the database). Whoever opens it closes it.
 */
public final class Database implements AutoCloseable {

    /** Work done with the connection; may throw SQLException. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** The suffixes of SQLite's companion files, which hold committed data too (WAL) and must stay private. */
    public static final List<String> COMPANIONS = List.of("-wal", "-shm", "-journal");

    private final Connection connection;
    private final Path file;
    private volatile BooleanSupplier onDiskFull = () -> false;

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating if needed) the database file and brings its schema up to date. */
    public static Database open(Path file) {
        Connection c = null;
        try {
            PrivateFiles.createDirectories(file.toAbsolutePath().getParent());
            PrivateFiles.createFile(file);
            for (String suffix : COMPANIONS) {
                PrivateFiles.restrict(file.resolveSibling(file.getFileName() + suffix));
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(10_000);
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("PRAGMA foreign_keys = ON");
            }
            Database db = new Database(file, c);
            Migrations.apply(db);
            return db;
        } catch (SQLException | IOException | RuntimeException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // already failing
                }
            }
            if (e instanceof EmovoxException ee) {
                throw ee;
            }
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot open the server database " + file
                    + ": " + e.getMessage() + ". Check that the folder is writable; if the file is damaged, start "
                    + "'emovox serve --rebuild-index', which sets it aside and rebuilds the job list from the job "
                    + "folders.", e);
        }
    }

    /**
     * What SQLite's quick check finds wrong with the file (empty when it is sound). Run at every
     * start: a damaged database must not drive the retention sweep.
     */
    public List<String> problems() {
        return with(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA quick_check(20)")) {
                while (r.next()) {
                    String line = r.getString(1);
                    if (!"ok".equalsIgnoreCase(line)) {
                        out.add(line);
                    }
                }
            }
            return out;
        });
    }

    /** Names of the tables in the file. */
    public List<String> tables() {
        return with(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        });
    }

    /**
     * Called when SQLite reports a full disk; returns true when it freed space (the server's disk
     * reserve), and the failed work is then tried once more.
     */
    public void onDiskFull(BooleanSupplier freeSomeSpace) {
        this.onDiskFull = freeSomeSpace;
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
                if (DiskSpace.isDiskFull(e) && onDiskFull.getAsBoolean()) {
                    try {
                        return work.run(connection);
                    } catch (SQLException again) {
                        throw error(again);
                    }
                }
                throw error(e);
            }
        }
    }

    private EmovoxException error(SQLException e) {
        if (DiskSpace.isDiskFull(e)) {
            return new EmovoxException(ErrorKind.IO_ERROR, "The disk holding the server database " + file
                    + " is full; free some space (deleting old jobs or 'emovox cleanup' works on a full disk).", e);
        }
        return new EmovoxException(ErrorKind.IO_ERROR, "Database error in " + file + ": " + e.getMessage(), e);
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
