package dev.agentdb.mysql;

import dev.agentdb.compat.AgentDBCompatibilitySuite;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole compatibility kit on MariaDB 10.11 ({@code AGENTDB_TEST_MARIADB_URL}; no {@code VECTOR}
 * type: the in-house HNSW index), one fresh database per test.
 */
class MariadbCompatibilityIT extends AgentDBCompatibilitySuite {
    @RegisterExtension
    static final MysqlTestSupport SUPPORT = MysqlTestSupport.of("MARIADB");

    @Override
    protected String newDatabaseUrl() {
        return SUPPORT.newDatabaseUrl();
    }
}
