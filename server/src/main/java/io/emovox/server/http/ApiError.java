package io.emovox.server.http;

import io.emovox.Sizes;

/**
 * An HTTP error with its status and a stable machine-readable code; rendered by {@link HttpErrors}
 * as {@code {"error": {"code": ..., "message": ...}}}.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
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
                + "; send a shorter or compressed recording.");
    }
}
