package dev.agentdb.d1;

import dev.agentdb.d1.internal.RateLimiter;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {
    @Test
    void should_allow_permits_per_sliding_window_then_ask_to_wait_for_the_oldest() throws Exception {
        AtomicLong nanos = new AtomicLong();
        RateLimiter limiter = new RateLimiter(2, 1_000, nanos::get);
        limiter.acquire();
        nanos.addAndGet(400_000_000L);
        limiter.acquire();
        assertThat(limiter.waitMs()).isEqualTo(600);
        nanos.addAndGet(600_000_000L);
        assertThat(limiter.waitMs()).isZero();
        limiter.acquire();
        assertThat(limiter.waitMs()).isEqualTo(400);
    }

    @Test
    void should_never_wait_when_off() throws Exception {
        RateLimiter off = new RateLimiter(0, 1_000, () -> 0L);
        for (int i = 0; i < 10_000; i++) {
            off.acquire();
        }
        assertThat(off.waitMs()).isZero();
    }
}
