package dev.agentdb.cli;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.CollectionStats;
import dev.agentdb.IndexParams;
import dev.agentdb.Limits;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.cli.bench.AnnBenchmark;
import dev.agentdb.cli.bench.GroundTruth;
import dev.agentdb.cli.io.FashionMnist;
import dev.agentdb.cli.io.IdxReader;
import dev.agentdb.cli.io.RecordReader;
import dev.agentdb.internal.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code agentdb bench}: the ANN benchmark on Fashion-MNIST. Imports the 60,000 training images
 * (once; later runs reuse them), computes the exact top-k of the test queries by brute force
 * (cached next to the database), then for each efSearch measures recall@k and single-thread
 * latency, and finally reopens the database and times the first query (no index rebuild).
 */
@Command(name = "bench", sortOptions = false,
        header = "Benchmark recall, latency and build speed of the ANN index on Fashion-MNIST.",
        description = {"Base set: the 60,000 training images (784 dimensions, l2); queries: the first N of the 10,000"
                + " test images. The collection is imported once (batches, timed: build time and vectors/s); when it"
                + " already holds the data set, the import is skipped and reported as reused.",
            "Ground truth: exact top-k by a brute-force scan in the harness (same distance definitions as the"
                + " backends), cached in <db file>.gt-k<K>-q<N>.bin and reused while valid.",
            "For each efSearch: recall@k (the fraction of the exact top k found in the returned top k), QPS and p50/p99 latency of single-threaded"
                + " queries after an untimed warm-up; then the database is reopened and the first query timed.",
            "Needs the Debian package " + FashionMnist.PACKAGE + " (or --data DIR)."},
        footer = {"%nExample:", "  agentdb bench --db sqlite:/tmp/fm.db --dataset fashion-mnist \\",
            "      --queries 1000 --ef 16,32,64,128"})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--db", required = true, paramLabel = "URL", description = "Database URL, e.g. sqlite:/tmp/fm.db")
    private String db;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "fashion-mnist", description = "The data set: fashion-mnist. Default: ${DEFAULT-VALUE}.")
    private String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory with the data set files. Default: " + "/usr/share/datasets/fashion-mnist.")
    private Path data;

    @Option(names = "--collection", paramLabel = "NAME", defaultValue = FashionMnistLoader.DEFAULT_COLLECTION,
            description = "Collection holding the base set. Default: ${DEFAULT-VALUE}.")
    private String collection;

    @Option(names = "--k", paramLabel = "K", defaultValue = "10", description = "Neighbours per query (recall@k). Default: ${DEFAULT-VALUE}.")
    private int k;

    @Option(names = "--ef", paramLabel = "N[,N...]", split = ",", defaultValue = "16,32,64,128",
            description = "efSearch values to measure. Default: ${DEFAULT-VALUE}.")
    private List<Integer> efs;

    @Option(names = "--queries", paramLabel = "N", defaultValue = "1000", description = "Number of test images used as queries (1 to 10000). Default: ${DEFAULT-VALUE}.")
    private int queries;

    @Option(names = "--m", paramLabel = "M", defaultValue = "" + IndexParams.DEFAULT_M, description = "HNSW M. Default: ${DEFAULT-VALUE}.")
    private int m;

    @Option(names = "--ef-construction", paramLabel = "N", defaultValue = "" + IndexParams.DEFAULT_EF_CONSTRUCTION,
            description = "HNSW efConstruction. Default: ${DEFAULT-VALUE}.")
    private int efConstruction;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N training images as the base set (quick runs).")
    private Integer limit;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000", description = "Records per insert batch. Default: ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "5000",
            description = "Untimed warm-up queries before measuring (the Vector API kernels need thousands of calls before C2 compiles them). Default: ${DEFAULT-VALUE}.")
    private int warmup;

    @Option(names = "--exact-queries", paramLabel = "N", defaultValue = "10",
            description = "Queries also run as the backend's exact scan (baseline latency, agreement check); 0 to skip. Default: ${DEFAULT-VALUE}.")
    private int exactQueries;

    @Option(names = "--gt-cache", paramLabel = "FILE", description = "Ground-truth cache file. Default: next to a sqlite database file, else in the temp directory.")
    private Path gtCache;

    @Option(names = "--recreate", description = "Drop the collection and import again.")
    private boolean recreate;

    @Option(names = "--json", description = "Print a JSON report instead of text.")
    private boolean json;

    private PrintWriter out;

    /** Creates the command (picocli instantiates it). */
    public BenchCommand() {
    }

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        if (!"fashion-mnist".equalsIgnoreCase(dataset)) {
            throw new CommandLine.ParameterException(cl, "--dataset: unknown data set '" + dataset + "'; supported: fashion-mnist");
        }
        Options.range(cl, "--k", k, 1, 1000);
        Options.range(cl, "--queries", queries, 1, FashionMnist.TEST_COUNT);
        Options.range(cl, "--batch-size", batchSize, 1, 100_000);
        Options.range(cl, "--m", m, 2, Limits.MAX_M);
        Options.range(cl, "--ef-construction", efConstruction, m, Limits.MAX_EF);
        Options.range(cl, "--warmup", warmup, 0, 1_000_000);
        Options.range(cl, "--exact-queries", exactQueries, 0, FashionMnist.TEST_COUNT);
        for (int ef : efs) {
            Options.range(cl, "--ef", ef, 1, Limits.MAX_EF);
        }
        int baseCount = limit == null ? FashionMnist.TRAIN_COUNT : Options.range(cl, "--limit", limit, 1, FashionMnist.TRAIN_COUNT);
        out = cl.getOut();
        FashionMnist files = FashionMnist.locate(data);
        IndexParams index = IndexParams.hnsw(m, efConstruction, IndexParams.DEFAULT_EF_SEARCH);
        boolean progress = AgentDbCli.progressEnabled();

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("dataset", "fashion-mnist");
        report.put("url", AgentDBConfig.redact(db));
        report.put("collection", collection);
        report.put("metric", Metric.L2.wireName());
        report.put("dimension", FashionMnist.DIMENSION);
        report.put("baseCount", baseCount);
        report.put("queries", queries);
        report.put("k", k);
        report.put("index", BatchImporter.indexJson(index));
        say("agentdb bench: Fashion-MNIST, %,d base vectors x %d dimensions (l2), %,d queries, k=%d", baseCount,
                FashionMnist.DIMENSION, queries, k);
        say("database: %s, collection '%s', index %s", AgentDBConfig.redact(db), collection, BatchImporter.describe(index));

        float[][] queryVectors = readQueries(files, queries);
        Optional<Path> dbFile = Databases.sqliteFile(db);
        AgentDB database = Databases.open(cl, db);
        List<SearchResult> beforeClose;
        try {
            FashionMnistLoader.Loaded loaded = FashionMnistLoader.ensure(database, collection, files, baseCount, index, recreate,
                    batchSize, progress);
            report.put("build", buildMap(loaded));
            VectorCollection c = loaded.collection();
            CollectionStats stats = c.stats();
            report.put("indexedCount", stats.indexedCount());
            report.put("bytesOnDisk", stats.bytesOnDisk());
            long fileBytes = dbFile.map(Databases::sqliteBytes).orElse(-1L);
            report.put("fileBytes", fileBytes);
            say("index: %,d of %,d vectors indexed", stats.indexedCount(), stats.count());
            say("size: %s%s", stats.bytesOnDisk() < 0 ? "collection size n/a" : StatsCommand.bytes(stats.bytesOnDisk()) + " (collection, stats)",
                    fileBytes < 0 ? "" : String.format(Locale.ROOT, ", database file %s (%s incl. -wal/-shm)", StatsCommand.bytes(fileBytes), dbFile.get()));

            GroundTruth truth = groundTruth(files, baseCount, queryVectors, dbFile, report, progress);
            AnnBenchmark bench = new AnnBenchmark(c, queryVectors, truth, k, FashionMnistLoader::ordinal);
            int maxEf = efs.stream().mapToInt(Integer::intValue).max().orElse(IndexParams.DEFAULT_EF_SEARCH);
            bench.warmUp(warmup, maxEf);

            if (exactQueries > 0) {
                AnnBenchmark.Run exact = bench.runExact(exactQueries);
                report.put("exact", runMap(exact));
                say("exact scan (backend, %d queries): recall@%d %.4f (agreement with the harness), p50 %.2f ms, p99 %.2f ms, %.1f QPS",
                        exact.latency().count(), k, exact.recall(), exact.latency().p50Ms(), exact.latency().p99Ms(), exact.qps());
            }
            Table table = new Table(">efSearch", ">recall@" + k, ">QPS", ">p50 ms", ">p99 ms", ">mean ms");
            List<Map<String, Object>> runs = new ArrayList<>();
            for (int ef : efs) {
                AnnBenchmark.Run r = bench.run(ef);
                runs.add(runMap(r));
                table.row(ef, String.format(Locale.ROOT, "%.4f", r.recall()), String.format(Locale.ROOT, "%,.1f", r.qps()),
                        ms(r.latency().p50Ms()), ms(r.latency().p99Ms()), ms(r.latency().meanMs()));
            }
            report.put("runs", runs);
            if (!json) {
                out.printf("search (single thread, %,d queries each, after %d warm-up queries):%n", queries, warmup);
                table.print(out);
            }
            beforeClose = c.search(SearchRequest.of(queryVectors[0], k));
        } finally {
            database.close();
        }

        report.put("reopen", reopen(cl, queryVectors[0], beforeClose));
        if (json) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private Map<String, Object> reopen(CommandLine cl, float[] query, List<SearchResult> beforeClose) {
        long t0 = System.nanoTime();
        try (AgentDB again = Databases.open(cl, db)) {
            VectorCollection c = again.collection(collection);
            long t1 = System.nanoTime();
            List<SearchResult> first = c.search(SearchRequest.of(query, k));
            long t2 = System.nanoTime();
            List<SearchResult> second = c.search(SearchRequest.of(query, k));
            long t3 = System.nanoTime();
            boolean same = ids(first).equals(ids(beforeClose));
            long indexed = c.stats().indexedCount();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("openMs", (t1 - t0) / 1e6);
            m.put("firstQueryMs", (t2 - t1) / 1e6);
            m.put("secondQueryMs", (t3 - t2) / 1e6);
            m.put("sameResultsAsBeforeClose", same);
            m.put("indexedCount", indexed);
            say("reopen: open %.1f ms, first query %.2f ms, second %.2f ms; %,d vectors indexed; results %s before close",
                    (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, indexed, same ? "identical to" : "DIFFER from");
            return m;
        }
    }

    private static List<String> ids(List<SearchResult> results) {
        List<String> ids = new ArrayList<>(results.size());
        results.forEach(r -> ids.add(r.id()));
        return ids;
    }

    private GroundTruth groundTruth(FashionMnist files, int baseCount, float[][] queryVectors, Optional<Path> dbFile,
                                    Map<String, Object> report, boolean progress) throws IOException {
        Path cache = gtCache != null ? gtCache : defaultCache(dbFile, "gt-" + collection + "-k" + k + "-q" + queryVectors.length);
        GroundTruthCache.Result r = GroundTruthCache.loadOrCompute(cache, files, baseCount, queryVectors, k, progress);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", cache.toString());
        m.put("cached", r.cached());
        m.put("seconds", r.seconds());
        report.put("groundTruth", m);
        say("ground truth: exact top-%d of %,d queries %s (%s)", k, queryVectors.length,
                r.cached() ? "loaded from cache" : String.format(Locale.ROOT, "by brute force in %.1f s, cached", r.seconds()), cache);
        return r.truth();
    }

    /**
     * @param dbFile the sqlite database file, if any
     * @param suffix distinguishes the cache, e.g. {@code gt-fashion_mnist-k10-q1000}
     * @return {@code <db file>.<suffix>.bin}, or a file in the temp directory keyed by the URL
     */
    Path defaultCache(Optional<Path> dbFile, String suffix) {
        if (dbFile.isPresent()) {
            return Path.of(dbFile.get() + "." + suffix + ".bin");
        }
        return Path.of(System.getProperty("java.io.tmpdir"),
                "agentdb-" + Integer.toHexString(db.hashCode()) + "." + suffix + ".bin");
    }

    private static float[][] readQueries(FashionMnist files, int count) throws IOException {
        float[][] q = new float[count][];
        try (RecordReader in = new IdxReader(files.testImages(), files.testOptions(""))) {
            for (int i = 0; i < count; i++) {
                q[i] = in.next().embedding();
            }
        }
        return q;
    }

    private Map<String, Object> buildMap(FashionMnistLoader.Loaded loaded) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reused", loaded.reused());
        m.put("alreadyPresent", loaded.alreadyThere());
        BatchImporter.Result r = loaded.importRun();
        long imported = r == null ? 0 : r.imported();
        m.put("imported", imported);
        if (imported > 0) {
            m.put("seconds", r.elapsedNanos() / 1e9);
            m.put("vectorsPerSecond", r.recordsPerSecond());
            say("build: imported %,d vectors in %.1f s (%,.0f vectors/s, batches of %d)%s", imported, r.elapsedNanos() / 1e9,
                    r.recordsPerSecond(), batchSize, loaded.alreadyThere() > 0
                            ? String.format(Locale.ROOT, "; resumed after %,d already present", loaded.alreadyThere()) : "");
        } else {
            say("build: skipped, collection '%s' already holds the %,d vectors (build time not measured by this run;"
                    + " pass --recreate to rebuild)", collection, loaded.count());
        }
        return m;
    }

    private static Map<String, Object> runMap(AnnBenchmark.Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("efSearch", r.efSearch() == null || r.efSearch() == 0 ? null : r.efSearch());
        m.put("recall", r.recall());
        m.put("qps", r.qps());
        m.put("queries", r.latency().count());
        m.put("meanMs", r.latency().meanMs());
        m.put("p50Ms", r.latency().p50Ms());
        m.put("p99Ms", r.latency().p99Ms());
        m.put("maxMs", r.latency().maxMs());
        return m;
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.1f" : "%.3f", v);
    }

    private void say(String format, Object... args) {
        if (!json) {
            out.println(String.format(Locale.ROOT, format, args));
            out.flush();
        }
    }
}
