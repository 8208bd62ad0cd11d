package io.emovox.server.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emovox.server.db.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Review items and decisions in the server database (migration V4). Queueing the same target
 * again adds its reasons to the one item; decisions are only ever added or marked undone.
 */
public final class ReviewStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Which items a listing shows. */
    public enum State { PENDING, REVIEWED, ALL }

    private static final String ITEM = "SELECT i.id, i.job_id, j.owner_id, j.file_name, i.segment, i.start_seconds, "
            + "i.end_seconds, i.speaker, i.reasons, i.model_emotion, i.model_confidence, i.model_scores, i.text, "
            + "i.text_conflict, i.queued_at, d.id, d.action, d.label, d.reviewer, d.reviewer_name, d.decided_at "
            + "FROM review_items i JOIN jobs j ON j.id = i.job_id "
            + "LEFT JOIN review_decisions d ON d.id = (SELECT MAX(x.id) FROM review_decisions x "
            + "WHERE x.item_id = i.id AND x.undone_at IS NULL)";

    private final Database db;

    public ReviewStore(Database db) {
        this.db = db;
    }

    /**
     * Queues each target of a job, or adds its reasons to the item already there.
     *
     * @return the items of those targets
     */
    public List<Long> enqueue(String jobId, List<ReviewTarget> targets) {
        return db.inTransaction(c -> {
            List<Long> ids = new ArrayList<>();
            for (ReviewTarget t : targets) {
                ids.add(enqueue(c, jobId, t));
            }
            return ids;
        });
    }

    private static long enqueue(Connection c, String jobId, ReviewTarget t) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT id, reasons FROM review_items WHERE job_id = ? AND segment IS ?")) {
            p.setString(1, jobId);
            setInteger(p, 2, t.segment());
            try (ResultSet r = p.executeQuery()) {
                if (r.next()) {
                    long id = r.getLong(1);
                    Set<String> reasons = new LinkedHashSet<>(Arrays.asList(r.getString(2).split(",")));
                    reasons.addAll(t.reasons());
                    try (PreparedStatement u = c.prepareStatement("UPDATE review_items SET reasons = ? WHERE id = ?")) {
                        u.setString(1, String.join(",", reasons));
                        u.setLong(2, id);
                        u.executeUpdate();
                    }
                    return id;
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO review_items(job_id, segment, start_seconds, "
                + "end_seconds, speaker, reasons, model_emotion, model_confidence, model_scores, text, text_conflict, "
                + "queued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", PreparedStatement.RETURN_GENERATED_KEYS)) {
            p.setString(1, jobId);
            setInteger(p, 2, t.segment());
            p.setDouble(3, t.start());
            p.setDouble(4, t.end());
            p.setString(5, t.speaker());
            p.setString(6, String.join(",", t.reasons()));
            p.setString(7, t.emotion());
            p.setDouble(8, t.confidence());
            p.setString(9, toJson(t.scores()));
            p.setString(10, t.text());
            p.setString(11, t.textConflict());
            p.setLong(12, System.currentTimeMillis());
            p.executeUpdate();
            try (ResultSet k = p.getGeneratedKeys()) {
                k.next();
                return k.getLong(1);
            }
        }
    }

    public Optional<ReviewItem> get(long id) {
        return db.with(c -> {
            try (PreparedStatement p = c.prepareStatement(ITEM + " WHERE i.id = ?")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(read(r)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Oldest first, so the queue is worked in order. {@code ownerId} keeps one owner's jobs; null
     * keeps all.
     */
    public List<ReviewItem> list(State state, String ownerId, int limit, int offset) {
        return db.with(c -> {
            try (PreparedStatement p = c.prepareStatement(ITEM + where(state)
                    + " ORDER BY i.queued_at, i.id LIMIT ? OFFSET ?")) {
                p.setString(1, ownerId);
                p.setString(2, ownerId);
                p.setInt(3, limit);
                p.setInt(4, offset);
                List<ReviewItem> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(read(r));
                    }
                }
                return out;
            }
        });
    }

    /** How many items {@link #list} pages through. */
    public long count(State state, String ownerId) {
        return db.with(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM (" + ITEM + where(state) + ")")) {
                p.setString(1, ownerId);
                p.setString(2, ownerId);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getLong(1) : 0L;
                }
            }
        });
    }

    private static String where(State state) {
        return " WHERE (? IS NULL OR j.owner_id = ?)" + switch (state) {
            case PENDING -> " AND d.id IS NULL";
            case REVIEWED -> " AND d.id IS NOT NULL";
            case ALL -> "";
        };
    }

    /** Adds a decision; it becomes the item's state. */
    public void decide(long itemId, String action, String label, String reviewer, String reviewerName) {
        update("INSERT INTO review_decisions(item_id, action, label, reviewer, reviewer_name, decided_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", itemId, action, label, reviewer, reviewerName,
                System.currentTimeMillis());
    }

    /**
     * Marks the item's standing decision undone, so the one before it (or none) stands again.
     *
     * @return false when there was nothing to undo
     */
    public boolean undo(long itemId, String reviewer) {
        return update("UPDATE review_decisions SET undone_by = ?, undone_at = ? WHERE id = (SELECT MAX(id) FROM "
                + "review_decisions WHERE item_id = ? AND undone_at IS NULL)", reviewer, System.currentTimeMillis(),
                itemId) > 0;
    }

    /** Every decision on the item, oldest first, undone ones included. */
    public List<ReviewDecision> history(long itemId) {
        return db.with(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id, action, label, reviewer, reviewer_name, "
                    + "decided_at, undone_by, undone_at FROM review_decisions WHERE item_id = ? ORDER BY id")) {
                p.setLong(1, itemId);
                List<ReviewDecision> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        long undone = r.getLong(8);
                        out.add(new ReviewDecision(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                                r.getString(5), r.getLong(6), r.getString(7), r.wasNull() ? null : undone));
                    }
                }
                return out;
            }
        });
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

    private static ReviewItem read(ResultSet r) throws SQLException {
        int seg = r.getInt(5);
        Integer segment = r.wasNull() ? null : seg;
        ReviewTarget t = new ReviewTarget(segment, r.getDouble(6), r.getDouble(7), r.getString(8),
                List.of(r.getString(9).split(",")), r.getString(10), r.getDouble(11), scores(r.getString(12)),
                r.getString(13), r.getString(14));
        long decisionId = r.getLong(16);
        ReviewDecision d = r.wasNull() ? null : new ReviewDecision(decisionId, r.getString(17), r.getString(18),
                r.getString(19), r.getString(20), r.getLong(21), null, null);
        return new ReviewItem(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), t, r.getLong(15), d);
    }

    private static void setInteger(PreparedStatement p, int i, Integer v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.INTEGER);
        } else {
            p.setInt(i, v);
        }
    }

    private static String toJson(Map<String, Double> scores) {
        try {
            return JSON.writeValueAsString(new java.util.TreeMap<>(scores));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Double> scores(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Double>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored review scores are not JSON: " + e.getMessage(), e);
        }
    }
}
