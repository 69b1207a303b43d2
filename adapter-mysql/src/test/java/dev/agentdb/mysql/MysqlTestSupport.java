package dev.agentdb.mysql;

import dev.agentdb.compat.ServerDatabases;
import dev.agentdb.compat.TestBackends;
import dev.agentdb.mysql.internal.MysqlUrl;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Supplier;

/**
 * One MySQL-protocol server of the integration tests ({@link ServerDatabases}: selected by the kit's
 * {@link TestBackends}, e.g. {@code AGENTDB_TEST_MARIADB_URL=mariadb://agent:agentpw@127.0.0.1:13306/agentdb},
 * see {@code scripts/backends.sh}); each test database is a fresh {@code CREATE DATABASE}, dropped after
 * the class.
 *
 * <p>A test class registers it as an extension:
 * {@code @RegisterExtension static final MysqlTestSupport SUPPORT = MysqlTestSupport.of("MARIADB");}.
 */
final class MysqlTestSupport extends ServerDatabases {
    private MysqlTestSupport(String backend, Supplier<String> container, boolean optional) {
        super(backend, container, optional);
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
     * @param container starts a container and returns its URL
     * @return the support
     */
    static MysqlTestSupport optional(String backend, Supplier<String> container) {
        return new MysqlTestSupport(backend, container, true);
    }

    @Override
    protected void create(String database) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4");
        }
    }

    @Override
    protected void drop(List<String> databases) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String db : databases) {
                s.execute("DROP DATABASE IF EXISTS `" + db + "`");
            }
        }
    }

    /** @return a plain JDBC connection to the base URL's database */
    Connection connect() throws SQLException {
        MysqlUrl url = MysqlUrl.parse(baseUrl());
        return DriverManager.getConnection(url.jdbcUrl(), url.driverProperties());
    }
}
