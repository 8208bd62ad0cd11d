/**
 * Jobs: the record kept in SQLite, the bounded queue that runs them on the resident model, the
 * recovery of jobs interrupted by a crash, and the retention policy that deletes old results.
 */
package io.emovox.server.jobs;
