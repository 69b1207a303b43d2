package dev.agentdb.mysql;

import dev.agentdb.compat.TestBackends;
import dev.agentdb.mysql.internal.MysqlUrl;
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
import java.util.function.Supplier;

/**
 * One MySQL-protocol server of the integration tests, selected by the kit's {@link TestBackends}:
 * {@code AGENTDB_TEST_<BACKEND>_URL} (e.g. {@code mariadb://agent:agentpw@127.0.0.1:13306/agentdb},
 * see {@code scripts/backends.sh}), else an optional container, else the test class is skipped with
 * a message, or fails under {@code CI=true}. Each test database is a fresh database
 * {@code kit_<random>} of that server, dropped after the class.
 *
 * <p>A test class registers it as an extension:
 * {@code @RegisterExtension static final MysqlTestSupport SUPPORT = MysqlTestSupport.of("MARIADB");}.
 */
final class MysqlTestSupport implements BeforeAllCallback, AfterAllCallback {
    private final String backend;
    private final Supplier<String> container;
    private final boolean optional;
    private final List<String> databases = new CopyOnWriteArrayList<>();

    private MysqlTestSupport(String backend, Supplier<String> container, boolean optional) {
        this.backend = backend;
        this.container = container;
        this.optional = optional;
    }

    /**
     * @param backend the backend name of the variable, e.g. {@code MARIADB} for {@code AGENTDB_TEST_MARIADB_URL}
     * @return the support, without a container fallback
     */
    static MysqlTestSupport of(String backend) {
        return new MysqlTestSupport(backend, null, false);
    }

    /**
     * An opt-in server: skipped (never failed, also under {@code CI=true}) when the variable is unset
     * and no Docker engine answers.
     *
     * @param backend the backend name of the variable
     * @param container starts a container and returns its URL, called only when the variable is
     *                  unset and a Docker engine answers
     * @return the support
     */
    static MysqlTestSupport optional(String backend, Supplier<String> container) {
        return new MysqlTestSupport(backend, container, true);
    }

    /** @return the server URL (skip or CI failure when absent) */
    String baseUrl() {
        return TestBackends.url(backend, container);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (optional) {
            String variable = System.getenv("AGENTDB_TEST_" + backend + "_URL");
            org.junit.jupiter.api.Assumptions.assumeTrue(variable != null && !variable.isBlank() || TestBackends.dockerReachable(),
                    "the " + backend + " kit is opt-in: AGENTDB_TEST_" + backend + "_URL is unset and no Docker engine answers");
        }
        baseUrl();
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        if (databases.isEmpty()) {
            return;
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String db : databases) {
                s.execute("DROP DATABASE IF EXISTS `" + db + "`");
            }
        }
        databases.clear();
    }

    /** @return the URL of a new, empty database on the server, dropped after the class */
    String newDatabaseUrl() {
        String db = "kit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + db + "` CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + db + ": " + e.getMessage(), e);
        }
        databases.add(db);
        return withDatabase(baseUrl(), db);
    }

    /**
     * @param url a server URL with a database
     * @param database another database
     * @return the URL naming that database instead
     */
    static String withDatabase(String url, String database) {
        int q = url.indexOf('?');
        String head = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q);
        int slash = head.indexOf('/', head.indexOf("//") + 2);
        return head.substring(0, slash + 1) + database + query;
    }

    /** @return a plain JDBC connection to the base URL's database */
    Connection connect() throws SQLException {
        MysqlUrl url = MysqlUrl.parse(baseUrl());
        return DriverManager.getConnection(url.jdbcUrl(), url.driverProperties());
    }
}
