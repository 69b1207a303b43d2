package dev.agentdb.cli.bench;

import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;

import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Measures one collection's approximate search against a {@link GroundTruth}: single-threaded
 * queries, one after another, each timed with {@link System#nanoTime()} around
 * {@link VectorCollection#search(SearchRequest)}.
 */
public final class AnnBenchmark {
    private final VectorCollection collection;
    private final float[][] queries;
    private final GroundTruth truth;
    private final int k;
    private final ToIntFunction<String> ordinalOf;

    /**
     * @param collection the collection holding the base set
     * @param queries the query vectors (as many as the ground truth has)
     * @param truth their exact neighbours
     * @param k neighbours per query, at most {@code truth.k()}
     * @param ordinalOf maps a result id to the base ordinal it was imported from (-1 when it is none)
     */
    public AnnBenchmark(VectorCollection collection, float[][] queries, GroundTruth truth, int k, ToIntFunction<String> ordinalOf) {
        this.collection = collection;
        this.queries = queries;
        this.truth = truth;
        this.k = k;
        this.ordinalOf = ordinalOf;
    }

    /**
     * Result for one efSearch.
     *
     * @param efSearch the candidate list size (null = the collection's default; 0 = exact scan)
     * @param recall mean recall@k over the queries
     * @param qps queries per second, single thread
     * @param latency per-query latency statistics
     */
    public record Run(Integer efSearch, double recall, double qps, LatencyStats latency) {
    }

    /**
     * Runs queries without measuring them, so the JIT compiles the search path first.
     *
     * @param count how many queries (cycled)
     * @param efSearch the efSearch to warm up with, or null for the default
     */
    public void warmUp(int count, Integer efSearch) {
        for (int i = 0; i < count; i++) {
            collection.search(request(queries[i % queries.length], efSearch, false));
        }
    }

    /**
     * Runs every query once.
     *
     * @param efSearch the efSearch, or null for the collection's default
     * @return recall, throughput and latency
     */
    public Run run(Integer efSearch) {
        return run(efSearch, false, queries.length);
    }

    /**
     * Runs the first {@code count} queries as exact scans (the baseline an index must beat).
     *
     * @param count how many queries
     * @return recall (1.0 when the backend's exact scan agrees with the harness) and latency
     */
    public Run runExact(int count) {
        return run(0, true, Math.min(count, queries.length));
    }

    private Run run(Integer efSearch, boolean exact, int count) {
        long[] nanos = new long[count];
        double recall = 0;
        long total = 0;
        for (int i = 0; i < count; i++) {
            SearchRequest request = request(queries[i], exact ? null : efSearch, exact);
            long t0 = System.nanoTime();
            List<SearchResult> results = collection.search(request);
            long t1 = System.nanoTime();
            nanos[i] = t1 - t0;
            total += nanos[i];
            int[] found = new int[results.size()];
            for (int j = 0; j < found.length; j++) {
                found[j] = ordinalOf.applyAsInt(results.get(j).id());
            }
            recall += truth.recall(i, found, k);
        }
        return new Run(efSearch, count == 0 ? 0 : recall / count, total == 0 ? 0 : count * 1e9 / total, LatencyStats.of(nanos));
    }

    private SearchRequest request(float[] query, Integer efSearch, boolean exact) {
        return SearchRequest.builder(query).k(k).efSearch(efSearch).exact(exact).build();
    }
}
