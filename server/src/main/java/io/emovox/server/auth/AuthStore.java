package io.emovox.server.auth;

import io.emovox.server.db.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Users, API tokens and sessions in the server database. A token reads {@code evx_ID_SECRET} and
 * a session cookie {@code ID.SECRET}: the id finds the row, the secret's SHA-256 is compared in
 * constant time. Tokens made by {@code emovox token create} work at once in a running server,
 * because every request looks the token up in the shared database; for the same reason a
 * session ends at once when its row goes ({@code token reset-admin} deletes the admin's). A
 * request never fails for want of a write: the "last used" time of a token is recorded at most
 * once a minute, and only when the disk allows.
 */
public final class AuthStore {
    public static final String ADMIN = "admin";
    static final String TOKEN_PREFIX = "evx_";
    private static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    private static final long LAST_USED_RESOLUTION_MS = 60_000;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(AuthStore.class.getName());
    /** Checked against when the user name is unknown, so that a miss costs one PBKDF2 like a hit. */
    private static final String DUMMY_HASH = PasswordHasher.hash(Secrets.random(15));

    private final Database db;

    public AuthStore(Database db) {
        this.db = db;
    }

    /**
     * Creates the admin login if there is none yet.
     *
     * @return the new password (to be shown once), or empty when the admin already existed
     */
    public Optional<String> ensureAdmin() {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM users WHERE username = ?")) {
                p.setString(1, ADMIN);
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        return Optional.empty();
                    }
                }
            }
            String password = Secrets.random(15);
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO users(username, password_hash, created_at) VALUES (?, ?, ?)")) {
                p.setString(1, ADMIN);
                p.setString(2, PasswordHasher.hash(password));
                p.setLong(3, System.currentTimeMillis());
                p.executeUpdate();
            }
            return Optional.of(password);
        });
    }

    /**
     * Sets a new admin password (for {@code emovox token reset-admin}) and ends every admin
     * session in the same transaction: a running server checks sessions in the database on each
     * request, so the old ones stop working at once.
     *
     * @return the new password
     */
    public String resetAdminPassword() {
        String password = Secrets.random(15);
        String hash = PasswordHasher.hash(password);
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO users(username, password_hash, created_at) VALUES (?, ?, ?) "
                            + "ON CONFLICT(username) DO UPDATE SET password_hash = excluded.password_hash")) {
                p.setString(1, ADMIN);
                p.setString(2, hash);
                p.setLong(3, System.currentTimeMillis());
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM sessions WHERE username = ?")) {
                p.setString(1, ADMIN);
                return p.executeUpdate();
            }
        });
        return password;
    }

    public boolean checkPassword(String username, String password) {
        String stored = db.with(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT password_hash FROM users WHERE username = ?")) {
                p.setString(1, username);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }
        });
        // An unknown user costs one PBKDF2 too, so that user names cannot be probed by timing.
        boolean ok = PasswordHasher.verify(password, stored != null ? stored : DUMMY_HASH);
        return stored != null && ok;
    }

    /** Creates an API token with the user role; the returned string is the only copy of its secret. */
    public String createToken(String name) {
        return createToken(name, false);
    }

    /**
     * Creates an API token; the returned string is the only copy of its secret.
     *
     * @param admin the admin role: the token sees and manages every job, not only its own
     */
    public String createToken(String name, boolean admin) {
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("A token needs a name of 1 to 64 characters.");
        }
        String id = Secrets.randomHexId().substring(0, 16);
        String secret = Secrets.random(32);
        db.with(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO api_tokens(id, name, secret_hash, created_at, role) VALUES (?, ?, ?, ?, ?)")) {
                p.setString(1, id);
                p.setString(2, name.strip());
                p.setString(3, Secrets.sha256(secret));
                p.setLong(4, System.currentTimeMillis());
                p.setString(5, admin ? "admin" : "user");
                return p.executeUpdate();
            }
        });
        return TOKEN_PREFIX + id + "_" + secret;
    }

    /** Revokes a token by id or by name; returns how many were revoked. */
    public int revokeToken(String idOrName) {
        return db.with(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE api_tokens SET revoked_at = ? WHERE (id = ? OR name = ?) AND revoked_at IS NULL")) {
                p.setLong(1, System.currentTimeMillis());
                p.setString(2, idOrName);
                p.setString(3, idOrName);
                return p.executeUpdate();
            }
        });
    }

    public List<ApiToken> listTokens() {
        return db.with(c -> {
            List<ApiToken> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id, name, created_at, last_used_at, revoked_at, role FROM api_tokens ORDER BY created_at");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new ApiToken(r.getString(1), r.getString(2), r.getLong(3),
                            longOrNull(r, 4), longOrNull(r, 5), "admin".equals(r.getString(6))));
                }
            }
            return out;
        });
    }

    private static Long longOrNull(ResultSet r, int i) throws java.sql.SQLException {
        long v = r.getLong(i);
        return r.wasNull() ? null : v;
    }

    /** The principal for a bearer token, if it is well formed, known and not revoked. */
    public Optional<Principal> authenticateToken(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        String rest = token.substring(TOKEN_PREFIX.length());
        int sep = rest.indexOf('_');
        if (sep <= 0) {
            return Optional.empty();
        }
        String id = rest.substring(0, sep);
        String digest = Secrets.sha256(rest.substring(sep + 1));
        long now = System.currentTimeMillis();
        record Found(Principal principal, boolean lastUsedDue) {}
        Optional<Found> found = db.with(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT name, secret_hash, role, last_used_at FROM api_tokens"
                            + " WHERE id = ? AND revoked_at IS NULL")) {
                p.setString(1, id);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next() || !Secrets.sameDigest(r.getString(2), digest)) {
                        return Optional.empty();
                    }
                    Long lastUsed = longOrNull(r, 4);
                    return Optional.of(new Found(new Principal("token:" + id, r.getString(1), false, null,
                            "admin".equals(r.getString(3))),
                                    lastUsed == null || now - lastUsed >= LAST_USED_RESOLUTION_MS));
                }
            }
        });
        found.filter(Found::lastUsedDue).ifPresent(f -> recordLastUsed(id, now));
        return found.map(Found::principal);
    }

    /** Best effort: a full disk or a busy database must not fail the request that used the token. */
    private void recordLastUsed(String id, long now) {
        try {
            db.with(c -> {
                try (PreparedStatement p = c.prepareStatement("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")) {
                    p.setLong(1, now);
                    p.setString(2, id);
                    return p.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            LOG.fine("Could not record when token " + id + " was last used: " + e.getMessage());
        }
    }

    /** A new session for a user who just logged in: the cookie value and its CSRF token. */
    public record NewSession(String cookieValue, String csrf, Duration lifetime) {}

    public NewSession createSession(String username) {
        String id = Secrets.randomHexId();
        String secret = Secrets.random(32);
        String csrf = Secrets.random(24);
        long now = System.currentTimeMillis();
        db.with(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM sessions WHERE expires_at < ?")) {
                p.setLong(1, now);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO sessions(id, secret_hash, csrf, username, "
                    + "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                p.setString(1, id);
                p.setString(2, Secrets.sha256(secret));
                p.setString(3, csrf);
                p.setString(4, username);
                p.setLong(5, now);
                p.setLong(6, now + SESSION_LIFETIME.toMillis());
                return p.executeUpdate();
            }
        });
        return new NewSession(id + "." + secret, csrf, SESSION_LIFETIME);
    }

    public Optional<Principal> authenticateSession(String cookieValue) {
        if (cookieValue == null) {
            return Optional.empty();
        }
        int sep = cookieValue.indexOf('.');
        if (sep <= 0) {
            return Optional.empty();
        }
        String id = cookieValue.substring(0, sep);
        String digest = Secrets.sha256(cookieValue.substring(sep + 1));
        return db.with(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT secret_hash, csrf, username FROM sessions WHERE id = ? AND expires_at > ?")) {
                p.setString(1, id);
                p.setLong(2, System.currentTimeMillis());
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next() || !Secrets.sameDigest(r.getString(1), digest)) {
                        return Optional.empty();
                    }
                    String user = r.getString(3);
                    return Optional.of(new Principal("session:" + id, user, true, r.getString(2), ADMIN.equals(user)));
                }
            }
        });
    }

    public void deleteSession(String principalId) {
        if (!principalId.startsWith("session:")) {
            return;
        }
        db.with(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM sessions WHERE id = ?")) {
                p.setString(1, principalId.substring("session:".length()));
                return p.executeUpdate();
            }
        });
    }
}
