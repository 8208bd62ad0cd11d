-- The review queue (docs/review.md). One item per target: a job's whole result (segment NULL)
-- or one segment of its result.json, with why it was queued (comma-separated: uncertain,
-- text_conflict, low_reliability, not_speech, user_sent) and the model's verdict copied as it
-- was. Corrections never change these columns: both are kept and shown.
CREATE TABLE review_items (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id           TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    segment          INTEGER,
    start_seconds    REAL NOT NULL,
    end_seconds      REAL NOT NULL,
    speaker          TEXT,
    reasons          TEXT NOT NULL,
    model_emotion    TEXT NOT NULL,
    model_confidence REAL NOT NULL,
    model_scores     TEXT NOT NULL,
    text             TEXT,
    text_conflict    TEXT,
    queued_at        INTEGER NOT NULL
);
CREATE UNIQUE INDEX review_items_target ON review_items(job_id, COALESCE(segment, -1));
CREATE INDEX review_items_by_queued ON review_items(queued_at, id);
-- What reviewers decided: confirm (label = the model's) or correct (label = the reviewer's).
-- Undo marks the latest standing decision undone (kept as history); an item's state is its
-- latest decision not undone, so undo goes back to the previous one.
CREATE TABLE review_decisions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id       INTEGER NOT NULL REFERENCES review_items(id) ON DELETE CASCADE,
    action        TEXT NOT NULL,
    label         TEXT NOT NULL,
    reviewer      TEXT NOT NULL,
    reviewer_name TEXT NOT NULL,
    decided_at    INTEGER NOT NULL,
    undone_by     TEXT,
    undone_at     INTEGER
);
CREATE INDEX review_decisions_by_item ON review_decisions(item_id, id);
