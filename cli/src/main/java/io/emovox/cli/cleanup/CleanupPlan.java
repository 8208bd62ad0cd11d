package io.emovox.cli.cleanup;

import io.emovox.Sizes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which analyze output folders a cleanup removes, and why, decided before anything is touched (so
 * {@code --dry-run} shows exactly what a real run does).
 *
 * <p>The rule, like the server's retention: first every folder last written more than
 * {@code maxAge} ago; then, while the folders left take more than {@code maxBytes}, the oldest.
 * Never removed: folders marked {@value OutputFolders#KEEP_MARKER} (their bytes still count
 * towards the size) and folders written in the last {@link #SETTLING} (analyze may still be
 * adding its done-marker).
 *
 * @param removals  the folders to remove, oldest first, each with its reason
 * @param remaining the folders that stay
 * @param overLimit true when the folders that stay still take more than {@code maxBytes}
 *                  (kept or recent ones alone exceed it)
 */
public record CleanupPlan(List<Removal> removals, List<OutputFolder> remaining, boolean overLimit) {
    /** A folder written this recently is never removed. */
    public static final Duration SETTLING = Duration.ofMinutes(1);

    /** One folder to remove and why ("older than 30 days", "over the 5 GB limit"). */
    public record Removal(OutputFolder folder, String reason) {}

    public CleanupPlan {
        removals = List.copyOf(removals);
        remaining = List.copyOf(remaining);
    }

    /**
     * @param folders  the folders of a {@link OutputFolders.Scan}, oldest first
     * @param maxAge   folders last written longer ago go
     * @param maxBytes then the oldest go until the rest fit
     * @param now      the time to measure ages against
     */
    public static CleanupPlan of(List<OutputFolder> folders, Duration maxAge, long maxBytes, Instant now) {
        List<Removal> removals = new ArrayList<>();
        List<OutputFolder> remaining = new ArrayList<>();
        long bytes = 0;
        for (OutputFolder f : folders) {
            if (removable(f, now) && f.lastModified().isBefore(now.minus(maxAge))) {
                removals.add(new Removal(f, "older than " + days(maxAge)));
            } else {
                remaining.add(f);
                bytes += f.bytes();
            }
        }
        for (OutputFolder f : List.copyOf(remaining)) {
            if (bytes <= maxBytes) {
                break;
            }
            if (removable(f, now)) {
                removals.add(new Removal(f, "over the " + Sizes.human(maxBytes) + " limit"));
                remaining.remove(f);
                bytes -= f.bytes();
            }
        }
        removals.sort(Comparator.comparing((Removal r) -> r.folder().lastModified())
                .thenComparing(r -> r.folder().name()));
        return new CleanupPlan(removals, remaining, bytes > maxBytes);
    }

    private static boolean removable(OutputFolder f, Instant now) {
        return !f.kept() && f.lastModified().isBefore(now.minus(SETTLING));
    }

    private static String days(Duration d) {
        double days = d.toSeconds() / 86_400.0;
        return days == Math.rint(days) ? (long) days + (days == 1 ? " day" : " days")
                : String.format(Locale.ROOT, "%.2f days", days);
    }

    public long removedBytes() {
        return removals.stream().mapToLong(r -> r.folder().bytes()).sum();
    }

    public long remainingBytes() {
        return remaining.stream().mapToLong(OutputFolder::bytes).sum();
    }
}
