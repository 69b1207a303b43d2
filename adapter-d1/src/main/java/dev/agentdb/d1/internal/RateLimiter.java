package dev.agentdb.d1.internal;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * A client-side limit of API requests per window (Cloudflare's global API limit is 1,200 requests per 5
 * minutes per user): {@link #acquire()} returns at once while fewer than {@code permits} requests were made in
 * the last {@code windowMs}, and otherwise waits until the oldest of them leaves the window (a sliding window,
 * so a burst never exceeds the limit in any window). A limit of 0 turns it off. Thread-safe (fair enough: callers
 * queue on the monitor).
 */
public final class RateLimiter {
    private final int permits;
    private final long windowNanos;
    private final LongSupplier clock;
    private final ArrayDeque<Long> sent = new ArrayDeque<>();

    /**
     * @param permits requests allowed per window; 0 for no limit
     * @param windowMs the window, in ms, 1 or more
     * @param clock nanosecond clock ({@link System#nanoTime} outside tests)
     */
    public RateLimiter(int permits, long windowMs, LongSupplier clock) {
        this.permits = permits;
        this.windowNanos = windowMs * 1_000_000L;
        this.clock = clock;
    }

    /**
     * Waits until a request may be sent, and counts it.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public synchronized void acquire() throws InterruptedException {
        if (permits <= 0) {
            return;
        }
        while (true) {
            long now = clock.getAsLong();
            while (!sent.isEmpty() && now - sent.peekFirst() >= windowNanos) {
                sent.pollFirst();
            }
            if (sent.size() < permits) {
                sent.addLast(now);
                return;
            }
            long waitNanos = windowNanos - (now - sent.peekFirst());
            wait(Math.max(1, waitNanos / 1_000_000L), 0);
        }
    }

    /**
     * @return how long {@link #acquire()} would wait now, in ms (0 when a request may go at once)
     */
    public synchronized long waitMs() {
        if (permits <= 0) {
            return 0;
        }
        long now = clock.getAsLong();
        while (!sent.isEmpty() && now - sent.peekFirst() >= windowNanos) {
            sent.pollFirst();
        }
        return sent.size() < permits ? 0 : Math.max(1, (windowNanos - (now - sent.peekFirst())) / 1_000_000L);
    }
}
