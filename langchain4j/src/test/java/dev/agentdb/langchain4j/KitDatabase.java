package dev.agentdb.langchain4j;

import dev.agentdb.AgentDB;
import dev.agentdb.compat.FreshDatabase;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.UUID;

/**
 * The database of one test class, the kit's {@link FreshDatabase} (a fresh SQLite file, PostgreSQL
 * schema, MariaDB or MongoDB database, dropped after the class; servers from the kit's {@code TestBackends}:
 * skipped without one, failing under {@code CI=true}), plus a store per test on a collection of its own.
 *
 * <pre>{@code
 * @RegisterExtension static final KitDatabase DB = KitDatabase.postgres();
 * @RegisterExtension final KitDatabase.Store store = DB.store();
 * }</pre>
 */
final class KitDatabase implements BeforeAllCallback, AfterAllCallback {
    /** all-MiniLM-L6-v2, the kit's embedding model. */
    static final int DIMENSION = 384;

    private final FreshDatabase fresh;
    private AgentDB db;

    private KitDatabase(String backend) {
        this.fresh = FreshDatabase.of(backend);
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

    /** The MongoDB server of the tests ({@code AGENTDB_TEST_MONGODB_URL}). */
    static KitDatabase mongodb() {
        return new KitDatabase("MONGODB");
    }

    /** The Cloudflare D1 emulator of the tests ({@code AGENTDB_TEST_D1_URL}, a database created through its API). */
    static KitDatabase d1() {
        return new KitDatabase("D1");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        fresh.beforeAll(context);
        db = fresh.db();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        db = null;
        fresh.afterAll(context);
    }

    /** @return a per-test store on a collection of its own, dropped after the test */
    Store store() {
        return new Store();
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
