package dev.agentdb.mysql;

import dev.agentdb.SearchRequest;
import dev.agentdb.VectorCollection;
import dev.agentdb.compat.AgentDBCompatibilitySuite;
import dev.agentdb.compat.TestVectors;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole compatibility kit on MariaDB 11.8 LTS ({@code AGENTDB_TEST_MARIADB11_URL}; has
 * {@code VECTOR} and {@code VECTOR INDEX}: cosine and l2 collections use MariaDB's index, inner product
 * ones the in-house HNSW index), one fresh database per test.
 */
class Mariadb11CompatibilityIT extends AgentDBCompatibilitySuite {
    @RegisterExtension
    static final MysqlTestSupport SUPPORT = MysqlTestSupport.of("MARIADB11");

    @Override
    protected String newDatabaseUrl() {
        return SUPPORT.newDatabaseUrl();
    }

    /**
     * Searches once: the first search after a commit that wrote to the table can miss a row that the
     * next identical search finds (the commit invalidates MariaDB's shared graph cache; 3 of 300 fresh
     * tables, 0 of 400 after one search, README), and the kit compares searches of a settled index,
     * through two handles or across a reopen.
     */
    @Override
    public void awaitSearchable(VectorCollection collection, long expectedCount) {
        collection.search(SearchRequest.of(TestVectors.uniform(1, collection.spec().dimension(), 1)[0], 1));
    }
}
