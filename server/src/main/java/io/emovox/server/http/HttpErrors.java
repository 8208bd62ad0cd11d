package io.emovox.server.http;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.javalin.http.Context;

import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where errors become HTTP statuses and JSON bodies. Domain errors map by
 * {@link ErrorKind}; anything unexpected is a 500 whose body says nothing about internals.
 */
public final class HttpErrors {
    private HttpErrors() {}

    private static final Logger LOG = Logger.getLogger(HttpErrors.class.getName());

    public static int status(ErrorKind kind) {
        return switch (kind) {
            case EMPTY_INPUT, NOT_AUDIO, CORRUPT_INPUT, TOO_SHORT, SILENCE_ONLY, TOO_LONG -> 422;
            case UNSUPPORTED_FORMAT -> 415;
            case TOO_LARGE -> 413;
            case MODEL_NOT_FOUND, NOT_FOUND -> 404;
            case INVALID_ARGUMENT -> 400;
            case MODEL_INVALID, INFERENCE_FAILED, IO_ERROR, NATIVE_LIBRARY -> 500;
        };
    }

    public static ApiError of(EmovoxException e) {
        return new ApiError(status(e.kind()), e.kind().name().toLowerCase(Locale.ROOT), e.getMessage());
    }

    /** Writes the error body for any exception that reached the router. */
    public static void write(Context ctx, Exception e) {
        ApiError err;
        if (e instanceof ApiError a) {
            err = a;
        } else if (e instanceof EmovoxException ee) {
            err = of(ee);
        } else if (isMultipartLimit(e)) {
            err = new ApiError(413, "too_large", "The upload is larger than the server's limit.");
        } else {
            LOG.log(Level.SEVERE, "Internal error on " + ctx.method() + " " + ctx.path(), e);
            err = new ApiError(500, "internal", "Internal server error; see the server log.");
        }
        if (err.status() == 429) {
            ctx.header("Retry-After", "60");
        }
        if (ctx.contentLength() > 0 || ctx.header("Transfer-Encoding") != null) {
            // A refused request's body may be unread (a 401 comes before any handler reads it).
            // Answering and closing while the client still sends makes its TCP stack discard the
            // answer: read the body first (bounded), and do not keep the connection.
            UploadReceiver.drain(ctx);
            ctx.header("Connection", "close");
        }
        ctx.status(err.status()).json(body(err.code(), err.getMessage()));
    }

    public static Map<String, Object> body(String code, String message) {
        return Map.of("error", Map.of("code", code, "message", message == null ? code : message));
    }

    /** Jetty reports an over-size multipart upload as a generic failure; find it in the causes. */
    static boolean isMultipartLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("max file size") || m.contains("max request size") || m.contains("exceeds")
                    || m.contains("too large") || m.contains("max length") || m.contains("413")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
