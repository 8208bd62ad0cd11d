package io.emovox.server.http;

import io.javalin.http.Context;

import java.util.Map;

/** Request bodies that are small JSON objects (login, tokens, model management). */
final class JsonBodies {
    private JsonBodies() {}

    /** The body as a JSON object; anything else (not JSON, null, an array, too large) is a 400. */
    static Map<?, ?> object(Context ctx, String expected) {
        try {
            if (ctx.bodyAsClass(Object.class) instanceof Map<?, ?> m) {
                return m;
            }
        } catch (Exception e) { // Jackson's parse errors are checked exceptions, thrown through Kotlin
            // not JSON, or over the body limit
        }
        throw ApiError.badRequest(expected);
    }
}
