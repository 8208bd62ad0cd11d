package io.emovox.server.jobs;

/**
 * A change of a job, pushed to SSE subscribers.
 *
 * @param type     "progress", "done" or "failed"
 * @param stage    analysis stage for progress events ("decoding", "vad", "scoring"), else null
 * @param progress 0..1
 */
public record JobEvent(String type, String jobId, String status, String stage, double progress) {
}
