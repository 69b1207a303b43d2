package dev.agentdb.springai;

import dev.agentdb.AgentDB;
import dev.agentdb.Metric;
import dev.agentdb.compat.TestBackends;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The database of one test class (the approach of the langchain4j module's kit ITs): a fresh SQLite
 * file, PostgreSQL schema or MariaDB database, opened before the class and dropped after it. Servers
 * come from the compatibility kit's {@link TestBackends} ({@code AGENTDB_TEST_<BACKEND>_URL}; the class
 * is skipped without it, and fails under {@code CI=true}).
 */
final class KitDatabase implements BeforeAllCallback, AfterAllCallback {
    private final String backend;
    private Path sqliteDir;
    private String isolated;
    private AgentDB db;

    private KitDatabase(String backend) {
        this.backend = backend;
    }

    static KitDatabase sqlite() {
        return new KitDatabase("SQLITE");
    }

    static KitDatabase postgres() {
        return new KitDatabase("POSTGRES");
    }

    /** @param backend {@code MARIADB} (10.11) or {@code MARIADB11} (11.8) */
    static KitDatabase mariadb(String backend) {
        return new KitDatabase(backend);
    }

    AgentDB db() {
        return db;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String name = "sai_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        if ("SQLITE".equals(backend)) {
            sqliteDir = Files.createTempDirectory("agentdb-spring-ai");
            db = AgentDB.open("sqlite:" + sqliteDir.resolve("kit.db"));
        } else if ("POSTGRES".equals(backend)) {
            String pg = TestBackends.url(backend);
            isolated = name;
            db = AgentDB.open(pg + (pg.contains("?") ? "&" : "?") + "schema=" + name); // created when missing
        } else { // MariaDB / MySQL: a new database, created by the driver
            isolated = name;
            db = AgentDB.open(withDatabase(TestBackends.url(backend), name) + "createDatabaseIfNotExist=true");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (db == null) {
            return;
        }
        try {
            if ("POSTGRES".equals(backend)) {
                db.executeRaw("DROP SCHEMA IF EXISTS \"" + isolated + "\" CASCADE"); // our generated name, not input
            } else if (isolated != null) {
                db.executeRaw("DROP DATABASE IF EXISTS `" + isolated + "`");
            }
        } finally {
            db.close();
            if (sqliteDir != null) {
                try (Stream<Path> files = Files.walk(sqliteDir)) {
                    for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /** @return a per-test store on a collection of its own, dropped after the test */
    Store store() {
        return new Store();
    }

    /** The URL with another database and a query string ready for one more parameter. */
    private static String withDatabase(String url, String database) throws URISyntaxException {
        URI u = new URI(url);
        URI out = new URI(u.getScheme(), u.getRawUserInfo(), u.getHost(), u.getPort(), "/" + database, null, null);
        String query = u.getRawQuery();
        return out + "?" + (query == null || query.isEmpty() ? "" : query + "&");
    }

    /**
     * One test's {@link AgentDbVectorStore} over all-MiniLM-L6-v2: a new collection of its own, created on
     * first use (so a skipped class creates none) and dropped after the test.
     */
    final class Store implements AfterEachCallback {
        private AgentDbVectorStore store;

        /** @return the test's store on a cosine collection */
        AgentDbVectorStore get() {
            return get(Metric.COSINE);
        }

        /**
         * @param metric the metric of the collection, created on the first call
         * @return the test's store
         */
        AgentDbVectorStore get(Metric metric) {
            if (store == null) {
                String collection = "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
                store = AgentDbVectorStore.builder(db, MiniLmEmbeddingModel.INSTANCE)
                        .collection(collection).metric(metric).initializeSchema(true).build();
            }
            return store;
        }

        @Override
        public void afterEach(ExtensionContext context) {
            if (store != null) {
                db.dropCollection(store.collection().name());
                store = null;
            }
        }
    }
}
