package dev.agentdb.mysql;

import dev.agentdb.compat.AgentDBCompatibilitySuite;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole compatibility kit on MySQL Community 8.4, opt-in: with {@code AGENTDB_TEST_MYSQL_URL}
 * (any MySQL server, e.g. {@code mysql://root:pw@127.0.0.1:3306/agentdb}), else in a
 * {@value MysqlContainer#IMAGE} container when a Docker engine answers, else skipped with a message
 * (also under {@code CI=true}: no MySQL Community package exists for the machines the test command
 * runs on, so this path is never required).
 */
class MysqlContainerCompatibilityIT extends AgentDBCompatibilitySuite {
    @RegisterExtension
    static final MysqlTestSupport SUPPORT = MysqlTestSupport.optional("MYSQL", MysqlContainerCompatibilityIT::containerUrl);

    /** A separate method so that {@link MysqlContainer} (and Testcontainers) loads only when called. */
    static String containerUrl() {
        return MysqlContainer.url();
    }

    @Override
    protected String newDatabaseUrl() {
        return SUPPORT.newDatabaseUrl();
    }
}
