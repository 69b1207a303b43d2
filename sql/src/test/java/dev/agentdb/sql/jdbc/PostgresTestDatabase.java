package dev.agentdb.sql.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentdb.compat.TestBackends;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * A fresh schema {@code sqlit_<random>} on the PostgreSQL server of {@code AGENTDB_TEST_POSTGRES_URL}
 * (the kit's {@link TestBackends}: skipped without it, a failure under {@code CI=true}), dropped by
 * {@link #close()}. Connections have that schema first on their search path.
 */
final class PostgresTestDatabase implements AutoCloseable {
    final String schema = "sqlit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private final String jdbcUrl;
    private final Properties props = new Properties();

    PostgresTestDatabase() throws SQLException {
        URI uri = URI.create(TestBackends.url("POSTGRES").replaceFirst("^jdbc:", "").replaceFirst("^postgres(ql)?:", "postgresql:"));
        jdbcUrl = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + uri.getRawPath();
        if (uri.getRawUserInfo() != null) {
            String[] user = uri.getRawUserInfo().split(":", 2);
            props.setProperty("user", decode(user[0]));
            if (user.length > 1) {
                props.setProperty("password", decode(user[1]));
            }
        }
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                if (!kv[0].equals("schema")) {
                    props.setProperty(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
                }
            }
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, props); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** @return a new pool of up to 4 connections on the schema; the caller closes it (or hands it to a strategy) */
    HikariDataSource pool() {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl);
        hc.setDataSourceProperties(props);
        hc.setMaximumPoolSize(4);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(5_000);
        hc.setPoolName("sqlit-" + schema.toLowerCase(Locale.ROOT));
        hc.setConnectionInitSql("SET search_path TO " + schema);
        return new HikariDataSource(hc);
    }

    /** @return a plain auto-commit connection on the schema, outside every pool; the caller closes it */
    Connection plain() throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl, props);
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
        }
        return c;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, props); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
