package dev.agentdb.postgres;

import dev.agentdb.compat.AgentDBCompatibilitySuite;
import org.junit.jupiter.api.extension.RegisterExtension;


/** The whole compatibility kit on PostgreSQL + pgvector: one fresh schema per test database. */
class PostgresCompatibilityIT extends AgentDBCompatibilitySuite {
    @RegisterExtension
    static final PostgresTestSupport SUPPORT = new PostgresTestSupport();

    @Override
    protected String newDatabaseUrl() {
        return SUPPORT.newSchemaUrl();
    }
}
