package io.emovox.server.jobs;

/** The headline of a finished analysis, kept in the database for the job list and search. */
public record JobSummary(String emotion, double confidence, String model, double durationSeconds) {
}
