package io.emovox.server.auth;

/**
 * The one rule for who may see and change a job: its owner, or an admin (the admin login, or a
 * token created with the admin role). Every job route asks this; someone else's job answers as if
 * it did not exist, so job ids do not leak.
 */
public final class JobAccess {
    private JobAccess() {}

    /** True when {@code p} may read, follow, download, pin or delete a job owned by {@code ownerId}. */
    public static boolean allows(Principal p, String ownerId) {
        return p.admin() || p.ownerId().equals(ownerId);
    }

    /** The owner a job list is restricted to for {@code p}, or null when it sees every job. */
    public static String listedOwner(Principal p) {
        return p.admin() ? null : p.ownerId();
    }
}
