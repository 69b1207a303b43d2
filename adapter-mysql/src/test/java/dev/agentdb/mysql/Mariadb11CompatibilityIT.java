package dev.agentdb.mysql;

import dev.agentdb.compat.AgentDBCompatibilitySuite;
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
}
