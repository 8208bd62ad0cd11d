package io.emovox.server.http;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.server.ClientText;
import io.emovox.server.DiskSpace;
import io.emovox.server.auth.Secrets;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where errors become HTTP statuses and JSON bodies
 * {@code {"error": {"code", "message", "request_id"}}}. Domain errors map by {@link ErrorKind}. A
 * client reads a message it can act on and the request id (also the {@code X-Request-Id} header
 * of every response); server errors (5xx) say nothing about internals, and no message carries an
 * absolute server path or exception text ({@link ClientText}). The detail goes to the server log
 * under the same id.
 */
public final class HttpErrors {
    private HttpErrors() {}

    private static final Logger LOG = Logger.getLogger(HttpErrors.class.getName());
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final String REQUEST_ID = "emovox.requestId";
    private static final String DRAINED = "emovox.drained";

    public static int status(ErrorKind kind) {
        return switch (kind) {
            case EMPTY_INPUT, NOT_AUDIO, CORRUPT_INPUT, TOO_SHORT, SILENCE_ONLY, TOO_LONG -> 422;
            case UNSUPPORTED_FORMAT -> 415;
            case TOO_LARGE -> 413;
            case MODEL_NOT_FOUND, NOT_FOUND, HUB_NOT_FOUND -> 404;
            case INVALID_ARGUMENT -> 400;
            case MODEL_INVALID, INFERENCE_FAILED, IO_ERROR, NATIVE_LIBRARY -> 500;
            case STATE_LOCKED, PORT_IN_USE -> 503;
            // the server's own request to a model hub failed: a bad gateway, not the client's fault
            case HUB_UNREACHABLE, HUB_ACCESS_DENIED, CHECKSUM_MISMATCH -> 502;
        };
    }

    public static ApiError of(EmovoxException e) {
        return new ApiError(status(e.kind()), e.kind().code(), e.getMessage());
    }

    /** The request's id: made on first use and sent as the {@code X-Request-Id} header. */
    public static String requestId(Context ctx) {
        String id = ctx.attribute(REQUEST_ID);
        if (id == null) {
            id = Secrets.random(9);
            ctx.attribute(REQUEST_ID, id);
            ctx.header(REQUEST_ID_HEADER, id);
        }
        return id;
    }

    /** Writes the error body for any exception that reached the router. */
    public static void write(Context ctx, Exception e) {
        respond(ctx, toApiError(ctx, e));
    }

    /** The client's view of a failure; anything unexpected is logged here with the request id. */
    static ApiError toApiError(Context ctx, Exception e) {
        String id = requestId(ctx);
        if (e instanceof ApiError a) {
            return a;
        }
        if (DiskSpace.isDiskFull(e)) {
            LOG.warning("[" + id + "] " + ctx.method() + " " + ctx.path() + ": disk full: " + e.getMessage());
            return ApiError.diskFull();
        }
        if (e instanceof EmovoxException ee) {
            ApiError err = of(ee);
            if (err.status() >= 500) {
                LOG.log(Level.SEVERE, "[" + id + "] " + ctx.method() + " " + ctx.path() + ": " + ee.getMessage(), ee);
                return new ApiError(err.status(), err.code(), "The server could not complete the request; its log "
                        + "has the details under request id " + id + ".");
            }
            return err;
        }
        if (isMultipartLimit(e)) {
            return new ApiError(413, "too_large", "The request is larger than the server's upload limit.");
        }
        if (e instanceof HttpResponseException h) {
            return switch (h.getStatus()) {
                case 404 -> ApiError.noRoute(ctx.method().name());
                case 405 -> ApiError.methodNotAllowed(ctx.method().name(), String.join(", ", h.getDetails().values()));
                case 413 -> new ApiError(413, "too_large", "The request body is larger than this route accepts.");
                default -> h.getStatus() < 500 ? new ApiError(h.getStatus(), "invalid_request", "The request was refused.")
                        : internal(ctx, id, e);
            };
        }
        return internal(ctx, id, e);
    }

    private static ApiError internal(Context ctx, String id, Exception e) {
        LOG.log(Level.SEVERE, "[" + id + "] Internal error on " + ctx.method() + " " + ctx.path(), e);
        return new ApiError(500, "internal", "Internal server error; the server log has the details under request id "
                + id + ".");
    }

    /** Sends an error (status, headers, body); a request body still arriving is drained first, once. */
    public static void respond(Context ctx, ApiError err) {
        String id = requestId(ctx);
        if (err.status() == 429) {
            ctx.header("Retry-After", "60");
        } else if (err.status() == 503) {
            ctx.header("Retry-After", "10");
        }
        if (err.allow() != null) {
            ctx.header("Allow", err.allow());
        }
        if (unreadBody(ctx)) {
            // A refused request's body may be unread (a 401 comes before any handler reads it).
            // Answering and closing while the client still sends makes its TCP stack discard the
            // answer: read the body first (bounded), and do not keep the connection.
            UploadReceiver.drain(ctx);
            ctx.header("Connection", "close");
        }
        ctx.status(err.status()).json(body(err.code(), err.getMessage(), id));
    }

    private static boolean unreadBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    /** Drains at most once per request: a second wait on a silent client would double the delay. */
    static boolean firstDrain(Context ctx) {
        if (ctx.attribute(DRAINED) != null) {
            return false;
        }
        ctx.attribute(DRAINED, Boolean.TRUE);
        return true;
    }

    public static Map<String, Object> body(String code, String message, String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", ClientText.of(message == null ? code : message));
        if (requestId != null) {
            error.put("request_id", requestId);
        }
        return Map.of("error", error);
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
