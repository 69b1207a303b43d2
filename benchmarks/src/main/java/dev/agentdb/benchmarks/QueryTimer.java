package dev.agentdb.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.SQLException;
import java.util.Arrays;

/** Times single-threaded passes of k-NN queries, for the benchmarks that compare AgentDB with bare JDBC. */
final class QueryTimer {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private QueryTimer() {
    }

    /** One query, through AgentDB or bare JDBC. */
    interface Query {
        /**
         * @param q the query vector
         * @throws SQLException from a bare JDBC query
         */
        void run(float[] q) throws SQLException;
    }

    /**
     * One timed pass.
     *
     * @param qps queries per second (wall clock)
     * @param p50Ms the median latency, ms
     * @param cpuMicros the calling thread's CPU time per query, µs (the client's own work: driver and
     *        AgentDB, not the server's), or NaN where the JVM cannot measure thread CPU time
     */
    record Pass(double qps, double p50Ms, double cpuMicros) {
    }

    /**
     * Runs every query once untimed (warm-up), then once timed.
     *
     * @param queries the query vectors
     * @param query what one query does
     * @return {queries per second, p50 latency in ms} of the timed pass
     * @throws SQLException from the query
     */
    static double[] time(float[][] queries, Query query) throws SQLException {
        run(queries, query);
        Pass pass = pass(queries, query);
        return new double[] {pass.qps(), pass.p50Ms()};
    }

    /**
     * Runs every query once, untimed.
     *
     * @param queries the query vectors
     * @param query what one query does
     * @throws SQLException from the query
     */
    static void run(float[][] queries, Query query) throws SQLException {
        for (float[] q : queries) {
            query.run(q);
        }
    }

    /**
     * Runs every query once, timed (no warm-up: the caller warms up).
     *
     * @param queries the query vectors
     * @param query what one query does
     * @return the pass's figures
     * @throws SQLException from the query
     */
    static Pass pass(float[][] queries, Query query) throws SQLException {
        long[] nanos = new long[queries.length];
        boolean cpu = THREADS.isCurrentThreadCpuTimeSupported();
        long cpuStart = cpu ? THREADS.getCurrentThreadCpuTime() : 0;
        long start = System.nanoTime();
        for (int i = 0; i < queries.length; i++) {
            long t = System.nanoTime();
            query.run(queries[i]);
            nanos[i] = System.nanoTime() - t;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMicros = cpu ? (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e3 / queries.length : Double.NaN;
        Arrays.sort(nanos);
        return new Pass(queries.length / seconds, nanos[nanos.length / 2] / 1e6, cpuMicros);
    }

    /**
     * Times several ways of running the same queries in alternating rounds: in round r the paths run
     * in turn starting with path r mod n, so that none always runs first (after the others warmed the
     * server's caches) or always last, and each round's paths see the same state of a shared machine.
     * Compare paths by the median of their per-round ratios ({@link #medianRatio}): a paired
     * comparison, steadier than a ratio of medians when the machine's speed drifts.
     *
     * @param queries the query vectors
     * @param rounds the rounds, at least 1
     * @param paths the ways to run a query
     * @return {@code [path][round]} passes
     * @throws SQLException from a query
     */
    static Pass[][] rounds(float[][] queries, int rounds, Query... paths) throws SQLException {
        Pass[][] out = new Pass[paths.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < paths.length; i++) {
                int p = (r + i) % paths.length;
                out[p][r] = pass(queries, paths[p]);
            }
        }
        return out;
    }

    /** @return the pass with the median queries per second */
    static Pass median(Pass[] passes) {
        Pass[] sorted = passes.clone();
        Arrays.sort(sorted, (x, y) -> Double.compare(x.qps(), y.qps()));
        return sorted[sorted.length / 2];
    }

    /**
     * @param a one path's passes
     * @param b another path's passes of the same rounds
     * @return the median over rounds of a's time per query over b's (above 1: a is slower)
     */
    static double medianRatio(Pass[] a, Pass[] b) {
        double[] ratios = new double[a.length];
        for (int r = 0; r < a.length; r++) {
            ratios[r] = b[r].qps() / a[r].qps();
        }
        Arrays.sort(ratios);
        return ratios.length % 2 == 1 ? ratios[ratios.length / 2] : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
    }
}
