package io.emovox.cli;

import io.emovox.EmovoxException;
import picocli.CommandLine;

/** Prints user errors as one line and maps them to exit codes; only real bugs show a trace. */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (ex instanceof EmovoxException e) {
            cl.getErr().println("emovox: " + e.getMessage());
            return ExitCodes.of(e.kind());
        }
        cl.getErr().println("emovox: internal error (a bug, please report it with this trace):");
        ex.printStackTrace(cl.getErr());
        return ExitCodes.INTERNAL;
    }
}
