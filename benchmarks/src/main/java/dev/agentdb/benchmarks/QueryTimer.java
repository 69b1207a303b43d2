package dev.agentdb.benchmarks;

import java.sql.SQLException;
import java.util.Arrays;

/** Times one single-threaded pass of k-NN queries, for the benchmarks that compare AgentDB with bare JDBC. */
final class QueryTimer {
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
     * Runs every query once untimed (warm-up), then once timed.
     *
     * @param queries the query vectors
     * @param query what one query does
     * @return {queries per second, p50 latency in ms} of the timed pass
     * @throws SQLException from the query
     */
    static double[] time(float[][] queries, Query query) throws SQLException {
        for (float[] q : queries) {
            query.run(q);
        }
        long[] nanos = new long[queries.length];
        long start = System.nanoTime();
        for (int i = 0; i < queries.length; i++) {
            long t = System.nanoTime();
            query.run(queries[i]);
            nanos[i] = System.nanoTime() - t;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        return new double[] {queries.length / seconds, nanos[nanos.length / 2] / 1e6};
    }
}
