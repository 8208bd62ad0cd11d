package io.emovox.cli;

import io.emovox.EmovoxException;
import io.emovox.EmovoxHome;
import io.emovox.ErrorKind;
import io.emovox.cli.cleanup.CleanupPlan;
import io.emovox.cli.cleanup.OutputFolder;
import io.emovox.cli.cleanup.OutputFolders;
import io.emovox.Sizes;
import io.emovox.cli.cleanup.TarGzArchive;
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

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code emovox cleanup}: applies the server's retention policy now, or, with {@code --outputs}, the
 * same limits to the folders {@code emovox analyze} wrote (see {@link OutputFolders} for which
 * folders count and {@link CleanupPlan} for the rule). Safe while the server runs (it does not take
 * the server's lock: each deletion is one SQLite transaction that re-checks the row), and on a full
 * disk (files go first, which frees the space the row's deletion needs).
 */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = {"Delete old server results, or with --outputs old analyze output folders.",
                "Server: unpinned finished jobs older than --keep-days, then the oldest",
                "until at most --keep-gb remain. Pinned, queued and running jobs stay.",
                "--outputs [DIR]: the same for the folders 'emovox analyze' wrote under DIR",
                "(default ./outputs, analyze's default; or the DIR of 'analyze --output DIR').",
                "Only folders with an emovox result.json are touched; folders marked with",
                "'emovox keep DIR' stay; --dry-run lists what would go; --archive FILE.tar.gz",
                "archives them first (nothing is removed unless the archive was written and",
                "read back intact)."})
public final class CleanupCommand implements Callable<Integer> {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    @Spec
    CommandSpec spec;

    // The server's retention defaults (RetentionPolicy.DEFAULT), shown by picocli as ${DEFAULT-VALUE}.
    @Option(names = "--keep-days", description = "Age limit in days (default: ${DEFAULT-VALUE}).")
    double keepDays = RetentionPolicy.DEFAULT.maxAge().toDays();

    @Option(names = "--keep-gb", description = "Size limit in GiB (default: ${DEFAULT-VALUE}).")
    double keepGb = RetentionPolicy.DEFAULT.maxTotalBytes() / (double) (1L << 30);

    @Option(names = "--outputs", arity = "0..1", fallbackValue = "outputs", paramLabel = "DIR",
            description = "Clean analyze output folders under DIR (default ./outputs) instead of server jobs.")
    Path outputs;

    @Option(names = "--dry-run", description = "With --outputs: list what would be removed, change nothing.")
    boolean dryRun;

    @Option(names = "--archive", paramLabel = "FILE.tar.gz",
            description = "With --outputs: archive the folders into this new file before removing them.")
    Path archive;

    @Override
    public Integer call() {
        if (keepDays < 0 || keepGb < 0) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "--keep-days and --keep-gb must not be negative.");
        }
        Duration maxAge = Duration.ofSeconds((long) (keepDays * 86_400));
        long maxBytes = (long) (keepGb * (1L << 30));
        if (outputs != null) {
            return cleanOutputs(maxAge, maxBytes);
        }
        if (dryRun || archive != null) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "--dry-run and --archive apply to analyze output "
                    + "folders: add --outputs [DIR].");
        }
        ServerPaths paths = ServerConfig.defaults(EmovoxHome.resolve()).paths();
        RetentionPolicy policy = RetentionPolicy.DEFAULT.withMaxAge(maxAge).withMaxTotalBytes(maxBytes);
        try (Database db = Database.open(paths.database())) {
            RetentionSweeper.Report r = new RetentionSweeper(new JobStore(db), paths, policy).sweep(Instant.now());
            spec.commandLine().getOut().printf("emovox: deleted %d job(s), freed %.1f MB, removed %d stray file(s); "
                    + "%.1f MB kept.%n", r.deletedJobs(), r.freedBytes() / 1e6, r.orphansRemoved(),
                            r.keptBytes() / 1e6);
            if (r.mismatched() > 0) {
                spec.commandLine().getOut().printf("emovox: kept %d job(s) whose folder does not agree with the "
                        + "database;"
                        + " see 'emovox serve --rebuild-index'.%n", r.mismatched());
            }
            return ExitCodes.OK;
        }
    }

    private int cleanOutputs(Duration maxAge, long maxBytes) {
        PrintWriter out = spec.commandLine().getOut();
        OutputFolders.Scan scan = OutputFolders.scan(outputs);
        Instant now = Instant.now();
        CleanupPlan plan = CleanupPlan.of(scan.folders(), maxAge, maxBytes, now);
        long settling = scan.folders().stream()
                .filter(f -> !f.lastModified().isBefore(now.minus(CleanupPlan.SETTLING))).count();
        long kept = scan.folders().stream().filter(OutputFolder::kept).count();
        out.printf(Locale.ROOT, "emovox: %s: %d analyze output folder(s), %s (%d kept), limits %s and %s%n",
                outputs, scan.folders().size(), size(scan.bytes()), kept, days(keepDays), size(maxBytes));
        for (OutputFolders.Skipped s : scan.skipped()) {
            out.println("  left alone   " + s.path().getFileName() + ": " + s.reason());
        }
        if (scan.inProgress() > 0) {
            out.println("  left alone   " + scan.inProgress() + " hidden folder(s): being written or replaced");
        }
        if (settling > 0) {
            out.println("  left alone   " + settling + " folder(s) written in the last minute");
        }
        String verb = dryRun ? "would remove" : "remove";
        for (CleanupPlan.Removal r : plan.removals()) {
            out.printf(Locale.ROOT, "  %-12s %s  %s, last written %s: %s%n", verb, r.folder().name(),
                    size(r.folder().bytes()), WHEN.format(r.folder().lastModified()), r.reason());
        }
        if (plan.overLimit()) {
            out.println("  note: the folders that stay still take " + size(plan.remainingBytes()) + ", over the limit: "
                    + "kept (.emovox-keep) or just written folders are never removed");
        }
        List<OutputFolder> doomed = plan.removals().stream().map(CleanupPlan.Removal::folder).toList();
        if (dryRun) {
            out.printf(Locale.ROOT, "emovox: dry run: %d folder(s), %s would be %s; nothing was changed.%n",
                    doomed.size(), size(plan.removedBytes()), archive != null ? "archived into " + archive
                            + " and removed" : "removed");
            return ExitCodes.OK;
        }
        if (doomed.isEmpty()) {
            out.println("emovox: nothing to remove" + (archive != null ? "; no archive written." : "."));
            return ExitCodes.OK;
        }
        if (archive != null) {
            TarGzArchive.Summary a = TarGzArchive.write(archive, doomed);
            out.printf(Locale.ROOT, "emovox: archived %d folder(s), %d files, %s into %s (%s; read back and "
                    + "checked)%n", a.folders(), a.files(), size(a.bytes()), archive, size(a.archiveBytes()));
        }
        int removed = 0;
        long freed = 0;
        List<String> changed = new ArrayList<>();
        for (OutputFolder f : doomed) {
            if (OutputFolders.remove(f)) {
                removed++;
                freed += f.bytes();
            } else {
                changed.add(f.name());
            }
        }
        for (String name : changed) {
            out.println("  left alone   " + name + ": changed since the scan (written again, kept or gone)");
        }
        out.printf(Locale.ROOT, "emovox: removed %d folder(s), freed %s; %s in %d folder(s) remain.%n", removed,
                size(freed), size(scan.bytes() - freed), scan.folders().size() - removed);
        return ExitCodes.OK;
    }

    private static String size(long bytes) {
        return Sizes.human(bytes);
    }

    private static String days(double d) {
        return (d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d)) + " days";
    }
}
