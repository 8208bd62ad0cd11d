package io.emovox.server.jobs;

/** Life of a job: queued → running → done or failed. Only done and failed jobs may be deleted by retention. */
public enum JobStatus {
    QUEUED, RUNNING, DONE, FAILED;

    /** As stored in the database and job.json, and as clients see it: lowercase. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The status a {@link #key()} names; IllegalArgumentException for any other text. */
    public static JobStatus fromKey(String key) {
        for (JobStatus s : values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("No job status is called '" + key + "'.");
    }

    public boolean finished() {
        return this == DONE || this == FAILED;
    }
}
