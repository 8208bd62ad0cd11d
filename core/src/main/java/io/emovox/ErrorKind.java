package io.emovox;

import java.util.Locale;

/**
 * What went wrong, in terms a shell can act on. The CLI maps each kind to an exit code and the
 * server to an HTTP status, each in one place; nothing else switches on these. On the wire (API
 * errors, job rows, JSON output, Spark rows, evaluation failures) a kind is its {@link #code()}.
 */
public enum ErrorKind {
    /** The input file or folder does not exist. */
    NOT_FOUND,
    /** The input has no bytes at all. */
    EMPTY_INPUT,
    /** The bytes are not audio in any format we can demux. */
    NOT_AUDIO,
    /** A recognised container or stream that is damaged or truncated. */
    CORRUPT_INPUT,
    /** Audio in a codec or container we refuse or cannot decode (playlists included). */
    UNSUPPORTED_FORMAT,
    /** Less audio than can be analysed (under 25 ms). */
    TOO_SHORT,
    /** Audio that holds no speech at all (digital silence). */
    SILENCE_ONLY,
    /** Input over the configured size limit. */
    TOO_LARGE,
    /** Audio over the configured duration limit. */
    TOO_LONG,
    /** A model name that is not installed. */
    MODEL_NOT_FOUND,
    /** A model or checkpoint that cannot be loaded or imported. */
    MODEL_INVALID,
    /** The model failed while running. */
    INFERENCE_FAILED,
    /** A bad argument or manifest from the user. */
    INVALID_ARGUMENT,
    /** A file could not be read or written. */
    IO_ERROR,
    /** A native library (FFmpeg, ONNX Runtime) or a system library it needs could not be loaded. */
    NATIVE_LIBRARY,
    /** Another emovox server owns the state folder (its lock is held). */
    STATE_LOCKED,
    /** The network port to listen on is taken by another program. */
    PORT_IN_USE,
    /** A model hub cannot be reached (no network, DNS, proxy, or offline mode). */
    HUB_UNREACHABLE,
    /** The hub has no such model, revision or file. */
    HUB_NOT_FOUND,
    /** The hub refused the request: a missing, wrong or insufficient access token. */
    HUB_ACCESS_DENIED,
    /** A downloaded file does not match the checksum or size the hub publishes for it. */
    CHECKSUM_MISMATCH;

    /** The kind as clients see it: lowercase, e.g. {@code not_found}, {@code io_error}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The kind a {@link #code()} names.
     *
     * @throws IllegalArgumentException for a code that names no kind (a code stored by another version)
     */
    public static ErrorKind fromCode(String code) {
        for (ErrorKind k : values()) {
            if (k.code().equals(code)) {
                return k;
            }
        }
        throw new IllegalArgumentException("No error kind has the code '" + code + "'.");
    }
}
