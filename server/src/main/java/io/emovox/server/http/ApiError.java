package io.emovox.server.http;

import io.emovox.Sizes;

/**
 * An HTTP error with its status and a stable machine-readable code; rendered by {@link HttpErrors}
 * as {@code {"error": {"code": ..., "message": ...}}}.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String allow;

    public ApiError(int status, String code, String message) {
        this(status, code, message, null);
    }

    private ApiError(int status, String code, String message, String allow) {
        super(message);
        this.status = status;
        this.code = code;
        this.allow = allow;
    }

    /** The methods a 405 names in its {@code Allow} header, else null. */
    public String allow() {
        return allow;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiError unauthorized() {
        return new ApiError(401, "unauthorized",
                "Authentication required: send 'Authorization: Bearer TOKEN' or log in.");
    }

    public static ApiError notFound(String what) {
        return new ApiError(404, "not_found", what + " was not found.");
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "invalid_argument", message);
    }

    public static ApiError tooLarge(long limit) {
        return new ApiError(413, "too_large", "The upload is larger than the limit of " + Sizes.human(limit)
                + " for one request; send a shorter or compressed recording (a batch's files count together).");
    }

    /** An unknown route. The path is not echoed: the client knows it, and a message is no place for it. */
    public static ApiError noRoute(String method) {
        return new ApiError(404, "not_found", "No route answers " + method + " on this path; the API is under /api/v1 "
                + "(see /api/openapi.json).");
    }

    public static ApiError methodNotAllowed(String method, String allow) {
        return new ApiError(405, "method_not_allowed", method + " is not allowed on this path; use " + allow + ".",
                allow);
    }

    public static ApiError diskFull() {
        return new ApiError(507, "disk_full", "The server's disk is full, so it cannot take uploads now; nothing was "
                + "kept. Retry later (the administrator frees space or deletes old jobs).");
    }
}
