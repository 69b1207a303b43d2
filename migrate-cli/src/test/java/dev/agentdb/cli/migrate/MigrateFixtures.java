package dev.agentdb.cli.migrate;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.VectorRecord;
import dev.agentdb.cli.testing.Cli;
import dev.agentdb.compat.ServerDatabases;
import dev.agentdb.compat.TestBackends;
import dev.agentdb.spi.DatabaseAdapter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Databases and deterministic data for the migrate tests. */
final class MigrateFixtures {
    /**
     * A SQLite source with the v1 default collection 'vectors' (cosine, 300 rows), 'docs' (l2, HNSW
     * m=8, 452 rows, two ids whose UTF-16 order differs from their code-point order) and 'dots'
     * (inner product, FLAT, 120 rows).
     *
     * @param file the database file to create
     * @return its URL
     */
    static String mixedSource(Path file) {
        String url = "sqlite:" + file;
        try (AgentDB db = AgentDB.open(url)) {
            DatabaseAdapter a = db.adapter();
            a.createCollection("vectors", CollectionSpec.of(8, Metric.COSINE));
            a.insertBatch("vectors", records("v", 300, 8, 1));
            a.createCollection("docs", new CollectionSpec(12, Metric.L2, IndexParams.hnsw(8, 40, 32)));
            List<VectorRecord> docs = new ArrayList<>(records("d", 450, 12, 2));
            docs.add(new VectorRecord("z\uD83D\uDE00", docs.get(0).embedding(), Map.of("k", "emoji"), null, 1L));
            docs.add(new VectorRecord("z\uFF5E", docs.get(1).embedding(), Map.of("k", "fullwidth"), "t", 2L));
            a.insertBatch("docs", docs);
            a.createCollection("dots", new CollectionSpec(4, Metric.INNER_PRODUCT, IndexParams.flat()));
            a.insertBatch("dots", records("p", 120, 4, 3));
        }
        return url;
    }

    /**
     * Runs {@code agentdb migrate} and checks that it succeeded, said {@code expected} and "Validation passed.", and
     * that the target now holds exactly the {@link #mixedSource} data.
     *
     * @param src the URL of the {@link #mixedSource}
     * @param from the source of this step
     * @param to its target
     * @param batchSize its batch size
     * @param expected a line the run prints, e.g. {@code 'docs': 452 row(s) copied}
     * @return what the run printed
     */
    static Cli.Result migrateExactly(String src, String from, String to, int batchSize, String expected) {
        Cli.Result r = Cli.run("migrate", "--from", from, "--to", to, "--batch-size", Integer.toString(batchSize));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains(expected).contains("Validation passed.");
        assertSameData(src, to, "vectors", "docs", "dots");
        return r;
    }

    /**
     * Asserts that two databases hold the same specs and rows of the collections, and that the
     * migration validator finds them equal (checksums, exact searches).
     *
     * @param a one database URL
     * @param b the other
     * @param collections the collections to compare
     */
    static void assertSameData(String a, String b, String... collections) {
        try (AgentDB x = AgentDB.open(a); AgentDB y = AgentDB.open(b)) {
            for (String c : collections) {
                assertThat(y.adapter().collectionSpec(c)).as(c).isEqualTo(x.adapter().collectionSpec(c));
                List<VectorRecord> rx = scanAll(x.adapter(), c);
                List<VectorRecord> ry = scanAll(y.adapter(), c);
                assertThat(ry).as(c).hasSize(rx.size()).isEqualTo(rx);
                ValidationReport v = new Validator(x.adapter(), y.adapter(), 100, 20, () -> false).validate(c);
                assertThat(v.ok()).as(v.problems().toString()).isTrue();
                assertThat(v.meanOverlap()).isGreaterThanOrEqualTo(0.99);
            }
        }
    }

    private MigrateFixtures() {
    }

    /**
     * @return a URL of a fresh, unique PostgreSQL schema on the test server (skips without the server)
     */
    static String freshPostgres() {
        String base = TestBackends.url("POSTGRES");
        return base + (base.contains("?") ? "&" : "?") + "schema=" + uniqueName();
    }

    /** @return {@code mig_} and 12 random hex digits: the name of a fresh schema or database */
    private static String uniqueName() {
        byte[] b = new byte[6];
        new Random().nextBytes(b);
        return "mig_" + HexFormat.of().formatHex(b);
    }

    /**
     * @return a URL of a fresh, unique database on the MariaDB 11.8 test server, created by the driver on
     *         first connect ({@code createDatabaseIfNotExist}); skips without the server
     */
    static String freshMariadb() {
        String url = ServerDatabases.withDatabase(TestBackends.url("MARIADB11"), uniqueName());
        return url + (url.contains("?") ? "&" : "?") + "createDatabaseIfNotExist=true";
    }

    /**
     * @return a URL of a fresh, unique database {@code mig_<12 hex digits>} on the MongoDB test server
     *         ({@code AGENTDB_TEST_MONGODB_URL}, its database replaced; MongoDB creates it on first write); skips
     *         without the server
     */
    static String freshMongodb() {
        return ServerDatabases.withDatabase(TestBackends.url("MONGODB"), uniqueName());
    }

    /**
     * Creates {@code shards} fresh databases through the D1 API of {@code AGENTDB_TEST_D1_URL} (the emulator of
     * {@code scripts/backends.sh}; {@code POST .../d1/database}, token from {@code CLOUDFLARE_API_TOKEN}); skips
     * without it.
     *
     * @param shards how many databases, 1 or more
     * @return {@code d1://ACCOUNT/ID1,ID2,...?endpoint=...}: one database, or one sharded over them
     */
    static String freshD1(int shards) {
        String base = TestBackends.url("D1");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            ids.add(dev.agentdb.compat.D1Databases.create(base, uniqueName()));
        }
        return ServerDatabases.withDatabase(base, String.join(",", ids));
    }

    /** Deletes the databases of a URL made by {@link #freshD1}. */
    private static void dropD1(String url) {
        for (String id : dev.agentdb.d1.internal.D1Shards.databases(url)) {
            try {
                dev.agentdb.compat.D1Databases.delete(url, id);
            } catch (RuntimeException e) {
                System.err.println("could not delete D1 database " + id + ": " + e);
            }
        }
    }

    /**
     * Creates a SQLite file holding one collection of {@link #records} rows.
     *
     * @param file the database file to create
     * @param collection the collection name
     * @param spec its spec; its dimension is the records'
     * @param prefix id prefix of the records
     * @param rows how many records
     * @param seed random seed of the records
     * @return the file's URL
     */
    static String sqliteSource(Path file, String collection, CollectionSpec spec, String prefix, int rows, long seed) {
        String url = "sqlite:" + file;
        try (AgentDB db = AgentDB.open(url)) {
            db.createCollection(collection, spec);
            List<VectorRecord> all = records(prefix, rows, spec.dimension(), seed);
            for (int i = 0; i < rows; i += 10_000) {
                db.adapter().insertBatch(collection, all.subList(i, Math.min(rows, i + 10_000)));
            }
        }
        return url;
    }

    /**
     * Drops the schema or database of a URL made by {@link #freshPostgres()}, {@link #freshMariadb()} or
     * {@link #freshMongodb()} (best effort).
     */
    static void dropTarget(String url) {
        if (url == null) {
            return;
        }
        if (url.startsWith("mongodb:")) {
            dropMongodb(url);
            return;
        }
        if (url.startsWith("d1:")) {
            dropD1(url);
            return;
        }
        if (url.startsWith("mariadb:")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("/(mig_[0-9a-f]{12})\\?").matcher(url);
            if (m.find()) {
                dropMariadb(m.group(1));
            }
            return;
        }
        int at = url.indexOf("schema=mig_");
        if (at < 0) {
            return;
        }
        String schema = url.substring(at + "schema=".length()).replaceAll("[^A-Za-z0-9_].*$", "");
        String base = TestBackends.url("POSTGRES");
        try (AgentDB db = AgentDB.open(AgentDBConfig.builder(base).autoMigrate(false).build())) { // no AgentDB tables in public
            db.executeRaw("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (RuntimeException e) {
            System.err.println("could not drop schema " + schema + ": " + e);
        }
    }

    /** Drops the database of a URL made by {@link #freshMongodb()} with the official driver (its name matched {@code mig_<12 hex digits>}). */
    private static void dropMongodb(String url) {
        String database = new com.mongodb.ConnectionString(url).getDatabase();
        if (database == null || !database.matches("mig_[0-9a-f]{12}")) {
            return;
        }
        try (com.mongodb.client.MongoClient c = com.mongodb.client.MongoClients.create(url)) {
            c.getDatabase(database).drop();
        } catch (RuntimeException e) {
            System.err.println("could not drop database " + database + ": " + e);
        }
    }

    /** Drops a database made by {@link #freshMariadb()} (its name matched {@code mig_<12 hex digits>}). */
    private static void dropMariadb(String database) {
        dev.agentdb.mysql.internal.MysqlUrl url = dev.agentdb.mysql.internal.MysqlUrl.parse(TestBackends.url("MARIADB11"));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url.jdbcUrl(), url.driverProperties());
             java.sql.Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + database + "`");
        } catch (java.sql.SQLException e) {
            System.err.println("could not drop database " + database + ": " + e);
        }
    }

    /**
     * Deterministic records: metadata with every JSON type, text on every other row.
     *
     * @param prefix id prefix
     * @param n how many
     * @param dim dimension
     * @param seed random seed
     * @return the records, with timestamps
     */
    static List<VectorRecord> records(String prefix, int n, int dim, long seed) {
        Random r = new Random(seed);
        List<VectorRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = new float[dim];
            for (int d = 0; d < dim; d++) {
                v[d] = (float) r.nextGaussian();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("i", (long) i);
            m.put("big", 9_007_199_254_740_993L + i);
            m.put("f", i / 8.0 + 0.125);
            m.put("neg", -1.5e-3 * (i + 1)); // not -0.0: PostgreSQL jsonb stores numeric, which has no negative zero
            m.put("s", "row \"" + i + "\" é 漢字 😀");
            m.put("b", i % 2 == 0);
            m.put("nil", null);
            m.put("list", List.of(1L, "two", 3.5, false, Map.of("deep", List.of())));
            m.put("obj", Map.of("a", Map.of("b", (long) (i % 3)), "empty", Map.of()));
            out.add(new VectorRecord(prefix + String.format("%05d", i), v, m, i % 2 == 0 ? "text of " + i : null,
                    1_700_000_000_000L + i));
        }
        return out;
    }

    /**
     * @param adapter an adapter
     * @param collection a collection
     * @return every record in id order
     */
    static List<VectorRecord> scanAll(DatabaseAdapter adapter, String collection) {
        List<VectorRecord> all = new ArrayList<>();
        String after = null;
        while (true) {
            List<VectorRecord> page = adapter.scan(collection, after, 1000);
            all.addAll(page);
            if (page.size() < 1000) {
                return all;
            }
            after = page.get(page.size() - 1).id();
        }
    }
}
