package io.emovox.server.auth;

/**
 * An API token as listed (the secret is never stored, only its digest).
 *
 * @param admin created with the admin role: sees and manages every job, not only its own
 */
public record ApiToken(String id, String name, long createdAt, Long lastUsedAt, Long revokedAt, boolean admin) {
    public boolean active() {
        return revokedAt == null;
    }
}
