package io.emovox.server.http;

import io.emovox.server.auth.ApiToken;
import io.emovox.server.auth.AuthStore;
import io.emovox.server.auth.Principal;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Login, logout, the current session, and API token management for the logged-in admin. */
public final class SessionController {
    private final AuthStore auth;
    private final RateLimiter loginRate;
    private final boolean secureCookies;

    public SessionController(AuthStore auth, boolean secureCookies) {
        this.auth = auth;
        this.secureCookies = secureCookies;
        this.loginRate = new RateLimiter(10);
    }

    public void login(Context ctx) {
        if (!loginRate.tryAcquire(ctx.ip())) {
            throw new ApiError(429, "rate_limited", "Too many login attempts; wait a minute.");
        }
        Map<?, ?> body = JsonBodies.object(ctx, "Send JSON {\"username\": ..., \"password\": ...}.");
        Object user = body.get("username");
        Object pass = body.get("password");
        if (!(user instanceof String u) || !(pass instanceof String pw) || !auth.checkPassword(u, pw)) {
            throw new ApiError(401, "bad_credentials", "Wrong user name or password.");
        }
        AuthStore.NewSession s = auth.createSession(u);
        ctx.header("Set-Cookie", Authenticator.SESSION_COOKIE + "=" + s.cookieValue() + "; Path=/; HttpOnly; "
                + "SameSite=Strict; Max-Age=" + s.lifetime().toSeconds() + (secureCookies ? "; Secure" : ""));
        ctx.json(Map.of("username", u, "csrf", s.csrf()));
    }

    public void logout(Context ctx) {
        auth.deleteSession(Authenticator.principal(ctx).id());
        ctx.header("Set-Cookie", Authenticator.SESSION_COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
                + (secureCookies ? "; Secure" : ""));
        ctx.status(204);
    }

    public void session(Context ctx) {
        Principal p = Authenticator.principal(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", p.name());
        out.put("kind", p.session() ? "session" : "token");
        out.put("admin", p.admin());
        if (p.session()) {
            out.put("csrf", p.csrf());
        }
        ctx.json(out);
    }

    public void listTokens(Context ctx) {
        requireSession(ctx);
        List<Map<String, Object>> out = auth.listTokens().stream().map(SessionController::tokenJson).toList();
        ctx.json(Map.of("tokens", out));
    }

    public void createToken(Context ctx) {
        requireSession(ctx);
        Map<?, ?> body = JsonBodies.object(ctx, "Send JSON {\"name\": ..., \"admin\": false}.");
        if (!(body.get("name") instanceof String name) || name.isBlank() || name.length() > 64) {
            throw ApiError.badRequest("A token needs a name of 1 to 64 characters.");
        }
        Object admin = body.get("admin");
        if (admin != null && !(admin instanceof Boolean)) {
            throw ApiError.badRequest("'admin' is true or false.");
        }
        boolean isAdmin = Boolean.TRUE.equals(admin);
        String token = auth.createToken(name, isAdmin);
        ctx.status(201).json(Map.of("name", name.strip(), "token", token, "admin", isAdmin));
    }

    public void revokeToken(Context ctx) {
        requireSession(ctx);
        String id = ctx.pathParam("id");
        if (!id.matches("[0-9a-f]{16}")) {
            throw ApiError.notFound("Token " + id);
        }
        if (auth.revokeToken(id) == 0) {
            throw ApiError.notFound("Token " + id);
        }
        ctx.status(204);
    }

    private static void requireSession(Context ctx) {
        if (!Authenticator.principal(ctx).session()) {
            throw new ApiError(403, "forbidden",
                    "Tokens are managed by the admin in the web UI or with 'emovox token'.");
        }
    }

    private static Map<String, Object> tokenJson(ApiToken t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("created_at", JobJson.iso(t.createdAt()));
        m.put("last_used_at", JobJson.iso(t.lastUsedAt()));
        m.put("revoked_at", JobJson.iso(t.revokedAt()));
        m.put("active", t.active());
        m.put("admin", t.admin());
        return m;
    }
}
