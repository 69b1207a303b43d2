package dev.agentdb.postgres;

import dev.agentdb.compat.TestBackends;
import dev.agentdb.postgres.internal.PostgresUrl;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;


/**
 * The PostgreSQL server of the integration tests: {@code AGENTDB_TEST_POSTGRES_URL} (e.g.
 * {@code postgresql://postgres@127.0.0.1:15432/agentdb}, see {@code scripts/backends.sh}), selected
 * by the kit's {@link TestBackends}: absent, the test is skipped with a message, or fails under {@code CI=true}. Each test database is a fresh
 * schema {@code kit_<random>} of that server, dropped by {@link #dropSchemas()}.
 */
final class PostgresTestSupport {
    static final String ENV = "AGENTDB_TEST_POSTGRES_URL";

    private final List<String> schemas = new CopyOnWriteArrayList<>();

    /**
     * @return the server URL, chosen by the kit's {@link TestBackends} ({@value #ENV}; skip when
     *         absent, failure under {@code CI=true})
     */
    static String baseUrl() {
        return TestBackends.url("POSTGRES");
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
