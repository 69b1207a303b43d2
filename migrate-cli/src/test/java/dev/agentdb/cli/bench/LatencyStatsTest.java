package dev.agentdb.cli.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyStatsTest {
    @Test
    void should_take_nearest_rank_percentiles_in_milliseconds() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms, unsorted
        }
        LatencyStats s = LatencyStats.of(nanos);
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50Ms()).isEqualTo(50.0);
        assertThat(s.p99Ms()).isEqualTo(99.0);
        assertThat(s.maxMs()).isEqualTo(100.0);
        assertThat(s.meanMs()).isEqualTo(50.5);
        assertThat(nanos[0]).isEqualTo(100_000_000L);
    }

    @Test
    void should_handle_one_and_no_samples() {
        assertThat(LatencyStats.of(new long[] {2_500_000}).p99Ms()).isEqualTo(2.5);
        assertThat(LatencyStats.of(new long[0]).count()).isZero();
    }
}
