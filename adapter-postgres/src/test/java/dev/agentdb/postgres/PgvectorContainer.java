package dev.agentdb.postgres;

import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The optional Testcontainers server of the integration tests: {@value #IMAGE} (PostgreSQL 17 with
 * pgvector), started at most once per JVM on first call of {@link #url()} and stopped by
 * Testcontainers when the JVM exits.
 *
 * <p>Only {@link PostgresTestSupport#containerUrl()} refers to this class, and only the kit's
 * {@link dev.agentdb.compat.TestBackends} calls that, when {@code AGENTDB_TEST_POSTGRES_URL} is unset
 * and a Docker engine answers. Otherwise this class, and with it every Testcontainers class, is
 * never loaded.
 */
final class PgvectorContainer {
    /** The image: the official pgvector build on PostgreSQL 17, a drop-in for the {@code postgres} image. */
    static final String IMAGE = "pgvector/pgvector:pg17";

    private static PostgreSQLContainer<?> container;

    private PgvectorContainer() {
    }

    /**
     * Starts the container on first call (blocking until PostgreSQL accepts connections).
     *
     * @return an AgentDB URL of its database, {@code postgresql://user:password@host:port/db}
     * @throws RuntimeException from Testcontainers when the image cannot be pulled or started (the
     *         kit then skips, or fails under {@code CI=true}, with the cause in its message)
     */
    static synchronized String url() {
        if (container == null) {
            PostgreSQLContainer<?> c = new PostgreSQLContainer<>(
                    DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("postgres"));
            c.start();
            container = c;
        }
        return "postgresql://" + container.getUsername() + ":" + container.getPassword() + "@" + container.getHost() + ":"
                + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/" + container.getDatabaseName();
    }
}
