package io.emovox.cli;

import io.emovox.model.store.download.DownloadProgress;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Progress of {@code emovox model download} on standard error: on a terminal a redrawn bar (bytes
 * of all files, the file now arriving, MB done of MB, speed) at most 4 times a second; otherwise
 * (logs, pipes, tests) one line per step: the listing, each file verified, the install.
 */
final class DownloadBar implements Consumer<DownloadProgress> {
    private static final int BAR = 30;
    private static final long MIN_INTERVAL_NANOS = 250_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastDraw;
    private long firstBytes = -1;
    private String lastStage = "";
    private String lastFile = "";

    DownloadBar(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void accept(DownloadProgress p) {
        boolean changed = !p.stage().equals(lastStage) || !String.valueOf(p.file()).equals(lastFile);
        if (firstBytes < 0 && p.stage().equals(DownloadProgress.DOWNLOADING)) {
            firstBytes = p.bytesDone(); // resumed bytes do not count towards the speed
        }
        if (terminal && p.stage().equals(DownloadProgress.INSTALLING)) {
            err.print("\r\033[K"); // the bar gives way to the last step's line
            err.println("emovox: " + line(p));
        } else if (terminal) {
            long now = System.nanoTime();
            if (changed || now - lastDraw >= MIN_INTERVAL_NANOS) {
                lastDraw = now;
                draw(p, now);
            }
        } else if (changed && !p.stage().equals(DownloadProgress.DOWNLOADING)) {
            err.println("emovox: " + line(p));
        }
        err.flush();
        lastStage = p.stage();
        lastFile = String.valueOf(p.file());
    }

    private void draw(DownloadProgress p, long now) {
        int filled = (int) Math.min(BAR, p.fraction() * BAR);
        double seconds = (now - started) / 1e9;
        String speed = firstBytes >= 0 && seconds > 0.5
                ? String.format(Locale.ROOT, ", %.1f MB/s", (p.bytesDone() - firstBytes) / 1e6 / seconds) : "";
        err.print("\r\033[K[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] "
                + String.format(Locale.ROOT, "%3.0f%% %s %.1f/%.1f MB%s", 100 * p.fraction(), line(p),
                p.bytesDone() / 1e6, p.bytesTotal() / 1e6, speed));
    }

    private static String line(DownloadProgress p) {
        return switch (p.stage()) {
            case DownloadProgress.LISTING -> "listing the model's files";
            case DownloadProgress.DOWNLOADING -> "downloading " + p.file();
            case DownloadProgress.VERIFYING -> p.file() + " verified";
            default -> "installing (converting and test-loading the model)";
        };
    }
}
