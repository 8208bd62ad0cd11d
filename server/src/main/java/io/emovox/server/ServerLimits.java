package io.emovox.server;

/**
 * Limits that keep one user from exhausting the server. Each violation has its own HTTP status:
 * upload size 413, audio duration 422, queue full 503, rate 429.
 *
 * @param maxUploadBytes       largest accepted upload
 * @param maxDurationSeconds   longest accepted audio
 * @param workers              jobs analysed at the same time (the model is shared)
 * @param maxQueued            jobs waiting beyond the running ones before new uploads get 503
 * @param requestsPerMinute    per token or session; bursts up to this many are allowed
 */
public record ServerLimits(long maxUploadBytes, double maxDurationSeconds, int workers, int maxQueued,
                           int requestsPerMinute) {

    /** 200 MB, 4 hours, 1 worker (2-core machines), 32 queued, 120 requests a minute. */
    public static final ServerLimits DEFAULT = new ServerLimits(200L << 20, 4 * 3600, 1, 32, 120);

    public ServerLimits {
        if (maxUploadBytes <= 0 || !(maxDurationSeconds > 0) || workers < 1 || maxQueued < 0
                || requestsPerMinute < 1) {
            throw new IllegalArgumentException("Server limits must be positive (queue >= 0), got "
                    + maxUploadBytes + " bytes, " + maxDurationSeconds + " s, " + workers + " workers, "
                    + maxQueued + " queued, " + requestsPerMinute + " requests/min.");
        }
    }

    public ServerLimits withMaxUploadBytes(long v) {
        return new ServerLimits(v, maxDurationSeconds, workers, maxQueued, requestsPerMinute);
    }

    public ServerLimits withMaxDurationSeconds(double v) {
        return new ServerLimits(maxUploadBytes, v, workers, maxQueued, requestsPerMinute);
    }

    public ServerLimits withWorkers(int v) {
        return new ServerLimits(maxUploadBytes, maxDurationSeconds, v, maxQueued, requestsPerMinute);
    }

    public ServerLimits withMaxQueued(int v) {
        return new ServerLimits(maxUploadBytes, maxDurationSeconds, workers, v, requestsPerMinute);
    }

    public ServerLimits withRequestsPerMinute(int v) {
        return new ServerLimits(maxUploadBytes, maxDurationSeconds, workers, maxQueued, v);
    }
}
