/**
 * Jobs: the record kept in SQLite and the manifest (job.json) kept beside its files, the bounded
 * queue that runs them on the resident model, the recovery of jobs interrupted by a crash, the
 * check and rebuild of the job table from the folders, and the retention policy that deletes old
 * results (only from rows whose folder agrees).
 */
package io.emovox.server.jobs;
