package io.emovox;

/**
 * The one domain exception of emovox. Its message is a full sentence meant for the user: it names
 * the problem and, where the user can act, says what to do next. Shells print the message, never
 * the stack trace, and map {@link #kind()} to an exit code or HTTP status.
 */
public class EmovoxException extends RuntimeException {
    private final ErrorKind kind;

    public EmovoxException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    public EmovoxException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
    }

    public ErrorKind kind() {
        return kind;
    }
}
