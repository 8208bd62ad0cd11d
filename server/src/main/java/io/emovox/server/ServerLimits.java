package io.emovox.server;

/**
 * Limits that keep one user from exhausting the server. Each violation has its own HTTP status:
 * upload size 413, audio duration 422, queue full 503, rate 429, disk under its minimum 507.
 *
 * @param maxUploadBytes       largest accepted request body (one upload, or a batch's files together)
 * @param maxDurationSeconds   longest accepted audio
 * @param workers              jobs analysed at the same time (the model is shared)
 * @param maxQueued            jobs waiting beyond the running ones before new uploads get 503
 * @param requestsPerMinute    per token or session; bursts up to this many are allowed
 * @param minFreeBytes         free disk space below which uploads are refused and the health check says "low"
 */
public record ServerLimits(long maxUploadBytes, double maxDurationSeconds, int workers, int maxQueued,
                           int requestsPerMinute, long minFreeBytes) {

    /** 200 MB, 4 hours, 1 worker (2-core machines), 32 queued, 120 requests a minute, 100 MB kept free. */
    public static final ServerLimits DEFAULT = new ServerLimits(200L << 20, 4 * 3600, 1, 32, 120, 100L << 20);

    public ServerLimits {
        if (maxUploadBytes <= 0 || !(maxDurationSeconds > 0) || workers < 1 || maxQueued < 0
                || requestsPerMinute < 1 || minFreeBytes < 0) {
            throw new IllegalArgumentException("Server limits must be positive (queue and free space >= 0), got "
                    + maxUploadBytes + " bytes, " + maxDurationSeconds + " s, " + workers + " workers, "
                    + maxQueued + " queued, " + requestsPerMinute + " requests/min, " + minFreeBytes + " bytes free.");
        }
    }

    public ServerLimits withMaxUploadBytes(long v) {
        return new ServerLimits(v, maxDurationSeconds, workers, maxQueued, requestsPerMinute, minFreeBytes);
    }

    public ServerLimits withMaxDurationSeconds(double v) {
        return new ServerLimits(maxUploadBytes, v, workers, maxQueued, requestsPerMinute, minFreeBytes);
    }

    public ServerLimits withWorkers(int v) {
        return new ServerLimits(maxUploadBytes, maxDurationSeconds, v, maxQueued, requestsPerMinute, minFreeBytes);
    }

    public ServerLimits withMaxQueued(int v) {
        return new ServerLimits(maxUploadBytes, maxDurationSeconds, workers, v, requestsPerMinute, minFreeBytes);
    }

    public ServerLimits withRequestsPerMinute(int v) {
        return new ServerLimits(maxUploadBytes, maxDurationSeconds, workers, maxQueued, v, minFreeBytes);
    }

    public ServerLimits withMinFreeBytes(long v) {
        return new ServerLimits(maxUploadBytes, maxDurationSeconds, workers, maxQueued, requestsPerMinute, v);
    }
}
