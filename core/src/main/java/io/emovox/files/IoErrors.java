package io.emovox.files;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one rule for turning a failed write into a user's sentence: a full disk is named as such
 * (Java reports it only in the message: ENOSPC, EDQUOT), with what to do instead; anything else
 * keeps the system's reason. Every writer of an analysis (results, work files, temporary copies)
 * reports through here, so a full disk never ends as a stack trace.
 */
public final class IoErrors {
    private IoErrors() {}

    /** Advice for a full temporary folder, where analyses keep their work files. */
    public static final String TEMP_ELSEWHERE = "point emovox at a bigger temporary folder with -Djava.io.tmpdir=DIR"
            + " (for ./emovox: EMOVOX_JAVA_OPTS=\"-Xmx4g -Djava.io.tmpdir=DIR\")";

    /** True when {@code e} or a cause says the disk (or the user's quota) is full. */
    public static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String msg = t.getMessage();
            if (msg != null && (msg.contains("No space left on device") || msg.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The error for a write that failed.
     *
     * @param what      what could not be written, as the start of a sentence ("The results for call.wav")
     * @param where     the folder or file it was written to
     * @param failure   the failure (an IOException, or an exception wrapping one)
     * @param elsewhere what else the user can do, completing "Free some space there, or ..."
     */
    public static EmovoxException writeFailed(String what, Path where, Throwable failure, String elsewhere) {
        if (isDiskFull(failure)) {
            return new EmovoxException(ErrorKind.IO_ERROR, what + " could not be written: the disk holding " + where
                    + " is full. Free some space there, or " + elsewhere + ".", failure);
        }
        return new EmovoxException(ErrorKind.IO_ERROR, what + " could not be written to " + where + " ("
                + reason(failure) + "). Check that the folder exists and is writable, or " + elsewhere + ".", failure);
    }

    /** The innermost I/O reason, without the wrappers' own sentences. */
    public static String reason(Throwable failure) {
        Throwable reason = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                reason = t;
            }
        }
        String msg = reason.getMessage();
        return msg == null || msg.isBlank() ? reason.getClass().getSimpleName() : msg.replaceAll("\\s+", " ").strip();
    }
}
