package io.emovox.cli;

import io.emovox.analysis.Granularity;
import io.emovox.analysis.ProgressMeter;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Progress of {@code emovox analyze} on standard error: on a terminal a redrawn bar (inputs done
 * plus the share of the ones running) with the latest input's stage, percentage and ETA; otherwise
 * (logs, pipes, tests) plain lines: one per finished input of a batch, and for a single input a
 * line now and then while it runs. What each input reports, and how often, comes from the core's
 * {@link ProgressMeter}. Thread-safe: workers report as they go.
 */
final class BatchProgress {
    private static final int BAR = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final int total;
    private final Map<String, Double> running = new LinkedHashMap<>();
    private int done;

    BatchProgress(PrintWriter err, boolean terminal, int total) {
        this.err = err;
        this.terminal = terminal;
        this.total = total;
    }

    /** The meter one input's analysis and writing report to. */
    ProgressMeter meter(String input, Granularity granularity) {
        return new ProgressMeter(granularity, terminal ? ProgressMeter.Rate.LIVE : ProgressMeter.Rate.LINES,
                u -> update(input, u));
    }

    private synchronized void update(String input, ProgressMeter.Update u) {
        String detail = String.format(Locale.ROOT, "%3.0f%% %s%s", 100 * u.fraction(), u.stage(),
                u.hasEta() ? ", " + ProgressMeter.formatEta(u.etaSeconds()) + " left" : "");
        if (terminal) {
            running.put(input, u.fraction());
            draw(shorten(input) + " " + detail);
        } else if (total == 1) {
            err.println("emovox: " + input + " " + detail);
            err.flush();
        }
    }

    /** One input finished; {@code outcome} is e.g. "ok", "skipped", "failed". */
    synchronized void finished(String input, String outcome) {
        done++;
        running.remove(input);
        if (terminal) {
            draw(shorten(input) + " " + outcome);
            if (done == total) {
                err.print("\r\033[K");
                err.flush();
            }
        } else if (total > 1) {
            err.printf(Locale.ROOT, "[%d/%d] %s %s%n", done, total, outcome, input);
            err.flush();
        }
    }

    private void draw(String detail) {
        double share = done + running.values().stream().mapToDouble(Double::doubleValue).sum();
        int filled = total == 0 ? BAR : (int) Math.min(BAR, share * BAR / total);
        err.print("\r\033[K[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + done + "/" + total + " "
                + detail);
        err.flush();
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : "…" + s.substring(s.length() - 39);
    }
}
