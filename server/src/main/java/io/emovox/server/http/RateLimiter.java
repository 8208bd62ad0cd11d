package io.emovox.server.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (API token or session): {@code perMinute} requests may come in a burst,
 * then they refill evenly over the minute.
 */
public final class RateLimiter {
    private final double capacity;
    private final double refillPerNano;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int perMinute) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("The rate limit must be at least 1 per minute, got " + perMinute + ".");
        }
        this.capacity = perMinute;
        this.refillPerNano = perMinute / 60e9;
    }

    /** Past this many keys (login attempts come from many addresses), refilled buckets are dropped. */
    private static final int MAX_KEYS = 10_000;

    private void evictRefilled() {
        long now = System.nanoTime();
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().tokens + (now - e.getValue().last) * refillPerNano >= capacity;
            }
        });
    }

    private static final class Bucket {
        double tokens;
        long last;
    }

    /** Takes one request from the key's bucket; false when it is empty (HTTP 429). */
    public boolean tryAcquire(String key) {
        if (buckets.size() > MAX_KEYS) {
            evictRefilled();
        }
        Bucket b = buckets.computeIfAbsent(key, k -> {
            Bucket n = new Bucket();
            n.tokens = capacity;
            n.last = System.nanoTime();
            return n;
        });
        synchronized (b) {
            long now = System.nanoTime();
            b.tokens = Math.min(capacity, b.tokens + (now - b.last) * refillPerNano);
            b.last = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
