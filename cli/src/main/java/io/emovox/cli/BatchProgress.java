package io.emovox.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of {@code emovox analyze} on standard error: a redrawn bar on a terminal, plain lines
 * otherwise (logs, pipes, tests). Thread-safe: workers report as they finish.
 */
final class BatchProgress {
    private static final int BAR = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final int total;
    private int done;
    private long lastDraw;

    BatchProgress(PrintWriter err, boolean terminal, int total) {
        this.err = err;
        this.terminal = terminal;
        this.total = total;
    }

    /** Stage progress within one input (shown on a terminal only, at most 10 times a second). */
    synchronized void stage(String input, String stage, double fraction) {
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L && fraction < 1) {
            return;
        }
        lastDraw = now;
        draw(String.format(Locale.ROOT, "%s %s %3.0f%%", shorten(input), stage, 100 * fraction));
    }

    /** One input finished; {@code outcome} is e.g. "ok", "skipped", "failed". */
    synchronized void finished(String input, String outcome) {
        done++;
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
        int filled = total == 0 ? BAR : done * BAR / total;
        err.print("\r\033[K[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + done + "/" + total + " " + detail);
        err.flush();
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : "…" + s.substring(s.length() - 39);
    }
}
