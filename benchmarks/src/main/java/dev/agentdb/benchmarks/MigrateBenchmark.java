package dev.agentdb.benchmarks;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.Metric;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.cli.AgentDbCli;
import dev.agentdb.internal.Json;
import org.postgresql.PGConnection;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code agentdb migrate} from SQLite to PostgreSQL against a bare {@code COPY} of the same rows,
 * in one run: fills a temporary SQLite file with {@code rows} random {@code dimension}-d vectors
 * (cosine, default HNSW) with metadata, migrates it (batches of 1,000, each with its checkpoint in
 * one transaction; validation timed separately), then {@code COPY}s the same rows in batches of
 * 1,000 (one transaction each) into a bare table and builds the same pgvector HNSW index once at the
 * end (what migrate does for a new target collection). With {@code --with-incremental-copy} it also
 * times the same COPY into a table whose index exists before the copy (pgvector inserts each row into
 * the graph: several times slower).
 *
 * <p>Run with a PostgreSQL + pgvector server ({@code scripts/backends.sh start postgres}):
 * {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.agentdb.benchmarks.MigrateBenchmark AGENTDB_URL JDBC_URL [rows] [dimension] [--with-incremental-copy]},
 * e.g. {@code postgresql://postgres@127.0.0.1:15432/agentdb} and
 * {@code jdbc:postgresql://127.0.0.1:15432/agentdb?user=postgres}; defaults 100,000 rows of 384
 * dimensions. It creates the schemas {@code migrate_bench}, {@code copy_bench} and
 * {@code copy_incremental_bench} (dropped first).
 */
public final class MigrateBenchmark {
    private static final int BATCH = 1_000;
    /** The adapter's default {@code maintenance_work_mem} for index builds, used for the bare build too. */
    private static final String MAINTENANCE_WORK_MEM = "1GB";

    private MigrateBenchmark() {
    }

    /**
     * @param args {@code AGENTDB_URL JDBC_URL [rows] [dimension] [--with-incremental-copy]}
     * @throws Exception when a database cannot be used
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.out.println("usage: MigrateBenchmark AGENTDB_URL JDBC_URL [rows] [dimension] [--with-incremental-copy]");
            return;
        }
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int dimension = args.length > 3 ? Integer.parseInt(args[3]) : 384;
        boolean incremental = args.length > 4 && args[4].equals("--with-incremental-copy");
        Path dir = Files.createTempDirectory("agentdb-migrate-bench");
        String source = "sqlite:" + dir.resolve("source.db");
        try (Connection pg = DriverManager.getConnection(args[1]); Statement s = pg.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS migrate_bench CASCADE");
        }

        long t0 = System.nanoTime();
        try (AgentDB db = AgentDB.open(source)) {
            VectorCollection docs = db.createCollection("docs", CollectionSpec.of(dimension, Metric.COSINE));
            for (int start = 0; start < rows; start += BATCH) {
                docs.insertBatch(batch(start, Math.min(rows, start + BATCH), dimension));
            }
        }
        System.out.printf(Locale.ROOT, "source: %,d x %d in SQLite, filled in %.1f s%n", rows, dimension, seconds(t0));

        String target = args[0] + (args[0].contains("?") ? "&" : "?") + "schema=migrate_bench";
        long t1 = System.nanoTime();
        int copied = AgentDbCli.commandLine().execute("migrate", "--from", source, "--to", target, "--no-validate", "--no-progress");
        double migrateSeconds = seconds(t1);
        long t2 = System.nanoTime();
        int validated = AgentDbCli.commandLine().execute("migrate", "--from", source, "--to", target, "--no-progress");
        double validateSeconds = seconds(t2);

        double copyThenIndex = copy(args[1], "copy_bench", rows, dimension, false);
        double copyIntoIndex = incremental ? copy(args[1], "copy_incremental_bench", rows, dimension, true) : Double.NaN;
        System.out.printf(Locale.ROOT, "agentdb migrate:  exit %d, %,d rows in %.1f s = %,.0f rows/s (batches of %d with a checkpoint each,"
                + " then one index build)%n", copied, rows, migrateSeconds, rows / migrateSeconds, BATCH);
        System.out.printf(Locale.ROOT, "validation rerun: exit %d in %.1f s (counts, per-row checksums, 20 exact searches)%n",
                validated, validateSeconds);
        System.out.printf(Locale.ROOT, "bare COPY, then CREATE INDEX: %,d rows in %.1f s = %,.0f rows/s (same batches; maintenance_work_mem %s)%n",
                rows, copyThenIndex, rows / copyThenIndex, MAINTENANCE_WORK_MEM);
        if (incremental) {
            System.out.printf(Locale.ROOT, "bare COPY into an indexed table: %,d rows in %.1f s = %,.0f rows/s (same batches, HNSW index created first)%n",
                    rows, copyIntoIndex, rows / copyIntoIndex);
        }
    }

    /**
     * COPYs the rows in batches of {@value #BATCH} (a transaction each) into a bare table of a new schema with the
     * same pgvector HNSW index as the migrated collection, created before the copy ({@code indexFirst}) or after it.
     *
     * @return seconds taken, index build included
     */
    private static double copy(String jdbcUrl, String schema, int rows, int dimension, boolean indexFirst) throws Exception {
        long t = System.nanoTime();
        String index = "CREATE INDEX ON " + schema + ".docs USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 100)";
        try (Connection pg = DriverManager.getConnection(jdbcUrl); Statement s = pg.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
            s.execute("CREATE TABLE " + schema + ".docs (id text PRIMARY KEY, embedding vector(" + dimension + "), metadata jsonb)");
            if (indexFirst) {
                s.execute(index);
            }
            pg.setAutoCommit(false);
            for (int start = 0; start < rows; start += BATCH) {
                StringBuilder text = new StringBuilder();
                for (VectorRecord r : batch(start, Math.min(rows, start + BATCH), dimension)) {
                    text.append(r.id()).append('\t').append(java.util.Arrays.toString(r.embedding()).replace(" ", ""))
                            .append('\t').append(Json.write(r.metadata()).replace("\\", "\\\\")).append('\n');
                }
                pg.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + schema + ".docs (id, embedding, metadata) FROM STDIN",
                        new StringReader(text.toString()));
                pg.commit();
            }
            if (!indexFirst) {
                s.execute("SET maintenance_work_mem = '" + MAINTENANCE_WORK_MEM + "'");
                s.execute(index);
                pg.commit();
            }
        }
        return seconds(t);
    }

    /** Deterministic rows {@code [from, to)}: seeded random components, small metadata. */
    private static List<VectorRecord> batch(int from, int to, int dimension) {
        List<VectorRecord> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            Random random = new Random(i);
            float[] v = new float[dimension];
            for (int j = 0; j < dimension; j++) {
                v[j] = (float) random.nextGaussian();
            }
            out.add(VectorRecord.of(String.format(Locale.ROOT, "doc-%07d", i), v,
                    Map.of("i", (long) i, "group", "g" + (i % 10), "even", i % 2 == 0)));
        }
        return out;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
