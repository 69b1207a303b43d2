package dev.agentdb.mysql;

import dev.agentdb.VectorCollection;
import dev.agentdb.compat.AgentDBCompatibilitySuite;
import dev.agentdb.compat.Records;
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
     * Warms MariaDB's graph cache: a search right after a commit that wrote to the table walks a
     * graph the commit invalidated (MariaDB's {@code MHNSW_Trx::do_commit}) and reloads lazily, and
     * until it holds the whole graph a search can answer differently from the same search later
     * (README). One search at a plain {@code efSearch} was not enough: after deleting 8 of 400
     * clustered 8-d rows and that search, one of 40 queries answered differently from its repeat in
     * 3 to 4 of 100 fresh databases (and once in CI, in the persistence contract); after one search
     * whose {@code efSearch} covers the collection, which visits and caches every reachable node
     * ({@link Records#searchWholeIndex}), 0 of 200. The kit compares searches of a settled index,
     * through two handles or across a reopen.
     */
    @Override
    public void awaitSearchable(VectorCollection collection, long expectedCount) {
        Records.searchWholeIndex(collection, expectedCount);
    }
}
