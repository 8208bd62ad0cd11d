package io.emovox.server.jobs;

/** Life of a job: queued → running → done or failed. Only done and failed jobs may be deleted by retention. */
public enum JobStatus {
    QUEUED, RUNNING, DONE, FAILED;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean finished() {
        return this == DONE || this == FAILED;
    }
}
