package dev.agentdb.cli;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.IndexParams;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.cli.bench.AnnBenchmark;
import dev.agentdb.cli.io.FashionMnist;
import dev.agentdb.cli.io.IdxReader;
import dev.agentdb.cli.io.LabelNames;
import dev.agentdb.cli.io.RecordReader;
import dev.agentdb.filter.Filter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code agentdb demo}: the README's first command. Imports Fashion-MNIST into the embedded SQLite
 * default with each image's class as metadata, runs a few searches with and without a metadata
 * filter, and measures recall@10 against exact search. Idempotent: a second run reuses the data.
 */
@Command(name = "demo", sortOptions = false,
        header = "Import Fashion-MNIST into an embedded database and search it (start here).",
        description = {"Imports the 60,000 Fashion-MNIST training images (784-dimensional vectors, l2) with metadata"
                + " {\"label\": n, \"class\": name} into " + DemoCommand.DEFAULT_DB + " (once; re-runs reuse it),"
                + " shows the nearest neighbours of a test image with and without a metadata filter, and the recall@10"
                + " of the HNSW index against exact search.",
            "Needs the Debian package " + FashionMnist.PACKAGE + " (or --data DIR)."})
public final class DemoCommand implements Callable<Integer> {
    /** The demo database unless {@code --db} says otherwise. */
    public static final String DEFAULT_DB = "sqlite:./agentdb-demo.db";
    /** The filter of the demo's second search. */
    static final String FILTER_JSON = "{\"class\":{\"$in\":[\"Sandal\",\"Ankle boot\"]}}";
    private static final int SNEAKER = LabelNames.FASHION_MNIST.labelOf("Sneaker");
    private static final int SHOWN = 5;
    private static final int RECALL_K = 10;

    @Spec
    private CommandSpec spec;

    @Option(names = "--db", paramLabel = "URL", defaultValue = DEFAULT_DB, description = "Database URL. Default: ${DEFAULT-VALUE}.")
    private String db;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory with the Fashion-MNIST files. Default: /usr/share/datasets/fashion-mnist.")
    private Path data;

    @Option(names = "--collection", paramLabel = "NAME", defaultValue = FashionMnistLoader.DEFAULT_COLLECTION,
            description = "Collection to use. Default: ${DEFAULT-VALUE}.")
    private String collection;

    @Option(names = "--limit", paramLabel = "N", description = "Import only the first N training images (quick runs).")
    private Integer limit;

    @Option(names = "--queries", paramLabel = "N", defaultValue = "200", description = "Test images used to measure recall@10. Default: ${DEFAULT-VALUE}.")
    private int queries;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000", description = "Records per insert batch. Default: ${DEFAULT-VALUE}.")
    private int batchSize;

    /** Creates the command (picocli instantiates it). */
    public DemoCommand() {
    }

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        int baseCount = limit == null ? FashionMnist.TRAIN_COUNT : Options.range(cl, "--limit", limit, 1, FashionMnist.TRAIN_COUNT);
        Options.range(cl, "--queries", queries, 1, FashionMnist.TEST_COUNT);
        Options.range(cl, "--batch-size", batchSize, 1, 100_000);
        PrintWriter out = cl.getOut();
        FashionMnist files = FashionMnist.locate(data);
        out.printf("AgentDB demo: Fashion-MNIST (28x28 clothing images as 784-dimensional vectors) in %s%n%n", AgentDBConfig.redact(db));
        out.flush();

        List<VectorRecord> tests = readTests(files, Math.max(queries, 100));
        int sneaker = 0;
        while (sneaker < tests.size() - 1 && label(tests.get(sneaker)) != SNEAKER) {
            sneaker++;
        }
        VectorRecord query = tests.get(sneaker);

        try (AgentDB database = Databases.open(cl, db)) {
            out.printf("[1/4] Import %,d training images with metadata {\"label\": n, \"class\": name} into collection '%s'%n",
                    baseCount, collection);
            out.flush();
            FashionMnistLoader.Loaded loaded = FashionMnistLoader.ensure(database, collection, files, baseCount,
                    IndexParams.DEFAULT, false, batchSize, AgentDbCli.progressEnabled());
            BatchImporter.Result r = loaded.importRun();
            if (loaded.reused()) {
                out.printf("      already there: reusing the %,d images imported by an earlier run%n", loaded.count());
            } else {
                out.printf("      imported %,d images in %.1f s (%,.0f images/s)%s%n", r.imported(), r.elapsedNanos() / 1e9,
                        r.recordsPerSecond(), loaded.alreadyThere() > 0
                                ? String.format(Locale.ROOT, ", resuming after %,d", loaded.alreadyThere()) : "");
            }
            VectorCollection c = loaded.collection();

            out.printf("%n[2/4] The %d nearest neighbours of test image #%d (a %s):%n", SHOWN, sneaker, className(query));
            List<SearchResult> plain = c.search(SearchRequest.builder(query.embedding()).k(SHOWN).build());
            printResults(out, plain);
            long same = plain.stream().filter(h -> label(h) == SNEAKER).count();
            out.printf("      %d of %d are sneakers, found by pixel similarity alone.%n", same, plain.size());

            out.printf("%n[3/4] The same query, restricted by the metadata filter %s:%n", FILTER_JSON);
            List<SearchResult> filtered = c.search(SearchRequest.builder(query.embedding()).k(SHOWN)
                    .filter(Filter.parse(FILTER_JSON)).build());
            printResults(out, filtered);

            int q = Math.min(queries, tests.size());
            float[][] vectors = new float[q][];
            for (int i = 0; i < q; i++) {
                vectors[i] = tests.get(i).embedding();
            }
            Optional<Path> dbFile = Databases.sqliteFile(db);
            String suffix = "gt-" + collection + "-k" + RECALL_K + "-q" + q;
            Path cache = dbFile.map(f -> Path.of(f + "." + suffix + ".bin")).orElse(
                    Path.of(System.getProperty("java.io.tmpdir"), "agentdb-" + Integer.toHexString(db.hashCode()) + "." + suffix + ".bin"));
            out.printf("%n[4/4] Recall@%d of the HNSW index over %d test images, against exact search:%n", RECALL_K, q);
            out.flush();
            GroundTruthCache.Result truth = GroundTruthCache.loadOrCompute(cache, files, baseCount, vectors, RECALL_K,
                    AgentDbCli.progressEnabled());
            AnnBenchmark bench = new AnnBenchmark(c, vectors, truth.truth(), RECALL_K, FashionMnistLoader::ordinal);
            bench.warmUp(Math.min(q, 50), null);
            AnnBenchmark.Run run = bench.run(null);
            out.printf("      recall@%d = %.4f at efSearch %d (M %d, efConstruction %d); %.2f ms per query (p99 %.2f ms)%n",
                    RECALL_K, run.recall(), c.spec().index().efSearch(), c.spec().index().m(), c.spec().index().efConstruction(),
                    run.latency().meanMs(), run.latency().p99Ms());
            out.printf("      (exact neighbours %s)%n", truth.cached() ? "loaded from " + cache
                    : String.format(Locale.ROOT, "computed by brute force in %.1f s, cached in %s", truth.seconds(), cache));

            out.printf("%nTry next:%n");
            out.printf("  bin/agentdb search --db %s --collection %s --query-file %s --query-index 3 --k 5 --filter '{\"class\":\"Trouser\"}'%n",
                    db, collection, files.testImages());
            out.printf("  bin/agentdb stats --db %s%n", AgentDBConfig.redact(db));
            out.printf("  bin/agentdb bench --db sqlite:/tmp/fm.db --dataset fashion-mnist --queries 1000%n");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static List<VectorRecord> readTests(FashionMnist files, int count) throws IOException {
        List<VectorRecord> out = new ArrayList<>(count);
        try (RecordReader in = new IdxReader(files.testImages(), files.testOptions("test-"))) {
            for (VectorRecord r = in.next(); r != null && out.size() < count; r = in.next()) {
                out.add(r);
            }
        }
        return out;
    }

    private static void printResults(PrintWriter out, List<SearchResult> hits) {
        if (hits.isEmpty()) {
            out.println("      no results");
            return;
        }
        Table t = new Table(">rank", ">id", "class", ">label", ">distance");
        for (int i = 0; i < hits.size(); i++) {
            SearchResult h = hits.get(i);
            t.row(i + 1, h.id(), h.metadata().getOrDefault("class", ""), h.metadata().getOrDefault("label", ""),
                    String.format(Locale.ROOT, "%.1f", h.distance()));
        }
        t.print(out, "      ");
        out.flush();
    }

    private static int label(VectorRecord r) {
        Object l = r.metadata().get("label");
        return l instanceof Number ? ((Number) l).intValue() : -1;
    }

    private static int label(SearchResult r) {
        Object l = r.metadata().get("label");
        return l instanceof Number ? ((Number) l).intValue() : -1;
    }

    private static String className(VectorRecord r) {
        Object c = r.metadata().get("class");
        return c == null ? "?" : c.toString();
    }
}
