package io.emovox.server;

import java.time.Duration;

/**
 * How long finished jobs are kept. Unpinned finished jobs older than {@code maxAge} are deleted,
 * then the oldest unpinned ones until the total size is at most {@code maxTotalBytes}. Pinned,
 * queued and running jobs are never deleted.
 *
 * @param maxAge        age limit of a finished job
 * @param maxTotalBytes limit of all job files together
 * @param sweepInterval how often the server applies the policy in the background
 */
public record RetentionPolicy(Duration maxAge, long maxTotalBytes, Duration sweepInterval) {

    /** 30 days, 5 GiB, swept hourly. */
    public static final RetentionPolicy DEFAULT =
            new RetentionPolicy(Duration.ofDays(30), 5L << 30, Duration.ofHours(1));

    public RetentionPolicy {
        if (maxAge.isNegative() || maxTotalBytes < 0 || sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("Retention needs a non-negative age and size and a positive "
                    + "interval, got " + maxAge + ", " + maxTotalBytes + " bytes, " + sweepInterval + ".");
        }
    }

    public RetentionPolicy withMaxAge(Duration age) {
        return new RetentionPolicy(age, maxTotalBytes, sweepInterval);
    }

    public RetentionPolicy withMaxTotalBytes(long bytes) {
        return new RetentionPolicy(maxAge, bytes, sweepInterval);
    }
}
