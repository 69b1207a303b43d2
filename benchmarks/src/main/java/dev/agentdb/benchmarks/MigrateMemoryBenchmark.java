package dev.agentdb.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.GarbageCollectionNotificationInfo;
import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.VectorRecord;
import dev.agentdb.cli.AgentDbCli;
import dev.agentdb.internal.Json;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Heap use of {@code agentdb migrate} against the number of rows: for each row count (default
 * 10,000, 100,000 and 1,000,000) it fills a temporary SQLite file with a FLAT collection of
 * {@code dimension}-d random vectors with metadata, then migrates it to PostgreSQL (a fresh schema
 * per run, validation included) in a FORKED JVM with the same fixed {@code -Xmx} for every size, and
 * prints one table row per size: rows, -Xmx, exit code, peak heap live after a forced full GC, peak
 * heap used after any GC, the number of GCs, copy time and rate, and the wall time of the whole run.
 *
 * <p>How the heap is measured, inside the forked JVM (no agent): the child registers a listener for
 * the JVM's GC notifications ({@link GarbageCollectionNotificationInfo}) and keeps the largest sum
 * over all heap pools of the usage right after each collection ("after any GC": includes garbage a
 * young collection leaves in the old generation, so it is an upper bound of the live set); and a
 * daemon thread forces a full collection ({@link System#gc()}) every {@value #SAMPLE_MS} ms and keeps
 * the largest heap use right after it ("live": what the migration really holds at those moments,
 * sampled, so a short peak between two samples can be missed). The row counts must not move these
 * figures if memory is constant; a run that needs more than {@code -Xmx} dies with
 * {@code -XX:+ExitOnOutOfMemoryError} and shows a non-zero exit code.
 *
 * <p>Run with a PostgreSQL + pgvector server: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.agentdb.benchmarks.MigrateMemoryBenchmark AGENTDB_URL [rows,rows,...] [xmx] [dimension]}, e.g.
 * {@code postgresql://postgres@127.0.0.1:15432/agentdb 10000,100000,1000000 48m 8}. It creates
 * schemas {@code memory_bench_<rows>} (dropped first and after the run).
 */
public final class MigrateMemoryBenchmark {
    private static final String CHILD = "--child";
    private static final String RESULT = "MEMORY-BENCH ";
    private static final long SAMPLE_MS = 1_000;
    private static final int BUILD_BATCH = 50_000;

    private MigrateMemoryBenchmark() {
    }

    /**
     * @param args {@code AGENTDB_URL [rows,rows,...] [xmx] [dimension]}; {@code --child ARGS...} is the forked side
     * @throws Exception when a database or the forked JVM cannot be used
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && CHILD.equals(args[0])) {
            child(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length < 1) {
            System.out.println("usage: MigrateMemoryBenchmark AGENTDB_URL [rows,rows,...] [xmx] [dimension]");
            return;
        }
        String base = args[0];
        List<Integer> sizes = new ArrayList<>();
        for (String s : (args.length > 1 ? args[1] : "10000,100000,1000000").split(",")) {
            sizes.add(Integer.parseInt(s.trim().replace("_", "")));
        }
        String xmx = args.length > 2 ? args[2] : "48m";
        int dimension = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        Path dir = Files.createTempDirectory("agentdb-memory-bench");
        List<String> lines = new ArrayList<>();
        for (int rows : sizes) {
            String source = "sqlite:" + dir.resolve("source-" + rows + ".db");
            long t0 = System.nanoTime();
            build(source, rows, dimension);
            System.out.printf(Locale.ROOT, "source: %,d x %d (FLAT) in SQLite, filled in %.1f s%n", rows, dimension, seconds(t0));
            String schema = "memory_bench_" + rows;
            dropSchema(base, schema);
            String target = base + (base.contains("?") ? "&" : "?") + "schema=" + schema;
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + xmx, "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                    MigrateMemoryBenchmark.class.getName(), CHILD,
                    "migrate", "--from", source, "--to", target, "--no-progress", "--json"));
            long t1 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            double wall = seconds(t1);
            lines.add(row(rows, xmx, exit, out, wall));
            System.out.println(lines.get(lines.size() - 1));
            dropSchema(base, schema);
            Files.deleteIfExists(dir.resolve("source-" + rows + ".db"));
        }
        System.out.println();
        System.out.println(header());
        lines.forEach(System.out::println);
    }

    private static String header() {
        return String.format(Locale.ROOT, "| %11s | %5s | %4s | %16s | %18s | %6s | %8s | %10s | %8s |",
                "rows", "-Xmx", "exit", "peak live (MB)", "peak after GC (MB)", "GCs", "copy (s)", "rows/s", "wall (s)")
                + "\n|" + "-".repeat(13) + "|" + "-".repeat(7) + "|" + "-".repeat(6) + "|" + "-".repeat(18) + "|"
                + "-".repeat(20) + "|" + "-".repeat(8) + "|" + "-".repeat(10) + "|" + "-".repeat(12) + "|" + "-".repeat(10) + "|";
    }

    private static String row(int rows, String xmx, int exit, String out, double wall) throws Exception {
        double live = Double.NaN;
        double afterGc = Double.NaN;
        long gcs = -1;
        double copy = Double.NaN;
        double rate = Double.NaN;
        StringBuilder json = new StringBuilder();
        for (String line : out.split("\n")) {
            if (line.startsWith(RESULT)) {
                String[] f = line.substring(RESULT.length()).trim().split(" ");
                live = Long.parseLong(f[1]) / 1048576.0;
                afterGc = Long.parseLong(f[2]) / 1048576.0;
                gcs = Long.parseLong(f[3]);
            } else {
                json.append(line).append('\n');
            }
        }
        if (json.toString().trim().startsWith("{")) {
            JsonNode total = Json.mapper().readTree(json.toString()).get("total");
            copy = total.get("seconds").asDouble();
            rate = total.get("rowsPerSecond").asDouble();
        }
        return String.format(Locale.ROOT, "| %,11d | %5s | %4d | %16.1f | %18.1f | %6d | %8.1f | %,10.0f | %8.1f |",
                rows, xmx, exit, live, afterGc, gcs, copy, rate, wall);
    }

    /** The forked side: measures the heap while the CLI runs, then prints {@code MEMORY-BENCH exit live afterGc gcs}. */
    private static void child(String[] cliArgs) throws Exception {
        AtomicLong afterGc = new AtomicLong();
        AtomicLong gcs = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long used = 0;
                for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    if (isHeap(e.getKey())) {
                        used += e.getValue().getUsed();
                    }
                }
                afterGc.accumulateAndGet(used, Math::max);
                gcs.incrementAndGet();
            }, null, null);
        }
        AtomicLong live = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(SAMPLE_MS);
                } catch (InterruptedException e) {
                    return;
                }
                System.gc();
                live.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        int exit = AgentDbCli.commandLine().execute(cliArgs);
        sampler.interrupt();
        System.out.flush();
        System.out.println(RESULT + exit + " " + live.get() + " " + afterGc.get() + " " + gcs.get());
        System.exit(exit);
    }

    /** Heap pools of the usual collectors (G1, Parallel, Serial, ZGC, Shenandoah); not Metaspace, code cache, ... */
    private static boolean isHeap(String pool) {
        for (java.lang.management.MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) {
            if (b.getName().equals(pool)) {
                return b.getType() == java.lang.management.MemoryType.HEAP;
            }
        }
        return false;
    }

    /** Deterministic rows: seeded random components, an int and a string in the metadata, text on every third row. */
    private static void build(String url, int rows, int dimension) {
        Random random = new Random(rows);
        try (AgentDB db = AgentDB.open(url)) {
            db.adapter().createCollection("docs", new CollectionSpec(dimension, Metric.COSINE, IndexParams.flat()));
            for (int start = 0; start < rows; start += BUILD_BATCH) {
                List<VectorRecord> batch = new ArrayList<>(BUILD_BATCH);
                for (int i = start; i < Math.min(rows, start + BUILD_BATCH); i++) {
                    float[] v = new float[dimension];
                    for (int d = 0; d < dimension; d++) {
                        v[d] = (float) random.nextGaussian();
                    }
                    batch.add(new VectorRecord("doc-" + (10_000_000 + i), v, Map.of("i", (long) i, "group", "g" + (i % 10)),
                            i % 3 == 0 ? "text " + i : null, 1_700_000_000_000L + i));
                }
                db.adapter().insertBatch("docs", batch);
            }
        }
    }

    private static void dropSchema(String base, String schema) {
        try (AgentDB db = AgentDB.open(AgentDBConfig.builder(base).autoMigrate(false).build())) { // no AgentDB tables in public
            db.executeRaw("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
