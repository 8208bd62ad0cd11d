package io.emovox.server.auth;

/**
 * Who made a request.
 *
 * @param id      token id or session id, prefixed "token:" or "session:" (the rate-limit key)
 * @param name    token name or user name, for display
 * @param session true for a browser session (state-changing requests then need the CSRF token)
 * @param csrf    the session's CSRF token, or null for API tokens
 * @param admin   the admin login, or a token created with the admin role: sees every job
 */
public record Principal(String id, String name, boolean session, String csrf, boolean admin) {

    /**
     * The owner this principal gives the jobs it creates: "user:NAME" for a login (every
     * session of one user shares its jobs), "token:ID" for an API token.
     */
    public String ownerId() {
        return session ? "user:" + name : id;
    }
}
