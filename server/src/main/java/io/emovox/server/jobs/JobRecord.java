package io.emovox.server.jobs;

import java.util.List;

/**
 * One job as stored. Times are epoch milliseconds; fields of a later stage are null until then.
 *
 * @param fileName        the uploaded file's name, for display only (never used as a path)
 * @param owner           token or user name that submitted it, for display
 * @param ownerId         who owns it: "user:NAME" or "token:ID" (see {@link io.emovox.server.auth.JobAccess})
 * @param progress        0..1
 * @param attempts        how often a worker started it (a crash mid-job leaves it > 1 after recovery)
 * @param bytes           size of the job's files on disk
 * @param verdict         {@code speech} or {@code not_speech} once done; null before, and for jobs
 *                        finished before the server stored it
 * @param verdictReason   the warning code behind {@code not_speech}, else null
 * @param warnings        the result's warning codes once done (null as for {@code verdict})
 */
public record JobRecord(String id, JobStatus status, String fileName, JobOptions options, String owner,
                        String ownerId, long createdAt, Long startedAt, Long finishedAt, double progress,
                        int attempts, Double durationSeconds, String emotion, Double confidence, String model,
                        String errorCode, String errorMessage, long bytes, boolean pinned,
                        String verdict, String verdictReason, List<String> warnings) {

    public JobRecord withStatus(JobStatus s) {
        return new JobRecord(id, s, fileName, options, owner, ownerId, createdAt, startedAt, finishedAt, progress,
                attempts, durationSeconds, emotion, confidence, model, errorCode, errorMessage, bytes, pinned,
                verdict, verdictReason, warnings);
    }

    public JobRecord withPinned(boolean p) {
        return new JobRecord(id, status, fileName, options, owner, ownerId, createdAt, startedAt, finishedAt, progress,
                attempts, durationSeconds, emotion, confidence, model, errorCode, errorMessage, bytes, p,
                verdict, verdictReason, warnings);
    }

    public JobRecord withBytes(long b) {
        return new JobRecord(id, status, fileName, options, owner, ownerId, createdAt, startedAt, finishedAt, progress,
                attempts, durationSeconds, emotion, confidence, model, errorCode, errorMessage, b, pinned,
                verdict, verdictReason, warnings);
    }
}
