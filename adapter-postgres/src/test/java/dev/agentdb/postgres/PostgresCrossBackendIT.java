package dev.agentdb.postgres;

import dev.agentdb.AgentDB;
import dev.agentdb.compat.CrossBackendAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;

/** The same records on SQLite (the reference adapter) and PostgreSQL give the same ids, scores and distances. */
class PostgresCrossBackendIT {
    private static final PostgresTestSupport SUPPORT = new PostgresTestSupport();

    @TempDir
    Path dir;

    @BeforeAll
    static void requireServer() {
        PostgresTestSupport.baseUrl();
    }

    @AfterAll
    static void dropTestSchemas() throws SQLException {
        SUPPORT.dropSchemas();
    }

    @Test
    void should_answer_like_the_sqlite_reference_adapter_for_every_metric() {
        try (AgentDB sqlite = AgentDB.open("sqlite:" + dir.resolve("reference.db"));
             AgentDB postgres = AgentDB.open(SUPPORT.newSchemaUrl())) {
            CrossBackendAssertions.assertSameResults(sqlite, postgres);
        }
    }
}
