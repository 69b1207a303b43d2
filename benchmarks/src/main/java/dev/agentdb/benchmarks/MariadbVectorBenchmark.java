package dev.agentdb.benchmarks;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.CollectionSpec;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.compat.TestVectors;
import dev.agentdb.mysql.MysqlAdapter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MariaDB 11.7+ native {@code VECTOR INDEX} against AgentDB's in-house HNSW index on the same server:
 * one cosine collection per path ({@code MysqlAdapter.VECTOR_INDEX_PROPERTY} {@code native} or
 * {@code in-house}, default HNSW parameters), N uniform random vectors inserted in batches of 1,000,
 * then single-threaded k=10 searches of random queries at several efSearch, recall@10 against the
 * exact neighbours computed in Java.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.agentdb.benchmarks.MariadbVectorBenchmark URL [rows] [dimension] [queries]}, e.g.
 * {@code mariadb://agent:agentpw@127.0.0.1:13307/agentdb 20000 128 300}; the collections
 * {@code bench_native} and {@code bench_in_house} of that database are dropped and created again.
 * Prints the insert rate, QPS and recall@10 per path and efSearch.
 */
public final class MariadbVectorBenchmark {
    private static final int K = 10;
    private static final int[] EF = {32, 64, 128};

    private MariadbVectorBenchmark() {
    }

    /**
     * @param args {@code URL [rows] [dimension] [queries]}; defaults 20,000 x 128, 300 queries
     */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.out.println("usage: MariadbVectorBenchmark URL [rows] [dimension] [queries]");
            return;
        }
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int dimension = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        int queries = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        float[][] vectors = TestVectors.uniform(rows, dimension, 1);
        float[][] probes = TestVectors.uniform(queries, dimension, 2);
        List<String> ids = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            ids.add(TestVectors.id(i, 6));
        }
        List<List<String>> truth = new ArrayList<>(queries);
        for (float[] q : probes) {
            truth.add(TestVectors.exactNearest(Metric.COSINE, ids, vectors, q, K));
        }
        System.out.printf(Locale.ROOT, "%,d x %d uniform random, cosine, k=%d, %d queries, one thread%n", rows, dimension, K, queries);
        System.out.println("path          index           insert/s  efSearch     QPS  recall@10");
        for (String path : List.of("native", "in-house")) {
            run(args[0], path, ids, vectors, probes, truth);
        }
    }

    private static void run(String url, String path, List<String> ids, float[][] vectors, float[][] probes, List<List<String>> truth) {
        String name = "bench_" + path.replace('-', '_');
        try (AgentDB db = AgentDB.open(AgentDBConfig.builder(url).property(MysqlAdapter.VECTOR_INDEX_PROPERTY, path).build())) {
            db.dropCollection(name);
            VectorCollection c = db.createCollection(name, CollectionSpec.of(vectors[0].length, Metric.COSINE));
            long start = System.nanoTime();
            for (int from = 0; from < vectors.length; from += 1_000) {
                List<VectorRecord> batch = new ArrayList<>(1_000);
                for (int i = from; i < Math.min(vectors.length, from + 1_000); i++) {
                    batch.add(VectorRecord.of(ids.get(i), vectors[i], null));
                }
                c.insertBatch(batch);
            }
            double insertRate = vectors.length / ((System.nanoTime() - start) / 1e9);
            String index = c.stats().indexImplementation();
            for (int q = 0; q < Math.min(50, probes.length); q++) {
                c.search(SearchRequest.builder(probes[q]).k(K).build()); // warm-up
            }
            for (int ef : EF) {
                double recall = 0;
                long t0 = System.nanoTime();
                for (int q = 0; q < probes.length; q++) {
                    List<SearchResult> found = c.search(SearchRequest.builder(probes[q]).k(K).efSearch(ef).build());
                    recall += TestVectors.recall(truth.get(q), found.stream().map(SearchResult::id).toList());
                }
                double qps = probes.length / ((System.nanoTime() - t0) / 1e9);
                System.out.printf(Locale.ROOT, "%-13s %-15s %8.0f  %8d  %6.0f  %9.3f%n", path, index, insertRate, ef, qps,
                        recall / probes.length);
            }
        }
    }
}
