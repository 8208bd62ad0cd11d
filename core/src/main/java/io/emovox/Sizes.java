package io.emovox;

import java.util.Locale;

/**
 * Byte counts as people read them, for every message and listing (CLI, server, core). Binary
 * units with the names people use, as the options that set them do ({@code --max-upload-mb},
 * {@code --keep-gb}): 1 KB = 1,024 bytes, 1 MB = 1,048,576 bytes. Whole values have no decimals
 * ("1 MB"), others one ("1.5 GB").
 */
public final class Sizes {
    private static final String[] UNITS = {"KB", "MB", "GB", "TB"};

    private Sizes() {}

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes == 1 ? "1 byte" : bytes + " bytes";
        }
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        double rounded = Math.round(v * 10) / 10.0;
        return rounded == Math.rint(rounded)
                ? String.format(Locale.ROOT, "%d %s", (long) rounded, UNITS[u])
                : String.format(Locale.ROOT, "%.1f %s", rounded, UNITS[u]);
    }
}
