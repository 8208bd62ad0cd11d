package io.emovox.server.auth;

/** An API token as listed (the secret is never stored, only its digest). */
public record ApiToken(String id, String name, long createdAt, Long lastUsedAt, Long revokedAt) {
    public boolean active() {
        return revokedAt == null;
    }
}
