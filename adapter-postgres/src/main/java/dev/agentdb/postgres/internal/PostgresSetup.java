package dev.agentdb.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.sql.SqlDialect;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What happens once when a PostgreSQL adapter opens, before any collection is used: the driver
 * properties, the pgvector and schema checks on one plain connection, and the HikariCP pool whose
 * connections reach the AgentDB schema and pgvector's types on their search path. Not API.
 */
public final class PostgresSetup {
    private static final AtomicInteger POOLS = new AtomicInteger();

    /**
     * What opening learnt about the server.
     *
     * @param extensionSchema the schema pgvector is installed in (e.g. {@code public}; Supabase uses {@code extensions})
     * @param iterativeScan whether pgvector has iterative index scans (0.8+)
     */
    public record Server(String extensionSchema, boolean iterativeScan) {
    }

    private PostgresSetup() {
    }

    /**
     * @param config the adapter configuration (connect timeout, read-only)
     * @param url the parsed URL (its driver parameters)
     * @return the JDBC driver properties: the URL's, plus batched-insert rewriting, the application
     *         name {@code agentdb}, the connect/login timeouts in whole seconds and, for a read-only
     *         configuration or URL, {@code readOnlyMode=always} (pgJDBC then makes a connection set read-only
     *         refuse writes in auto-commit mode too, not only in transactions), unless the URL set them
     */
    public static Properties driverProperties(AgentDBConfig config, PostgresUrl url) {
        Properties props = url.driverProperties();
        if (config.readOnly() || url.readOnly()) {
            props.putIfAbsent("readOnlyMode", "always");
        }
        props.putIfAbsent("reWriteBatchedInserts", "true");
        props.putIfAbsent("ApplicationName", "agentdb");
        String seconds = Long.toString(Math.max(1, (config.connectTimeoutMs() + 999) / 1000));
        props.putIfAbsent("connectTimeout", seconds);
        props.putIfAbsent("loginTimeout", seconds);
        return props;
    }

    /**
     * On one plain connection, before the pool exists, under an advisory lock: ensures pgvector
     * (creating it in {@code public} when the user may) and the schema, and finds the extension's
     * schema so that the pool's search path reaches its types and operators. Read-only: on a
     * read-only connection, without the lock, creating nothing; a missing extension or schema is an error.
     *
     * @param url the parsed URL
     * @param props the driver properties
     * @param readOnly whether the database is opened read-only
     * @return what was learnt about the server
     * @throws BackendUnavailableException when the server cannot be reached, or pgvector is neither
     *         created nor creatable (the message says how to install it), or (read-only) pgvector or the
     *         schema does not exist
     */
    public static Server prepare(PostgresUrl url, Properties props, boolean readOnly) {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), props)) {
            c.setAutoCommit(false);
            c.setReadOnly(readOnly);
            try {
                if (!readOnly) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('agentdb:setup'))")) {
                        ps.execute();
                    }
                }
                String version = extensionVersion(c);
                if (version == null && readOnly) {
                    throw new BackendUnavailableException("PostgreSQL at " + url.redacted() + " has no pgvector extension ('vector')"
                            + " in this database, and a database opened read-only creates nothing; open it read-write once"
                            + " (or run CREATE EXTENSION vector)");
                }
                if (version == null) {
                    createExtension(c, url);
                    version = extensionVersion(c);
                }
                String extensionSchema;
                try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n"
                        + " ON n.oid = e.extnamespace WHERE e.extname = 'vector'");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    extensionSchema = rs.getString(1);
                }
                if (readOnly && !schemaExists(c, url.schema())) {
                    throw new BackendUnavailableException("PostgreSQL at " + url.redacted() + " has no schema '" + url.schema()
                            + "', and a database opened read-only creates nothing; open it read-write once (autoMigrate) to"
                            + " create the AgentDB schema there");
                }
                if (!readOnly) {
                    createSchemaIfMissing(c, url.schema());
                }
                c.commit();
                return new Server(extensionSchema, atLeast(version, 0, 8));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new BackendUnavailableException("cannot connect to PostgreSQL at " + url.redacted() + ": "
                    + PostgresErrors.redact(e.getMessage(), url), e);
        }
    }

    private static void createExtension(Connection c, PostgresUrl url) throws SQLException {
        String available = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT default_version FROM pg_available_extensions WHERE name = 'vector'");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                available = rs.getString(1);
            }
        }
        if (available == null) {
            throw new BackendUnavailableException("PostgreSQL at " + url.redacted()
                    + " does not have the pgvector extension ('vector') installed; install pgvector 0.7 or newer"
                    + " on the server (https://github.com/pgvector/pgvector: a postgresql-NN-pgvector package or"
                    + " 'make && make install'), then run CREATE EXTENSION vector");
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public");
        } catch (SQLException e) {
            throw new BackendUnavailableException("PostgreSQL at " + url.redacted() + " has pgvector " + available
                    + " available but the extension 'vector' is not created in this database and this user cannot"
                    + " create it (" + PostgresErrors.redact(e.getMessage(), url) + "); ask an administrator to run CREATE EXTENSION vector", e);
        }
    }

    private static boolean schemaExists(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void createSchemaIfMissing(Connection c, String schema) throws SQLException {
        if (!schemaExists(c, schema)) { // CREATE SCHEMA IF NOT EXISTS would still need the CREATE privilege
            try (Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + SqlDialect.POSTGRES.quote(schema));
            }
        }
    }

    private static String extensionVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT extversion FROM pg_extension WHERE extname = 'vector'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * @param version an extension version such as {@code 0.8.0}, or null
     * @param major the least major version
     * @param minor the least minor version within that major version
     * @return whether the version is at least {@code major.minor}; false for null or unparsable text
     */
    public static boolean atLeast(String version, int major, int minor) {
        if (version == null) {
            return false;
        }
        String[] parts = version.split("\\.");
        try {
            int a = Integer.parseInt(parts[0]);
            int b = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return a > major || (a == major && b >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Opens the HikariCP pool: {@link AgentDBConfig#poolSize()} connections whose search path is the
     * AgentDB schema, pgvector's schema (when elsewhere) and {@code public}, and whose
     * {@code lock_timeout} is {@link AgentDBConfig#busyTimeoutMs()}; read-only connections
     * (HikariCP {@code readOnly}: {@code Connection.setReadOnly(true)}) for {@link AgentDBConfig#readOnly()}
     * or {@link PostgresUrl#readOnly()}.
     *
     * @param config the adapter configuration (pool size, timeouts)
     * @param url the parsed URL
     * @param props the driver properties
     * @param extensionSchema the schema pgvector is installed in
     * @return the pool, owned by the caller
     * @throws BackendUnavailableException when the first connection cannot be made within the connect timeout
     */
    public static HikariDataSource openPool(AgentDBConfig config, PostgresUrl url, Properties props, String extensionSchema) {
        HikariConfig hc = new HikariConfig();
        hc.setDriverClassName("org.postgresql.Driver");
        hc.setJdbcUrl(url.jdbcUrl());
        hc.setDataSourceProperties(props);
        hc.setMaximumPoolSize(config.poolSize());
        hc.setMinimumIdle(Math.min(2, config.poolSize()));
        hc.setConnectionTimeout(Math.max(250, config.connectTimeoutMs()));
        hc.setInitializationFailTimeout(Math.max(1, config.connectTimeoutMs()));
        hc.setPoolName("agentdb-postgres-" + POOLS.incrementAndGet());
        hc.setReadOnly(config.readOnly() || url.readOnly());
        SqlDialect pg = SqlDialect.POSTGRES;
        String path = pg.quote(url.schema())
                + ("public".equals(extensionSchema) || url.schema().equals(extensionSchema) ? "" : ", " + pg.quote(extensionSchema))
                + ", public";
        hc.setConnectionInitSql("SET search_path TO " + path + "; SET lock_timeout = " + config.busyTimeoutMs());
        try {
            return new HikariDataSource(hc);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BackendUnavailableException("cannot connect to PostgreSQL at " + url.redacted() + ": "
                    + PostgresErrors.redact(cause.getMessage(), url), e);
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("cannot open a connection pool for " + url.redacted() + ": "
                    + PostgresErrors.redact(e.getMessage(), url), e);
        }
    }
}
