package dev.agentdb.benchmarks;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.hnsw.HnswConfig;
import dev.agentdb.hnsw.HnswIndex;
import dev.agentdb.hnsw.NodeHits;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The cost of the embedded engine over the bare index, measured in one run on Fashion-MNIST
 * (60,000 x 784 train, L2, M=16, efConstruction=100, k=10, one search thread):
 * <ol>
 *   <li>build: the bare {@link HnswIndex} (one thread) against an import through
 *       {@code VectorCollection.insertBatch} into a new SQLite file (batches of 1,000, rows and graph
 *       in the same transactions);</li>
 *   <li>search: queries per second of the bare index against {@code VectorCollection.search} (which
 *       also reads each result's row: id, metadata, text), at each efSearch; rounds alternate between
 *       the two so that both see the same machine; the median round is reported;</li>
 *   <li>reopen: closing the file, opening it again and answering the first query.</li>
 * </ol>
 * The bars of the issue "One engine for every backend": search at least 0.8 times the bare QPS at
 * efSearch 32, 64 and 128; import at least 0.7 times the bare build rate; reopen and first query
 * within 300 ms. Each is printed with PASS or MISS.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.agentdb.benchmarks.EndToEndBenchmark [queries] [rounds] [file] [reuse]} (defaults 1000, 5, a
 * temporary file; {@code reuse} keeps an existing file instead of importing again). Without the
 * dataset it prints a message and exits.
 */
public final class EndToEndBenchmark {
    private static final int K = 10;
    private static final int[] EF_SEARCH = {16, 32, 64, 128};
    private static final int BATCH = 1_000;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final String[] CLASSES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
        "Bag", "Ankle boot"};

    private EndToEndBenchmark() {
    }

    /**
     * @param args optional {@code queries rounds file}
     * @throws Exception when the dataset or the database cannot be used
     */
    public static void main(String[] args) throws Exception {
        int queryCount = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path file = args.length > 2 ? Path.of(args[2]) : Files.createTempFile("agentdb-e2e", ".db");
        boolean reuse = args.length > 3 && args[3].equals("reuse") && Files.exists(file);
        if (!FashionMnist.available()) {
            System.out.println("Fashion-MNIST not found in " + FashionMnist.dir() + " (set -D" + FashionMnist.DIR_PROPERTY
                    + "=...); skipping the end-to-end benchmark.");
            return;
        }
        float[][] train = FashionMnist.load(FashionMnist.TRAIN, 60_000);
        float[][] queries = FashionMnist.load(FashionMnist.TEST, queryCount);
        if (!reuse) {
            Files.deleteIfExists(file);
        }
        System.out.printf(Locale.ROOT, "Fashion-MNIST %d x %d, %d queries, k=%d, M=16, efConstruction=100, L2; JDK %s; %s%n",
                train.length, train[0].length, queries.length, K, Runtime.version(), file);

        // build: bare index, then the same vectors through insertBatch
        HnswIndex bare = new HnswIndex(HnswConfig.of(train[0].length, Metric.L2, 16, 100));
        long t0 = System.nanoTime();
        for (float[] v : train) {
            bare.add(v);
        }
        double bareBuild = seconds(t0);
        String url = "sqlite:" + file;
        AgentDB db = AgentDB.open(url);
        VectorCollection docs;
        if (reuse) {
            docs = db.collection("fashion_mnist");
            System.out.printf(Locale.ROOT, "build: bare index %.1f s (%,.0f vectors/s, one thread); import skipped (reusing %s, %,d records)%n",
                    bareBuild, train.length / bareBuild, file, docs.count());
        } else {
            docs = db.createCollection("fashion_mnist",
                    CollectionSpec.builder(train[0].length).metric(Metric.L2).m(16).efConstruction(100).efSearch(64).build());
            t0 = System.nanoTime();
            for (int from = 0; from < train.length; from += BATCH) {
                List<VectorRecord> batch = new ArrayList<>(BATCH);
                for (int i = from; i < Math.min(train.length, from + BATCH); i++) {
                    batch.add(VectorRecord.of("img-" + i, train[i], Map.of("label", i % 10, "class", CLASSES[i % 10])));
                }
                docs.insertBatch(batch);
            }
            double importSeconds = seconds(t0);
            double bareRate = train.length / bareBuild;
            double importRate = train.length / importSeconds;
            System.out.printf(Locale.ROOT, "build: bare index %.1f s (%,.0f vectors/s, one thread); insertBatch into SQLite %.1f s"
                    + " (%,.0f vectors/s) = %.2f x bare  [bar 0.70: %s]%n", bareBuild, bareRate, importSeconds, importRate,
                    importRate / bareRate, importRate / bareRate >= 0.7 ? "PASS" : "MISS");
        }

        // search: alternate rounds, median QPS
        System.out.println("search (one thread, median of " + rounds + " alternating rounds of " + queries.length + " queries):");
        System.out.println("  efSearch  recall(bare)  recall(agentdb)  bare QPS  agentdb QPS  ratio  bar            | CPU-time QPS: bare  agentdb  ratio");
        for (int ef : EF_SEARCH) {
            double[][] bareQps = new double[2][rounds];
            double[][] dbQps = new double[2][rounds];
            for (int warm = 0; warm < 3; warm++) {
                runBare(bare, queries, ef);
                runAgentDb(docs, queries, ef);
            }
            for (int r = 0; r < rounds; r++) {
                double[] b = runBare(bare, queries, ef);
                double[] a = runAgentDb(docs, queries, ef);
                bareQps[0][r] = b[0];
                bareQps[1][r] = b[1];
                dbQps[0][r] = a[0];
                dbQps[1][r] = a[1];
            }
            double b = median(bareQps[0]);
            double a = median(dbQps[0]);
            double bc = median(bareQps[1]);
            double ac = median(dbQps[1]);
            double[] recall = recall(bare, docs, queries, ef);
            String bar = ef == 16 ? "-            " : (a / b >= 0.8 ? "PASS" : "MISS") + " (0.80)  ";
            System.out.printf(Locale.ROOT, "  %8d  %12.4f  %15.4f  %8.0f  %11.0f  %5.2f  %s | %17.0f  %7.0f  %5.2f%n", ef, recall[0], recall[1],
                    b, a, a / b, bar, bc, ac, ac / bc);
        }

        // reopen
        List<String> before = ids(docs.search(SearchRequest.of(queries[0], K)));
        db.close();
        t0 = System.nanoTime();
        try (AgentDB again = AgentDB.open(url)) {
            VectorCollection c = again.collection("fashion_mnist");
            double open = seconds(t0) * 1000;
            long t1 = System.nanoTime();
            List<SearchResult> first = c.search(SearchRequest.of(queries[0], K));
            double firstMs = seconds(t1) * 1000;
            long t2 = System.nanoTime();
            c.search(SearchRequest.of(queries[1], K));
            double secondMs = seconds(t2) * 1000;
            double total = open + firstMs;
            System.out.printf(Locale.ROOT, "reopen: open %.1f ms, first query %.1f ms (total %.1f ms) [bar 300 ms: %s], second %.2f ms; "
                    + "same results as before close: %s%n", open, firstMs, total, total <= 300 ? "PASS" : "MISS", secondMs,
                    ids(first).equals(before));
        }
    }

    private static double[] runBare(HnswIndex index, float[][] queries, int ef) {
        long t0 = System.nanoTime();
        long c0 = CPU.getCurrentThreadCpuTime();
        long sink = 0;
        for (float[] q : queries) {
            sink += index.search(q, K, ef, null).node(0);
        }
        double s = seconds(t0);
        double cpu = (CPU.getCurrentThreadCpuTime() - c0) / 1e9;
        if (sink == Long.MIN_VALUE) {
            System.out.println(sink);
        }
        return new double[] {queries.length / s, queries.length / cpu};
    }

    private static double[] runAgentDb(VectorCollection docs, float[][] queries, int ef) {
        long t0 = System.nanoTime();
        long c0 = CPU.getCurrentThreadCpuTime();
        long sink = 0;
        for (float[] q : queries) {
            List<SearchResult> hits = docs.search(SearchRequest.builder(q).k(K).efSearch(ef).build());
            sink += hits.get(0).metadata().size();
        }
        double s = seconds(t0);
        double cpu = (CPU.getCurrentThreadCpuTime() - c0) / 1e9;
        if (sink == Long.MIN_VALUE) {
            System.out.println(sink);
        }
        return new double[] {queries.length / s, queries.length / cpu};
    }

    /** @return recall@K of the bare index and of AgentDB against the bare index's exact answers */
    private static double[] recall(HnswIndex bare, VectorCollection docs, float[][] queries, int ef) {
        double b = 0;
        double a = 0;
        for (float[] q : queries) {
            NodeHits exact = bare.exactSearch(q, K, null);
            Set<String> truth = new HashSet<>();
            for (int i = 0; i < exact.size(); i++) {
                truth.add("img-" + exact.node(i));
            }
            NodeHits approx = bare.search(q, K, ef, null);
            for (int i = 0; i < approx.size(); i++) {
                b += truth.contains("img-" + approx.node(i)) ? 1 : 0;
            }
            for (SearchResult r : docs.search(SearchRequest.builder(q).k(K).efSearch(ef).build())) {
                a += truth.contains(r.id()) ? 1 : 0;
            }
        }
        return new double[] {b / (K * queries.length), a / (K * queries.length)};
    }

    private static List<String> ids(List<SearchResult> results) {
        List<String> out = new ArrayList<>();
        results.forEach(r -> out.add(r.id()));
        return out;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
