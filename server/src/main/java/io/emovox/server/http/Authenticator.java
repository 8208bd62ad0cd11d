package io.emovox.server.http;

import io.emovox.server.auth.AuthStore;
import io.emovox.server.auth.Principal;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Runs before every route. Everything needs a principal except the health check, the login call
 * and the web UI's static shell (which holds no data). A bearer token wins over a cookie; a bad
 * bearer token is refused even when a cookie is present. Cookie-authenticated requests that
 * change state must echo the session's CSRF token in {@code X-CSRF-Token} (the cookie is also
 * SameSite=Strict). Each principal has its own rate-limit bucket.
 */
public final class Authenticator {
    public static final String SESSION_COOKIE = "emovox_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String PRINCIPAL = "emovox.principal";

    private final AuthStore auth;
    private final RateLimiter rate;

    public Authenticator(AuthStore auth, RateLimiter rate) {
        this.auth = auth;
        this.rate = rate;
    }

    public static boolean isPublic(Context ctx) {
        String p = ctx.path();
        HandlerType m = ctx.method();
        boolean read = m == HandlerType.GET || m == HandlerType.HEAD;
        return (read && (p.equals("/") || p.equals("/index.html") || p.startsWith("/assets/") || p.equals("/healthz")))
                || (m == HandlerType.POST && p.equals("/api/v1/login"));
    }

    public void check(Context ctx) {
        if (isPublic(ctx)) {
            return;
        }
        Principal p = identify(ctx).orElseThrow(ApiError::unauthorized);
        if (p.session() && changesState(ctx.method()) && !csrfMatches(ctx.header(CSRF_HEADER), p.csrf())) {
            throw new ApiError(403, "csrf", "Missing or wrong " + CSRF_HEADER + " header for a browser session.");
        }
        if (!rate.tryAcquire(p.id())) {
            throw new ApiError(429, "rate_limited",
                    "Too many requests for this token; slow down and retry in a minute.");
        }
        ctx.attribute(PRINCIPAL, p);
    }

    private Optional<Principal> identify(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Optional.empty();
            }
            return auth.authenticateToken(header.substring(7).strip());
        }
        return auth.authenticateSession(ctx.cookie(SESSION_COOKIE));
    }

    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw ApiError.unauthorized();
        }
        return p;
    }

    private static boolean changesState(HandlerType m) {
        return m != HandlerType.GET && m != HandlerType.HEAD && m != HandlerType.OPTIONS;
    }

    private static boolean csrfMatches(String sent, String expected) {
        return sent != null && expected != null && MessageDigest.isEqual(
                sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
