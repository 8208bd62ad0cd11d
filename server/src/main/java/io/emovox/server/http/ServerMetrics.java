package io.emovox.server.http;

import io.emovox.server.jobs.JobQueue;
import io.emovox.server.jobs.JobStatus;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.IntSupplier;

/** Counters of requests and jobs, rendered in the Prometheus text format (version 0.0.4). */
public final class ServerMetrics implements JobQueue.JobMetrics {
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<JobStatus, AtomicLong> jobs = new ConcurrentHashMap<>();
    private final DoubleAdder analysisSeconds = new DoubleAdder();
    private final DoubleAdder audioSeconds = new DoubleAdder();
    private volatile IntSupplier queued = () -> 0;
    private volatile IntSupplier running = () -> 0;

    public void bindQueue(JobQueue queue) {
        this.queued = queue::queuedCount;
        this.running = queue::runningCount;
    }

    public void request(String method, int status) {
        requests.computeIfAbsent(method + " " + status, k -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void jobFinished(JobStatus status, double wallSeconds, double audio) {
        jobs.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
        analysisSeconds.add(wallSeconds);
        audioSeconds.add(audio);
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# HELP emovox_http_requests_total HTTP requests by method and status.\n");
        sb.append("# TYPE emovox_http_requests_total counter\n");
        new TreeMap<>(requests).forEach((k, v) -> {
            String[] mk = k.split(" ");
            sb.append("emovox_http_requests_total{method=\"").append(mk[0]).append("\",status=\"")
                    .append(mk[1]).append("\"} ").append(v.get()).append('\n');
        });
        sb.append("# HELP emovox_jobs_total Jobs finished, by outcome.\n# TYPE emovox_jobs_total counter\n");
        for (JobStatus s : new JobStatus[] {JobStatus.DONE, JobStatus.FAILED}) {
            sb.append("emovox_jobs_total{status=\"").append(s.key()).append("\"} ")
                    .append(jobs.getOrDefault(s, new AtomicLong()).get()).append('\n');
        }
        gauge(sb, "emovox_jobs_queued", "Jobs waiting for a worker.", queued.getAsInt());
        gauge(sb, "emovox_jobs_running", "Jobs being analysed.", running.getAsInt());
        counter(sb, "emovox_analysis_seconds_total", "Wall time spent analysing jobs.", analysisSeconds.sum());
        counter(sb, "emovox_audio_seconds_total", "Seconds of audio analysed.", audioSeconds.sum());
        Runtime rt = Runtime.getRuntime();
        gauge(sb, "emovox_jvm_memory_used_bytes", "Heap in use.", rt.totalMemory() - rt.freeMemory());
        return sb.toString();
    }

    private static void gauge(StringBuilder sb, String name, String help, double v) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
                .append(" gauge\n").append(name).append(' ').append(fmt(v)).append('\n');
    }

    private static void counter(StringBuilder sb, String name, String help, double v) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
                .append(" counter\n").append(name).append(' ').append(fmt(v)).append('\n');
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6f", v);
    }
}
