package io.emovox.cli;

import io.emovox.EmovoxHome;
import io.emovox.server.RetentionPolicy;
import io.emovox.server.ServerConfig;
import io.emovox.server.ServerPaths;
import io.emovox.server.db.Database;
import io.emovox.server.jobs.JobStore;
import io.emovox.server.jobs.RetentionSweeper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code emovox cleanup}: applies the server's retention policy now. Safe while the server runs (it
 * does not take the server's lock: each deletion is one SQLite transaction that re-checks the
 * row), and on a full disk (files go first, which frees the space the row's deletion needs).
 */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = {"Delete old server results: unpinned finished jobs older than --keep-days, then the oldest",
                "until at most --keep-gb remain. Pinned, queued and running jobs are kept."})
public final class CleanupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--keep-days", description = "Age limit in days (default: ${DEFAULT-VALUE}).", defaultValue = "30")
    double keepDays;

    @Option(names = "--keep-gb", description = "Size limit in GB (default: ${DEFAULT-VALUE}).", defaultValue = "5")
    double keepGb;

    @Override
    public Integer call() {
        ServerPaths paths = ServerConfig.defaults(EmovoxHome.resolve()).paths();
        RetentionPolicy policy = new RetentionPolicy(Duration.ofSeconds((long) (keepDays * 86_400)),
                (long) (keepGb * (1L << 30)), Duration.ofHours(1));
        try (Database db = Database.open(paths.database())) {
            RetentionSweeper.Report r = new RetentionSweeper(new JobStore(db), paths, policy).sweep(Instant.now());
            spec.commandLine().getOut().printf("emovox: deleted %d job(s), freed %.1f MB, removed %d stray file(s); "
                    + "%.1f MB kept.%n", r.deletedJobs(), r.freedBytes() / 1e6, r.orphansRemoved(), r.keptBytes() / 1e6);
            if (r.mismatched() > 0) {
                spec.commandLine().getOut().printf("emovox: kept %d job(s) whose folder does not agree with the database;"
                        + " see 'emovox serve --rebuild-index'.%n", r.mismatched());
            }
            return ExitCodes.OK;
        }
    }
}
