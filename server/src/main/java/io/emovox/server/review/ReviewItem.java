package io.emovox.server.review;

/**
 * A queued item with its job and its standing decision (null while it waits for a person).
 *
 * @param jobOwnerId the job's owner (see {@link io.emovox.server.auth.JobAccess})
 * @param fileName   the job's file name, for display
 * @param queuedAt   epoch milliseconds
 */
public record ReviewItem(long id, String jobId, String jobOwnerId, String fileName, ReviewTarget target,
                         long queuedAt, ReviewDecision decision) {
}
