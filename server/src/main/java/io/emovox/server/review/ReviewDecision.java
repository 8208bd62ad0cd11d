package io.emovox.server.review;

/**
 * One reviewer's decision on an item. Never deleted: undo only marks it undone.
 *
 * @param action       {@code confirm} (label = the model's) or {@code correct}
 * @param label        the label the reviewer gave
 * @param reviewer     who decided: "user:NAME" or "token:ID" (the principal's owner id)
 * @param reviewerName their display name
 * @param decidedAt    epoch milliseconds
 * @param undoneBy     who undid it, or null while it stands
 * @param undoneAt     when, or null
 */
public record ReviewDecision(long id, String action, String label, String reviewer, String reviewerName,
                             long decidedAt, String undoneBy, Long undoneAt) {
    public static final String CONFIRM = "confirm";
    public static final String CORRECT = "correct";

    public boolean standing() {
        return undoneAt == null;
    }
}
