package dev.agentdb.postgres;

import dev.agentdb.compat.AgentDBCompatibilitySuite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.SQLException;

/** The whole compatibility kit on PostgreSQL + pgvector: one fresh schema per test database. */
class PostgresCompatibilityIT extends AgentDBCompatibilitySuite {
    private static final PostgresTestSupport SUPPORT = new PostgresTestSupport();

    @BeforeAll
    static void requireServer() {
        PostgresTestSupport.baseUrl();
    }

    @AfterAll
    static void dropTestSchemas() throws SQLException {
        SUPPORT.dropSchemas();
    }

    @Override
    protected String newDatabaseUrl() {
        return SUPPORT.newSchemaUrl();
    }
}
