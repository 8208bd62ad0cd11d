package io.emovox.server.auth;

/**
 * Who made a request.
 *
 * @param id      token id or session id (the rate-limit key)
 * @param name    token name or user name, for display and job ownership
 * @param session true for a browser session (state-changing requests then need the CSRF token)
 * @param csrf    the session's CSRF token, or null for API tokens
 */
public record Principal(String id, String name, boolean session, String csrf) {
}
