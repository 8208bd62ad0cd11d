package io.emovox.server.review;

import io.emovox.server.ServerPaths;

import java.util.List;

/** Puts finished jobs' flagged parts, and what users send, into the review queue. */
public final class ReviewQueue {
    private final ReviewStore store;
    private final ServerPaths paths;

    public ReviewQueue(ReviewStore store, ServerPaths paths) {
        this.store = store;
        this.paths = paths;
    }

    public ReviewStore store() {
        return store;
    }

    /** Called when a job is done: queues what {@link ReviewTriage#flagged} finds; returns how many. */
    public int jobDone(String jobId) {
        List<ReviewTarget> flagged = ReviewTriage.flagged(paths.results(jobId));
        return flagged.isEmpty() ? 0 : store.enqueue(jobId, flagged).size();
    }

    /** A user sends a done job's whole result (segment null) or one segment; returns the item's id. */
    public long send(String jobId, Integer segment) {
        return store.enqueue(jobId, List.of(ReviewTriage.sent(paths.results(jobId), segment))).get(0);
    }
}
