package io.emovox.server.http;

import io.emovox.server.jobs.JobEvent;
import io.emovox.server.jobs.JobRecord;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The JSON form of a job in every response (snake_case, ISO-8601 times, links to its files). */
final class JobJson {
    private JobJson() {}

    static Map<String, Object> of(JobRecord j, Optional<JobEvent> live) {
        Map<String, Object> m = new LinkedHashMap<>();
        String base = "/api/v1/jobs/" + j.id();
        m.put("id", j.id());
        m.put("status", live.map(JobEvent::status).orElse(j.status().key()));
        m.put("progress", live.map(JobEvent::progress).orElse(j.progress()));
        m.put("stage", live.map(JobEvent::stage).orElse(null));
        m.put("stage_progress", live.map(JobEvent::stageProgress).orElse(null));
        m.put("eta_seconds", live.map(JobEvent::etaSeconds).orElse(null));
        m.put("file_name", j.fileName());
        Map<String, Object> options = new LinkedHashMap<>(Map.of("model",
                j.options().model() == null ? "default" : j.options().model(),
                "granularity", j.options().granularity(), "embedding", j.options().embedding(),
                "speakers", j.options().speakers(), "max_window_seconds", j.options().maxWindowSeconds()));
        if (j.options().transcript() != null) {
            options.put("transcript", j.options().transcript()); // its name; the text stays in the job's folder
        }
        m.put("options", options);
        m.put("owner", j.owner());
        m.put("created_at", iso(j.createdAt()));
        m.put("started_at", iso(j.startedAt()));
        m.put("finished_at", iso(j.finishedAt()));
        m.put("attempts", j.attempts());
        m.put("duration_seconds", j.durationSeconds());
        m.put("emotion", j.emotion());
        m.put("confidence", j.confidence());
        // Whether the emotion may be read (null for jobs finished before the server stored it).
        m.put("verdict", j.verdict());
        m.put("verdict_reason", j.verdictReason());
        m.put("warnings", j.warnings());
        m.put("model", j.model());
        m.put("pinned", j.pinned());
        m.put("bytes", j.bytes());
        if (j.errorCode() != null) {
            m.put("error", Map.of("code", j.errorCode(), "message", String.valueOf(j.errorMessage())));
        }
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", base);
        links.put("events", base + "/events");
        links.put("result", base + "/result");
        links.put("processed_audio", base + "/files/processed_audio.wav");
        if (j.options().embedding()) {
            links.put("embedding", base + "/files/embedding.npy");
        }
        m.put("links", links);
        return m;
    }

    static String iso(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
