package dev.agentdb.mysql.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.mysql.MysqlServer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What happens once when a MySQL/MariaDB adapter opens: the Connector/J properties, the HikariCP
 * pool, and the detection of the server's family, version and vector abilities. Not API.
 */
public final class MysqlSetup {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

    private MysqlSetup() {
    }

    /**
     * @param config the adapter configuration (connect timeout)
     * @param url the parsed URL (its driver parameters win)
     * @return the driver properties: the URL's, plus UTF-8 ({@code utf8mb4}) with a binary
     *         connection collation, the current database for metadata calls without one
     *         ({@code nullDatabaseMeansCurrent}, which Flyway's table look-up needs), the connect
     *         timeout, and per driver: for MySQL Connector/J multi-row batches
     *         ({@code rewriteBatchedStatements}); for MariaDB Connector/J the binary protocol
     *         ({@code useServerPrepStmts}: statements prepared on the server once per connection and
     *         cached by the driver, 250 a connection by default ({@code prepStmtCacheSize}), so a bound
     *         vector travels as its bytes instead of escaped text and batches as bulk commands; this
     *         driver turns it off when {@code rewriteBatchedStatements} is set); unless the URL set them
     */
    public static Properties driverProperties(AgentDBConfig config, MysqlUrl url) {
        Properties props = url.driverProperties();
        props.putIfAbsent("characterEncoding", "UTF-8");
        props.putIfAbsent("connectionCollation", "utf8mb4_bin");
        if (url.mariadbDriver()) {
            // a 784-d query is 3 KB of float bytes, about 5.6 KB once escaped into a text-protocol
            // statement: as a binary parameter a search at efSearch 16 took 0.6 of the time (bare JDBC)
            props.putIfAbsent("useServerPrepStmts", "true");
        } else {
            props.putIfAbsent("rewriteBatchedStatements", "true");
        }
        props.putIfAbsent("nullDatabaseMeansCurrent", "true");
        props.putIfAbsent("connectTimeout", Long.toString(Math.max(1, config.connectTimeoutMs())));
        props.putIfAbsent("connectionAttributes", "program_name:agentdb");
        return props;
    }

    /**
     * Opens the pool: {@link AgentDBConfig#poolSize()} connections in {@code READ COMMITTED}, read-only
     * for {@link AgentDBConfig#readOnly()}
     * (every statement sees what committed before it; a write takes its collection's lock first, so
     * what it reads next is current), with InnoDB's lock wait bounded by
     * {@link AgentDBConfig#busyTimeoutMs()} (whole seconds, at least 1).
     *
     * @param config the adapter configuration
     * @param url the parsed URL
     * @param props the driver properties
     * @return the pool, owned by the caller
     * @throws BackendUnavailableException when the first connection cannot be made within the connect timeout
     */
    public static HikariDataSource openPool(AgentDBConfig config, MysqlUrl url, Properties props) {
        HikariConfig hc = new HikariConfig();
        hc.setDriverClassName(url.driverClassName());
        hc.setJdbcUrl(url.jdbcUrl());
        hc.setDataSourceProperties(props);
        hc.setMaximumPoolSize(config.poolSize());
        hc.setMinimumIdle(Math.min(2, config.poolSize()));
        hc.setConnectionTimeout(Math.max(250, config.connectTimeoutMs()));
        hc.setInitializationFailTimeout(Math.max(1, config.connectTimeoutMs()));
        hc.setPoolName("agentdb-mysql-" + POOLS.incrementAndGet());
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // read-only: Connector/J sends SET SESSION TRANSACTION READ ONLY, so the server refuses writes too (error 1792)
        hc.setReadOnly(config.readOnly());
        hc.setConnectionInitSql("SET SESSION innodb_lock_wait_timeout = " + Math.max(1, (config.busyTimeoutMs() + 999) / 1000));
        try {
            return new HikariDataSource(hc);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BackendUnavailableException("cannot connect to MySQL/MariaDB at " + url.redacted() + ": "
                    + MysqlErrors.redact(cause.getMessage(), url), e);
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("cannot open a connection pool for " + url.redacted() + ": "
                    + MysqlErrors.redact(e.getMessage(), url), e);
        }
    }

    /**
     * Asks the server what it is: {@code VERSION()} gives the family and version; the
     * {@code VECTOR} type is probed by converting a literal ({@code VEC_FromText} on MariaDB,
     * {@code STRING_TO_VECTOR} on MySQL), the vector index by MariaDB's {@code mhnsw_*} variables.
     *
     * @param c a connection
     * @return the server
     * @throws SQLException when {@code VERSION()} cannot be read
     */
    public static MysqlServer detect(Connection c) throws SQLException {
        String version;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            version = rs.getString(1);
        }
        boolean mariadb = version.toLowerCase(Locale.ROOT).contains("mariadb");
        Matcher m = VERSION.matcher(version);
        int major = m.find() ? Integer.parseInt(m.group(1)) : 0;
        int minor = major > 0 ? Integer.parseInt(m.group(2)) : 0;
        boolean vectorType = probe(c, mariadb ? "SELECT VEC_FromText('[1]')" : "SELECT STRING_TO_VECTOR('[1]')");
        boolean vectorIndex = mariadb && probe(c, "SHOW VARIABLES WHERE Variable_name = 'mhnsw_default_m'");
        return new MysqlServer(mariadb ? MysqlServer.Family.MARIADB : MysqlServer.Family.MYSQL, version, major, minor,
                vectorType, vectorIndex);
    }

    /** @return whether the query runs and returns a row */
    private static boolean probe(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }
}
