package io.emovox.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emovox.server.auth.Secrets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.logging.Logger;

/**
 * Jetty's own errors — a request it refuses before any route sees it (a path that climbs above
 * the root, a malformed header, an oversized URI) — as the same JSON body as every other error,
 * with a request id, instead of Jetty's HTML page.
 */
public final class JsonErrorHandler extends ErrorHandler {
    private static final Logger LOG = Logger.getLogger(JsonErrorHandler.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) {
        String id = Secrets.random(9);
        LOG.fine("[" + id + "] refused by Jetty: " + status + " " + message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpErrors.REQUEST_ID_HEADER, id);
        response.write(true, ByteBuffer.wrap(body(status, id)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        String id = Secrets.random(9);
        LOG.fine("[" + id + "] malformed request: " + status + " " + reason);
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put(HttpErrors.REQUEST_ID_HEADER, id);
        return ByteBuffer.wrap(body(status, id));
    }

    private static byte[] body(int status, String id) {
        String code;
        String message;
        switch (status) {
            case 400 -> {
                code = "bad_request";
                message = "The request could not be read: its path, headers or body are malformed.";
            }
            case 404 -> {
                code = "not_found";
                message = "No such route.";
            }
            case 413, 431 -> {
                code = "too_large";
                message = "The request's headers or body are larger than the server accepts.";
            }
            case 414 -> {
                code = "uri_too_long";
                message = "The request's URI is longer than the server accepts.";
            }
            default -> {
                code = status >= 500 ? "internal" : "http_" + status;
                message = status >= 500 ? "Internal server error; the server log has the details under request id "
                        + id + "." : "The request was refused (HTTP " + status + ").";
            }
        }
        try {
            return JSON.writeValueAsBytes(HttpErrors.body(code, message, id));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an error body.", e);
        }
    }
}
