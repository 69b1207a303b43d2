package dev.agentdb.benchmarks;

import dev.agentdb.Metric;
import dev.agentdb.hnsw.HnswConfig;
import dev.agentdb.hnsw.HnswIndex;
import dev.agentdb.hnsw.NodeHits;
import dev.agentdb.hnsw.vector.VectorOps;
import dev.agentdb.hnsw.vector.VectorOpsProvider;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ANN recall harness, in the manner of ann-benchmarks: builds the index on Fashion-MNIST
 * (60,000 x 784, L2) single-threaded, computes exact ground truth for the first queries of the
 * test set, then, per efSearch, prints recall@10, queries per second (one thread) and p50/p99
 * latency; then filtered search at a few selectivities.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.agentdb.benchmarks.HnswRecallBenchmark [m] [efConstruction] [queries] [train-limit]};
 * defaults 16, 100, 1000, 60000. {@code -Dagentdb.vector.scalar=true} measures the scalar
 * kernels. Without the dataset it prints a message and exits.
 */
public final class HnswRecallBenchmark {
    private static final int K = 10;
    private static final int[] EF_SEARCH = {10, 16, 32, 40, 64, 128};
    private static final int ROUNDS = 3;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private HnswRecallBenchmark() {
    }

    /**
     * @param args optional {@code m efConstruction queries trainLimit}
     * @throws Exception when the dataset cannot be read
     */
    public static void main(String[] args) throws Exception {
        int m = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int efConstruction = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int queryCount = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        int trainLimit = args.length > 3 ? Integer.parseInt(args[3]) : 60_000;
        if (!FashionMnist.available()) {
            System.out.println("Fashion-MNIST not found in " + FashionMnist.dir() + " (set -D" + FashionMnist.DIR_PROPERTY
                    + "=...); skipping the recall benchmark.");
            return;
        }
        float[][] train = FashionMnist.load(FashionMnist.TRAIN, trainLimit);
        float[][] queries = FashionMnist.load(FashionMnist.TEST, queryCount);
        VectorOps ops = VectorOpsProvider.get();
        System.out.printf(Locale.ROOT, "Fashion-MNIST: %d x %d train, %d queries, L2; kernels %s; JDK %s%n",
                train.length, train[0].length, queries.length, ops.name(), Runtime.version());

        HnswIndex index = new HnswIndex(new HnswConfig(train[0].length, Metric.L2, m, efConstruction, HnswConfig.DEFAULT_SEED));
        long t0 = System.nanoTime();
        long c0 = CPU.getCurrentThreadCpuTime();
        for (float[] v : train) {
            index.add(v);
        }
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        double buildCpuSeconds = (CPU.getCurrentThreadCpuTime() - c0) / 1e9;
        System.out.printf(Locale.ROOT, "build: M=%d efConstruction=%d, %.1f s wall, %.1f s CPU (%.0f inserts/s, 1 thread), max level %d%n",
                m, efConstruction, buildSeconds, buildCpuSeconds, train.length / buildSeconds, index.maxLevel());

        long g0 = System.nanoTime();
        int[][] truth = groundTruth(index, queries);
        System.out.printf(Locale.ROOT, "ground truth: exact scan of %d queries in %.1f s%n", queries.length, (System.nanoTime() - g0) / 1e9);

        System.out.println("QPS = queries per wall second; QPS(cpu) = per CPU second of the searching thread "
                + "(the same figure when the core is not shared)");
        System.out.println("efSearch  recall@10      QPS  QPS(cpu)   p50(us)   p99(us)  visited/query");
        for (int ef : EF_SEARCH) {
            for (float[] q : queries) { // warm-up at this ef
                index.search(q, K, ef, null);
            }
            long[] latencies = new long[queries.length * ROUNDS];
            long visited = 0;
            int found = 0;
            long start = System.nanoTime();
            long cpuStart = CPU.getCurrentThreadCpuTime();
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < queries.length; i++) {
                    long s = System.nanoTime();
                    NodeHits hits = index.search(queries[i], K, ef, null);
                    latencies[round * queries.length + i] = System.nanoTime() - s;
                    if (round == 0) {
                        found += overlap(hits, truth[i]);
                        visited += hits.visited();
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (CPU.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            Arrays.sort(latencies);
            System.out.printf(Locale.ROOT, "%8d  %9.4f  %7.0f  %8.0f  %8.1f  %8.1f  %13d%n", ef,
                    (double) found / (queries.length * K), latencies.length / seconds, latencies.length / cpuSeconds,
                    latencies[latencies.length / 2] / 1e3, latencies[(int) (latencies.length * 0.99)] / 1e3,
                    visited / queries.length);
        }
        filtered(index, queries);
    }

    /** Filtered search at a few selectivities (random accepted sets), efSearch 64, 200 queries. */
    private static void filtered(HnswIndex index, float[][] queries) {
        int n = Math.min(200, queries.length);
        int ef = 64;
        System.out.println("filtered, efSearch " + ef + ", " + n + " queries; recall against the exact filtered answer");
        System.out.println("accepted   recall@10      QPS   exact-path  visited/query");
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (double fraction : new double[] {0.5, 0.1, 0.02, 0.002}) {
            java.util.BitSet accept = new java.util.BitSet(index.size());
            for (int i = 0; i < index.size(); i++) {
                if (r.nextDouble() < fraction) {
                    accept.set(i);
                }
            }
            int[][] truth = new int[n][];
            for (int i = 0; i < n; i++) {
                NodeHits exact = index.exactSearch(queries[i], K, accept);
                truth[i] = new int[exact.size()];
                for (int j = 0; j < exact.size(); j++) {
                    truth[i][j] = exact.node(j);
                }
            }
            for (int i = 0; i < n; i++) { // warm-up
                index.search(queries[i], K, ef, accept);
            }
            int found = 0;
            int wanted = 0;
            int exactPath = 0;
            long visited = 0;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                NodeHits hits = index.search(queries[i], K, ef, accept);
                found += overlap(hits, truth[i]);
                wanted += truth[i].length;
                exactPath += hits.exact() ? 1 : 0;
                visited += hits.visited();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%7.1f%%  %9.4f  %7.0f  %10.0f%%  %13d%n", fraction * 100,
                    wanted == 0 ? 1.0 : (double) found / wanted, n / seconds, 100.0 * exactPath / n, visited / n);
        }
    }

    private static int[][] groundTruth(HnswIndex index, float[][] queries) throws Exception {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            int[][] truth = new int[queries.length][];
            Future<?>[] parts = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                int first = t;
                parts[t] = pool.submit(() -> {
                    for (int i = first; i < queries.length; i += threads) {
                        NodeHits exact = index.exactSearch(queries[i], K, null);
                        truth[i] = new int[exact.size()];
                        for (int j = 0; j < exact.size(); j++) {
                            truth[i][j] = exact.node(j);
                        }
                    }
                });
            }
            for (Future<?> f : parts) {
                f.get();
            }
            return truth;
        } finally {
            pool.shutdown();
        }
    }

    private static int overlap(NodeHits hits, int[] truth) {
        int n = 0;
        for (int i = 0; i < hits.size(); i++) {
            for (int t : truth) {
                if (t == hits.node(i)) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }
}
