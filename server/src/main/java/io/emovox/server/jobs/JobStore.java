package io.emovox.server.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emovox.server.db.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Jobs in the server database. Every state change is one committed statement. */
public final class JobStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, status, file_name, options_json, owner, created_at, started_at, "
            + "finished_at, progress, attempts, duration_seconds, emotion, confidence, model, error_code, "
            + "error_message, bytes, pinned, verdict, verdict_reason, warnings";

    private final Database db;

    public JobStore(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    public void insert(String id, String fileName, JobOptions options, String owner) {
        db.with(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO jobs(id, status, file_name, options_json, "
                    + "owner, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                p.setString(1, id);
                p.setString(2, JobStatus.QUEUED.key());
                p.setString(3, fileName);
                p.setString(4, toJson(options));
                p.setString(5, owner);
                p.setLong(6, System.currentTimeMillis());
                return p.executeUpdate();
            }
        });
    }

    public Optional<JobRecord> get(String id) {
        return db.with(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")) {
                p.setString(1, id);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(read(r)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Newest first. {@code query} matches the file name or emotion (substring, case-insensitive),
     * or is a status, id, verdict or verdict reason ({@code not_speech}, {@code music}); null or
     * blank lists everything.
     */
    public List<JobRecord> list(String query, int limit, int offset) {
        return db.with(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs" + where(query)
                    + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?")) {
                int i = bindQuery(p, query);
                p.setInt(i++, limit);
                p.setInt(i, offset);
                List<JobRecord> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(read(r));
                    }
                }
                return out;
            }
        });
    }

    /** How many jobs {@link #list} would page through for {@code query}. */
    public long count(String query) {
        return db.with(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM jobs" + where(query))) {
                bindQuery(p, query);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getLong(1) : 0L;
                }
            }
        });
    }

    private static boolean filtered(String query) {
        return query != null && !query.isBlank();
    }

    private static String where(String query) {
        return filtered(query)
                ? " WHERE instr(lower(file_name), ?) > 0 OR instr(lower(COALESCE(emotion, '')), ?) > 0"
                        + " OR status = ? OR id = ? OR verdict = ? OR verdict_reason = ?"
                : "";
    }

    /** Binds the search text to {@link #where}'s placeholders; returns the next parameter index. */
    private static int bindQuery(PreparedStatement p, String query) throws SQLException {
        int i = 1;
        if (filtered(query)) {
            String q = query.strip().toLowerCase(java.util.Locale.ROOT);
            for (int k = 0; k < 6; k++) {
                p.setString(i++, q);
            }
        }
        return i;
    }

    public List<JobRecord> withStatus(JobStatus... statuses) {
        List<JobRecord> out = new ArrayList<>();
        for (JobStatus s : statuses) {
            db.with(c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
                        + " FROM jobs WHERE status = ? ORDER BY created_at, id")) {
                    p.setString(1, s.key());
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            out.add(read(r));
                        }
                    }
                }
                return null;
            });
        }
        return out;
    }

    /** Marks a job running and counts the attempt. */
    public void markRunning(String id) {
        update("UPDATE jobs SET status = 'running', started_at = ?, progress = 0, attempts = attempts + 1 "
                + "WHERE id = ?", System.currentTimeMillis(), id);
    }

    public void markQueued(String id) {
        update("UPDATE jobs SET status = 'queued', progress = 0 WHERE id = ?", id);
    }

    public void updateProgress(String id, double progress) {
        update("UPDATE jobs SET progress = ? WHERE id = ? AND status = 'running'", progress, id);
    }

    public void markDone(String id, JobSummary s, long bytes) {
        update("UPDATE jobs SET status = 'done', finished_at = ?, progress = 1, duration_seconds = ?, emotion = ?, "
                + "confidence = ?, model = ?, bytes = ?, error_code = NULL, error_message = NULL, verdict = ?, "
                + "verdict_reason = ?, warnings = ? WHERE id = ?",
                System.currentTimeMillis(), s.durationSeconds(), s.emotion(), s.confidence(), s.model(), bytes,
                s.speech().key(), s.speech().reason(), String.join(",", s.warnings()), id);
    }

    public void markFailed(String id, String code, String message, long bytes) {
        update("UPDATE jobs SET status = 'failed', finished_at = ?, error_code = ?, error_message = ?, bytes = ? "
                + "WHERE id = ?", System.currentTimeMillis(), code, message, bytes, id);
    }

    public boolean setPinned(String id, boolean pinned) {
        return update("UPDATE jobs SET pinned = ? WHERE id = ?", pinned ? 1 : 0, id) > 0;
    }

    public boolean delete(String id) {
        return update("DELETE FROM jobs WHERE id = ?", id) > 0;
    }

    public long count() {
        return count(null);
    }

    private int update(String sql, Object... args) {
        return db.with(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    p.setObject(i + 1, args[i]);
                }
                return p.executeUpdate();
            }
        });
    }

    private static JobRecord read(ResultSet r) throws SQLException {
        return new JobRecord(r.getString(1), JobStatus.valueOf(r.getString(2).toUpperCase(java.util.Locale.ROOT)),
                r.getString(3), fromJson(r.getString(4)), r.getString(5), r.getLong(6),
                longOrNull(r, 7), longOrNull(r, 8), r.getDouble(9), r.getInt(10),
                doubleOrNull(r, 11), r.getString(12), doubleOrNull(r, 13), r.getString(14),
                r.getString(15), r.getString(16), r.getLong(17), r.getInt(18) != 0,
                r.getString(19), r.getString(20), codes(r.getString(21)));
    }

    private static List<String> codes(String joined) {
        return joined == null ? null : joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }

    private static Long longOrNull(ResultSet r, int i) throws SQLException {
        long v = r.getLong(i);
        return r.wasNull() ? null : v;
    }

    private static Double doubleOrNull(ResultSet r, int i) throws SQLException {
        double v = r.getDouble(i);
        return r.wasNull() ? null : v;
    }

    private static String toJson(JobOptions o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise job options.", e);
        }
    }

    private static JobOptions fromJson(String s) {
        try {
            return JSON.readValue(s, JobOptions.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored job options are not valid JSON: " + s, e);
        }
    }
}
