package dev.agentdb.postgres;

import dev.agentdb.compat.TestBackends;
import dev.agentdb.postgres.internal.PostgresUrl;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;


/**
 * The PostgreSQL server of the integration tests, selected by the kit's {@link TestBackends}:
 * {@code AGENTDB_TEST_POSTGRES_URL} (e.g. {@code postgresql://postgres@127.0.0.1:15432/agentdb}, see
 * {@code scripts/backends.sh}); else, when a Docker engine answers, a {@value PgvectorContainer#IMAGE}
 * container started once per JVM ({@link PgvectorContainer}, Testcontainers); else the test is
 * skipped with a message, or fails under {@code CI=true}. Each test database is a fresh schema
 * {@code kit_<random>} of that server, dropped by {@link #dropSchemas()}.
 *
 * <p>A test class registers it as an extension ({@code @RegisterExtension static final PostgresTestSupport
 * SUPPORT = new PostgresTestSupport();}): before the class it selects the server (or skips the class),
 * after it drops the class's schemas.
 *
 * <p>With the variable set, or without Docker, neither {@link PgvectorContainer} nor any
 * Testcontainers container or Docker class is loaded: the container is reached only through
 * {@link #containerUrl()}, which the kit calls only in the container case. (The one exception is
 * outside this code: once a JDBC connection is opened, the JDK's {@code DriverManager} loads and
 * registers the drivers of every jar on the class path, Testcontainers' {@code jdbc:tc:}
 * {@code ContainerDatabaseDriver} among them; registering it touches no Docker engine.)
 */
final class PostgresTestSupport implements BeforeAllCallback, AfterAllCallback {
    static final String ENV = "AGENTDB_TEST_POSTGRES_URL";

    private final List<String> schemas = new CopyOnWriteArrayList<>();

    /**
     * @return the server URL, chosen by the kit's {@link TestBackends} ({@value #ENV}, else a container
     *         when Docker answers; skip when neither, failure under {@code CI=true})
     */
    static String baseUrl() {
        return TestBackends.url("POSTGRES", PostgresTestSupport::containerUrl);
    }

    /**
     * The container starter handed to the kit. A separate method so that {@link PgvectorContainer}
     * (and Testcontainers) is loaded only when the kit calls it.
     *
     * @return the URL of the {@value PgvectorContainer#IMAGE} container, started on first call
     */
    static String containerUrl() {
        return PgvectorContainer.url();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        baseUrl();
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        dropSchemas();
    }

    /** @return the server URL with a new, unique schema, recorded for {@link #dropSchemas()} */
    String newSchemaUrl() {
        String schema = "kit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        schemas.add(schema);
        return withSchema(baseUrl(), schema);
    }

    static String withSchema(String url, String schema) {
        return url + (url.contains("?") ? "&" : "?") + "schema=" + schema;
    }

    /** Drops every schema this support created (with everything in it). */
    void dropSchemas() throws SQLException {
        if (schemas.isEmpty()) {
            return;
        }
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : schemas) {
                st.execute("DROP SCHEMA IF EXISTS \"" + s + "\" CASCADE");
            }
        }
        schemas.clear();
    }

    /** @return a plain JDBC connection to the test server (default search path) */
    static Connection connect() throws SQLException {
        PostgresUrl url = PostgresUrl.parse(baseUrl());
        return DriverManager.getConnection(url.jdbcUrl(), url.driverProperties());
    }
}
