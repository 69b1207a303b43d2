package dev.agentdb.langchain4j;

import dev.agentdb.AgentDB;
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
 * The database of one kit test class: a fresh SQLite file, PostgreSQL schema or MariaDB database,
 * opened before the class and dropped after it. Servers come from the compatibility kit's
 * {@link TestBackends} ({@code AGENTDB_TEST_<BACKEND>_URL}; the class is skipped without it, and fails
 * under {@code CI=true}), as for every adapter's own ITs.
 *
 * <pre>{@code
 * @RegisterExtension static final KitDatabase DB = KitDatabase.postgres();
 * @RegisterExtension final KitDatabase.Store store = DB.store();
 * }</pre>
 */
final class KitDatabase implements BeforeAllCallback, AfterAllCallback {
    /** all-MiniLM-L6-v2, the kit's embedding model. */
    static final int DIMENSION = 384;

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

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String name = "lc4j_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        switch (backend) {
            case "SQLITE":
                sqliteDir = Files.createTempDirectory("agentdb-lc4j");
                db = AgentDB.open("sqlite:" + sqliteDir.resolve("kit.db"));
                break;
            case "POSTGRES":
                String pg = TestBackends.url(backend);
                isolated = name;
                db = AgentDB.open(pg + (pg.contains("?") ? "&" : "?") + "schema=" + name); // created when missing
                break;
            default: // MariaDB / MySQL: a new database, created by the driver
                isolated = name;
                db = AgentDB.open(withDatabase(TestBackends.url(backend), name) + "createDatabaseIfNotExist=true");
                break;
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
     * One test's {@link AgentDbEmbeddingStore}: a new cosine collection of {@value #DIMENSION}
     * dimensions, created on first use (so a skipped class creates none) and dropped after the test.
     */
    final class Store implements AfterEachCallback {
        private AgentDbEmbeddingStore store;

        AgentDbEmbeddingStore get() {
            if (store == null) {
                String collection = "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
                store = AgentDbEmbeddingStore.builder().agentDb(db).collection(collection).dimension(DIMENSION).build();
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
