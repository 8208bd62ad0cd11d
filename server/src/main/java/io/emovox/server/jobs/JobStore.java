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
    private static final String COLUMNS = "id, status, file_name, options_json, owner, owner_id, created_at, "
            + "started_at, finished_at, progress, attempts, duration_seconds, emotion, confidence, model, error_code, "
            + "error_message, bytes, pinned, verdict, verdict_reason, warnings";

    private final Database db;

    public JobStore(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    /** Adds a row with every field given (a new job, or one restored from its folder). */
    public void insert(JobRecord j) {
        update("INSERT INTO jobs(" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                j.id(), j.status().key(), j.fileName(), toJson(j.options()), j.owner(), j.ownerId(), j.createdAt(),
                j.startedAt(), j.finishedAt(), j.progress(), j.attempts(), j.durationSeconds(), j.emotion(),
                j.confidence(), j.model(), j.errorCode(), j.errorMessage(), j.bytes(), j.pinned() ? 1 : 0,
                j.verdict(), j.verdictReason(), j.warnings() == null ? null : String.join(",", j.warnings()));
    }

    /**
     * Takes a finished state from the job's own folder for a row that fell behind (a database
     * that lost its latest changes still says queued or running).
     */
    public boolean adoptFinished(JobRecord f, long bytes) {
        return update("UPDATE jobs SET status = ?, started_at = ?, finished_at = ?, progress = 1, duration_seconds = "
                + "?, "
                + "emotion = ?, confidence = ?, model = ?, error_code = ?, error_message = ?, bytes = ?, pinned = ?, "
                + "verdict = ?, verdict_reason = ?, warnings = ? "
                + "WHERE id = ? AND status IN ('queued', 'running')", f.status().key(), f.startedAt(), f.finishedAt(),
                f.durationSeconds(), f.emotion(), f.confidence(), f.model(), f.errorCode(), f.errorMessage(), bytes,
                f.pinned() ? 1 : 0, f.verdict(), f.verdictReason(),
                f.warnings() == null ? null : String.join(",", f.warnings()), f.id()) > 0;
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

    /** Every job, newest first. */
    public List<JobRecord> list(String query, int limit, int offset) {
        return list(query, null, limit, offset);
    }

    /**
     * Newest first. {@code query} matches the file name or emotion (substring, case-insensitive),
     * or is a status, id, verdict or verdict reason ({@code not_speech}, {@code music}); null or
     * blank lists everything. {@code ownerId} keeps one owner's jobs; null keeps all.
     */
    public List<JobRecord> list(String query, String ownerId, int limit, int offset) {
        return db.with(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs" + where(query)
                    + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?")) {
                int i = bindQuery(p, query, ownerId);
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
    /** How many jobs {@link #list(String, String, int, int)} would give without a limit. */
    public long count(String query, String ownerId) {
        return db.with(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM jobs" + where(query))) {
                bindQuery(p, query, ownerId);
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
        return " WHERE (? IS NULL OR owner_id = ?)" + (filtered(query)
                ? " AND (instr(lower(file_name), ?) > 0 OR instr(lower(COALESCE(emotion, '')), ?) > 0"
                        + " OR status = ? OR id = ? OR verdict = ? OR verdict_reason = ?)"
                : "");
    }

    /** Binds the owner and search text to {@link #where}'s placeholders; returns the next parameter index. */
    private static int bindQuery(PreparedStatement p, String query, String ownerId) throws SQLException {
        int i = 1;
        p.setString(i++, ownerId);
        p.setString(i++, ownerId);
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

    /** Every job, oldest first (for the retention sweep and the start-up check). */
    public List<JobRecord> all() {
        return db.with(c -> {
            List<JobRecord> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs ORDER BY created_at, id");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(read(r));
                }
            }
            return out;
        });
    }

    /**
     * Marks a queued job running and counts the attempt.
     *
     * @return false when the job is gone or no longer queued (deleted meanwhile)
     */
    public boolean markRunning(String id) {
        return update("UPDATE jobs SET status = 'running', started_at = ?, progress = 0, attempts = attempts + 1 "
                + "WHERE id = ? AND status = 'queued'", System.currentTimeMillis(), id) > 0;
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

    /** What {@link #deleteIf} does with a job's files: remove them, or throw to keep the row. */
    @FunctionalInterface
    public interface FileRemover {
        void remove(JobRecord job);
    }

    /**
     * Deletes a job when {@code allowed} still holds for its current row: under the database's
     * write lock (so no pin, state change or other process can come between the check and the
     * deletion) its files are removed first, then its row. Files first because that order needs
     * no disk space to start — on a full disk the freed space is what lets the row's deletion
     * commit — and because if the process dies in between, the row stays and the next sweep or
     * request finishes the job; the other order could leave complete results that no row names.
     *
     * @return the deleted job, or empty when it did not exist or {@code allowed} refused
     */
    public Optional<JobRecord> deleteIf(String id, java.util.function.Predicate<JobRecord> allowed, FileRemover files) {
        return db.inTransaction(c -> {
            JobRecord j;
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")) {
                p.setString(1, id);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    j = read(r);
                }
            }
            if (!allowed.test(j)) {
                return Optional.empty();
            }
            files.remove(j);
            try (PreparedStatement p = c.prepareStatement("DELETE FROM jobs WHERE id = ?")) {
                p.setString(1, id);
                p.executeUpdate();
            }
            return Optional.of(j);
        });
    }

    public long count() {
        return count(null, null);
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
        return new JobRecord(r.getString(1), JobStatus.fromKey(r.getString(2)),
                r.getString(3), fromJson(r.getString(4)), r.getString(5), r.getString(6), r.getLong(7),
                longOrNull(r, 8), longOrNull(r, 9), r.getDouble(10), r.getInt(11),
                doubleOrNull(r, 12), r.getString(13), doubleOrNull(r, 14), r.getString(15),
                r.getString(16), r.getString(17), r.getLong(18), r.getInt(19) != 0,
                r.getString(20), r.getString(21), codes(r.getString(22)));
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
