package dev.agentdb.postgres;

import dev.agentdb.AgentDB;
import dev.agentdb.compat.CrossBackendAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The same records on SQLite (the reference adapter) and PostgreSQL give the same ids, scores and distances. */
class PostgresCrossBackendIT {
    @RegisterExtension
    static final PostgresTestSupport SUPPORT = new PostgresTestSupport();

    @TempDir
    Path dir;

    @Test
    void should_answer_like_the_sqlite_reference_adapter_for_every_metric() {
        try (AgentDB sqlite = AgentDB.open("sqlite:" + dir.resolve("reference.db"));
             AgentDB postgres = AgentDB.open(SUPPORT.newSchemaUrl())) {
            CrossBackendAssertions.assertSameResults(sqlite, postgres);
        }
    }
}
