package dev.agentdb.cli.bench;

import java.util.Arrays;

/**
 * Latency percentiles by the nearest-rank method over per-query wall times.
 *
 * @param count number of samples
 * @param meanMs mean, in milliseconds
 * @param p50Ms median, in milliseconds
 * @param p99Ms 99th percentile, in milliseconds
 * @param maxMs slowest, in milliseconds
 */
public record LatencyStats(int count, double meanMs, double p50Ms, double p99Ms, double maxMs) {

    /**
     * @param nanos per-query wall times in nanoseconds (not modified)
     * @return the statistics; all zero for no samples
     */
    public static LatencyStats of(long[] nanos) {
        if (nanos.length == 0) {
            return new LatencyStats(0, 0, 0, 0, 0);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long n : sorted) {
            sum += n;
        }
        return new LatencyStats(sorted.length, sum / sorted.length / 1e6, percentile(sorted, 50) / 1e6,
                percentile(sorted, 99) / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    /**
     * @param sorted samples in ascending order, at least one
     * @param p the percentile, 0 (exclusive) to 100
     * @return the smallest sample at or above p percent of the samples (nearest rank)
     */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
