package dev.agentdb.benchmarks;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The PostgreSQL adapter's hot paths through the public API, to compare builds of the adapter (e.g.
 * before and after a refactoring of its plumbing): {@code insertBatch} of 1,000-row batches into a
 * FLAT collection (binary COPY without index maintenance, so the adapter's own share of the time
 * shows) and into an HNSW collection (pgvector maintains the graph row by row), then k = 10
 * searches on the HNSW collection without a filter (index walk), with a selective filter (exact
 * scan of the matches) and with a broad filter (iterative index scan). Vectors are seeded random
 * numbers, the same on every run; the HNSW table is analysed after loading, so that the planner's
 * choices do not depend on when autovacuum last ran.
 *
 * <p>Run with a PostgreSQL + pgvector server and nothing else busy on the machine:
 * {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.agentdb.benchmarks.PostgresAdapterBenchmark AGENTDB_URL [rows] [dimension] [queries] [rounds]},
 * e.g. {@code postgresql://postgres@127.0.0.1:15432/agentdb?schema=bench_adapter}; defaults 20,000
 * rows of 128 dimensions, 2,000 queries, 5 rounds. It drops and recreates the collections
 * {@code bench_flat} and {@code bench_hnsw} of that schema. Prints, per round and as the median of
 * the rounds: insertBatch milliseconds per 1,000-row batch (median of the batches), and search
 * queries per second with p50 and p99 latency in milliseconds (one thread).
 */
public final class PostgresAdapterBenchmark {
    private static final int BATCH = 1_000;
    private static final int K = 10;
    /** Rows per "tag" value: a filter on one tag matches 1/TAGS of the rows (selective). */
    private static final int TAGS = 100;

    private PostgresAdapterBenchmark() {
    }

    /**
     * @param args {@code AGENTDB_URL [rows] [dimension] [queries] [rounds]}
     */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.out.println("usage: PostgresAdapterBenchmark AGENTDB_URL [rows] [dimension] [queries] [rounds]");
            return;
        }
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int dimension = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        int queries = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        List<VectorRecord> data = records(rows, dimension);
        float[][] probes = vectors(queries, dimension, 7);
        List<double[]> results = new ArrayList<>();
        try (AgentDB db = AgentDB.open(args[0])) {
            System.out.printf(Locale.ROOT, "%,d rows x %d dimensions, %,d queries, k=%d, %d rounds%n", rows, dimension, queries, K, rounds);
            System.out.println("round  flat insert ms/1k  hnsw insert ms/1k  search q/s p50 p99  selective q/s p50 p99  broad q/s p50 p99");
            for (int round = 1; round <= rounds; round++) {
                double[] r = round(db, data, dimension, probes);
                results.add(r);
                print(Integer.toString(round), r);
            }
        }
        print("median", median(results));
    }

    /**
     * One round on its own connection pool, for harnesses that alternate builds of the adapter in
     * one JVM (each build in its own class loader, so only JDK types cross this method).
     *
     * @param url the AgentDB URL (a schema of its own per build)
     * @param rows rows loaded into each collection
     * @param dimension vector dimension
     * @param queries queries per search kind
     * @return the figures of {@link #main}'s columns, in its order
     */
    public static double[] round(String url, int rows, int dimension, int queries) {
        try (AgentDB db = AgentDB.open(url)) {
            return round(db, records(rows, dimension), dimension, vectors(queries, dimension, 7));
        }
    }

    /**
     * @param rounds the figures of each round, all of the same length; at least one
     * @return per column, the median of the rounds (the upper one of an even count)
     */
    static double[] median(List<double[]> rounds) {
        double[] out = new double[rounds.get(0).length];
        for (int i = 0; i < out.length; i++) {
            double[] column = new double[rounds.size()];
            for (int j = 0; j < column.length; j++) {
                column[j] = rounds.get(j)[i];
            }
            Arrays.sort(column);
            out[i] = column[column.length / 2];
        }
        return out;
    }

    private static void print(String label, double[] r) {
        System.out.printf(Locale.ROOT, "%-6s %17.2f  %17.2f  %6.0f %5.3f %5.3f  %9.0f %5.3f %5.3f  %5.0f %5.3f %5.3f%n", label,
                r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10]);
    }

    /** @return {flat ms/batch, hnsw ms/batch, then q/s, p50, p99 for unfiltered, selective and broad searches} */
    private static double[] round(AgentDB db, List<VectorRecord> data, int dimension, float[][] probes) {
        db.dropCollection("bench_flat");
        db.dropCollection("bench_hnsw");
        VectorCollection flat = db.createCollection("bench_flat", new CollectionSpec(dimension, Metric.COSINE, IndexParams.flat()));
        VectorCollection hnsw = db.createCollection("bench_hnsw", CollectionSpec.of(dimension, Metric.COSINE));
        double flatMs = load(flat, data);
        double hnswMs = load(hnsw, data);
        // fresh statistics, so that every round (and every build compared) gets the same query plans
        db.executeRaw("ANALYZE bench_hnsw");
        double[] plain = search(hnsw, probes, null);
        double[] selective = search(hnsw, probes, Filter.eq("tag", 3L));
        double[] broad = search(hnsw, probes, Filter.ne("tag", 3L));
        return new double[] {flatMs, hnswMs, plain[0], plain[1], plain[2], selective[0], selective[1], selective[2],
            broad[0], broad[1], broad[2]};
    }

    /** @return the median milliseconds of one insertBatch of {@value #BATCH} rows */
    private static double load(VectorCollection c, List<VectorRecord> data) {
        List<Double> ms = new ArrayList<>();
        for (int from = 0; from < data.size(); from += BATCH) {
            List<VectorRecord> batch = data.subList(from, Math.min(data.size(), from + BATCH));
            long t = System.nanoTime();
            c.insertBatch(batch);
            ms.add((System.nanoTime() - t) / 1e6);
        }
        ms.sort(null);
        return ms.get(ms.size() / 2);
    }

    /** @return {queries per second, p50 ms, p99 ms} after one untimed pass over the first tenth of the queries */
    private static double[] search(VectorCollection c, float[][] probes, Filter filter) {
        for (int i = 0; i < probes.length / 10; i++) {
            c.search(SearchRequest.builder(probes[i]).k(K).filter(filter).build());
        }
        long[] nanos = new long[probes.length];
        long start = System.nanoTime();
        for (int i = 0; i < probes.length; i++) {
            long t = System.nanoTime();
            c.search(SearchRequest.builder(probes[i]).k(K).filter(filter).build());
            nanos[i] = System.nanoTime() - t;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        return new double[] {probes.length / seconds, nanos[nanos.length / 2] / 1e6, nanos[nanos.length * 99 / 100] / 1e6};
    }

    private static List<VectorRecord> records(int rows, int dimension) {
        float[][] vectors = vectors(rows, dimension, 42);
        List<VectorRecord> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            out.add(new VectorRecord(String.format(Locale.ROOT, "r%07d", i), vectors[i],
                    Map.of("tag", (long) (i % TAGS), "title", "row " + i), "text of row " + i, 1_700_000_000_000L + i));
        }
        return out;
    }

    private static float[][] vectors(int n, int dimension, long seed) {
        Random random = new Random(seed);
        float[][] out = new float[n][dimension];
        for (float[] v : out) {
            for (int i = 0; i < dimension; i++) {
                v[i] = (float) random.nextGaussian();
            }
        }
        return out;
    }
}
