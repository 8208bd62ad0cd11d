package io.emovox.cli;

import io.emovox.ErrorKind;

/**
 * Exit codes of every emovox command, in one place (documented in docs/cli.md).
 * 0 success; 1 some inputs of a batch failed; 2 bad usage; 3 missing, unreadable or unsupported input;
 * 4 input over a limit; 5 model missing or invalid; 6 inference failed; 7 I/O error; 8 a native library
 * could not be loaded; 9 another server owns the state folder; 10 the port is in use;
 * 11 a model hub cannot be reached; 12 the hub has no such model or file; 13 the hub refused the access token;
 * 14 a downloaded file failed its checksum; 70 internal bug.
 */
public final class ExitCodes {
    private ExitCodes() {}

    public static final int OK = 0;
    public static final int PARTIAL_FAILURE = 1;
    public static final int USAGE = 2;
    public static final int BAD_INPUT = 3;
    public static final int OVER_LIMIT = 4;
    public static final int MODEL = 5;
    public static final int INFERENCE = 6;
    public static final int IO = 7;
    public static final int NATIVE_LIBRARY = 8;
    public static final int STATE_LOCKED = 9;
    public static final int PORT_IN_USE = 10;
    public static final int HUB_UNREACHABLE = 11;
    public static final int HUB_NOT_FOUND = 12;
    public static final int HUB_ACCESS_DENIED = 13;
    public static final int CHECKSUM_MISMATCH = 14;
    public static final int INTERNAL = 70;

    public static int of(ErrorKind kind) {
        return switch (kind) {
            case NOT_FOUND, EMPTY_INPUT, NOT_AUDIO, CORRUPT_INPUT, UNSUPPORTED_FORMAT, TOO_SHORT,
                    SILENCE_ONLY -> BAD_INPUT;
            case TOO_LARGE, TOO_LONG -> OVER_LIMIT;
            case MODEL_NOT_FOUND, MODEL_INVALID -> MODEL;
            case INFERENCE_FAILED -> INFERENCE;
            case INVALID_ARGUMENT -> USAGE;
            case IO_ERROR -> IO;
            case NATIVE_LIBRARY -> NATIVE_LIBRARY;
            case STATE_LOCKED -> STATE_LOCKED;
            case PORT_IN_USE -> PORT_IN_USE;
            case HUB_UNREACHABLE -> HUB_UNREACHABLE;
            case HUB_NOT_FOUND -> HUB_NOT_FOUND;
            case HUB_ACCESS_DENIED -> HUB_ACCESS_DENIED;
            case CHECKSUM_MISMATCH -> CHECKSUM_MISMATCH;
        };
    }
}
