package dev.agentdb.mysql;

import dev.agentdb.AgentDB;
import dev.agentdb.compat.CrossBackendAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The same records on SQLite (the reference adapter) and MariaDB 10.11 give the same ids, scores and distances. */
class MariadbCrossBackendIT {
    @RegisterExtension
    static final MysqlTestSupport SUPPORT = MysqlTestSupport.of("MARIADB");

    @TempDir
    Path dir;

    @Test
    void should_answer_like_the_sqlite_reference_adapter_for_every_metric() {
        try (AgentDB sqlite = AgentDB.open("sqlite:" + dir.resolve("reference.db"));
             AgentDB mariadb = AgentDB.open(SUPPORT.newDatabaseUrl())) {
            CrossBackendAssertions.assertSameResults(sqlite, mariadb);
        }
    }
}
