package io.emovox;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a native library that would not load (FFmpeg, ONNX Runtime) into one sentence that names
 * the missing system library and the package that provides it, so the user knows what to install.
 * emovox bundles FFmpeg and ONNX Runtime; what can still be missing is a system library they link
 * against, which the dynamic loader names in its {@link UnsatisfiedLinkError}.
 */
public final class NativeLibraries {
    private NativeLibraries() {}

    /** Debian/Ubuntu packages of the system libraries the bundled natives link against (and a few near ones). */
    private static final Map<String, String> PACKAGES = Map.ofEntries(
            Map.entry("libudev.so.1", "libudev1"),
            Map.entry("libstdc++.so.6", "libstdc++6"),
            Map.entry("libgcc_s.so.1", "libgcc-s1"),
            Map.entry("libgomp.so.1", "libgomp1"),
            Map.entry("libz.so.1", "zlib1g"),
            Map.entry("libpulse.so.0", "libpulse0"),
            Map.entry("libc.so.6", "libc6"),
            Map.entry("libm.so.6", "libc6"),
            Map.entry("libdl.so.2", "libc6"),
            Map.entry("libpthread.so.0", "libc6"),
            Map.entry("librt.so.1", "libc6"));

    /**
     * The dynamic loader's words for a library it could not use, as in
     * {@code .../libjniavdevice.so: libpulse.so.0: cannot open shared object file: No such file or directory}
     * (a hidden library reads {@code /lib/x86_64-linux-gnu/libpulse.so.0: file too short}).
     */
    private static final Pattern MISSING = Pattern.compile(
            "([^\\s:/]+\\.so(?:\\.[0-9]+)*): (cannot open shared object file|file too short|invalid ELF header"
                    + "|wrong ELF class)");

    /**
     * The error for a native component that could not be loaded.
     *
     * @param component what failed, for the user (e.g. "FFmpeg (audio decoding)")
     * @param failure   the loader's error, searched along its causes for the missing library
     */
    public static EmovoxException loadFailure(String component, Throwable failure) {
        String library = null;
        String reason = null;
        for (Throwable t = failure; t != null && library == null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher m = MISSING.matcher(String.valueOf(t.getMessage()));
            while (m.find()) { // the last match is the innermost library the loader gave up on
                library = m.group(1);
                reason = m.group(2);
            }
        }
        if (library == null) {
            String os = System.getProperty("os.name") + " " + System.getProperty("os.arch");
            return new EmovoxException(ErrorKind.NATIVE_LIBRARY, component + " could not be loaded on this machine ("
                    + oneLine(failure) + "). emovox bundles its native libraries for Linux x86-64 only (this is "
                    + os + "); run it there.", failure);
        }
        String pkg = PACKAGES.get(library);
        String install = pkg != null
                ? "Install it (Debian/Ubuntu: 'apt-get install " + pkg + "')"
                : "Install the package that provides it (Debian/Ubuntu: 'apt-file search " + library + "' names it)";
        return new EmovoxException(ErrorKind.NATIVE_LIBRARY, component + " could not be loaded: the system library "
                + library + " is missing or unreadable (" + reason + "). " + install + " and run the command again.",
                failure);
    }

    private static String oneLine(Throwable t) {
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return msg.replaceAll("\\s+", " ").strip();
    }
}
