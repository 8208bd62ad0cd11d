package io.emovox.server.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.emovox.analysis.ProgressMeter;

/**
 * A change of a job, pushed to SSE subscribers (and the latest one shown in the job JSON).
 *
 * @param type          "progress", "done" or "failed"
 * @param stage         analysis stage for progress events ({@link ProgressMeter#STAGES}: "decoding",
 *                      "scoring", "writing"), else null
 * @param progress      0..1 of the whole job, never decreasing
 * @param stageProgress 0..1 of the stage
 * @param etaSeconds    estimated seconds left, or null while too early to say
 */
public record JobEvent(String type, String jobId, String status, String stage, double progress,
                       @JsonProperty("stage_progress") double stageProgress,
                       @JsonProperty("eta_seconds") Double etaSeconds) {

    /** A state without stage progress (queued, started, done, failed). */
    public JobEvent(String type, String jobId, String status, String stage, double progress) {
        this(type, jobId, status, stage, progress, 0, null);
    }

    /** A running job's progress as its meter reports it. */
    static JobEvent running(String jobId, ProgressMeter.Update u) {
        return new JobEvent("progress", jobId, JobStatus.RUNNING.key(), u.stage(), u.fraction(), u.stageFraction(),
                u.hasEta() ? Math.round(u.etaSeconds() * 10) / 10.0 : null);
    }
}
