package dev.agentdb.migrations;

import dev.agentdb.BackendUnavailableException;
import dev.agentdb.ConflictException;
import dev.agentdb.InvalidInputException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Applies AgentDB's versioned schema to a JDBC database with Flyway, and reads the version stored
 * there.
 *
 * <p>What is versioned: the fixed tables of the AgentDB schema (the collection registry
 * {@code agentdb_collections}, and the state stores {@code agentdb_meta} and
 * {@code agentdb_migration_checkpoints}); per-collection tables are created by the
 * adapters at run time. Flyway records what it applied in {@value #HISTORY_TABLE}, inside the same
 * schema, so several AgentDB schemas can share one database.
 *
 * <p>A database whose stored version is higher than {@link Dialect#latestVersion()} was written by a
 * newer AgentDB: {@link #migrate} refuses it with a {@link ConflictException} and changes nothing.
 *
 * <p>Thread-safe and stateless; Flyway serialises concurrent migrations of one schema with a
 * database lock (an advisory lock on PostgreSQL).
 */
public final class SchemaMigrator {
    /** Name of Flyway's history table inside the AgentDB schema. */
    public static final String HISTORY_TABLE = "agentdb_schema_history";

    private static final Pattern SCHEMA_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private SchemaMigrator() {
    }

    /**
     * Migrates the schema to {@link Dialect#latestVersion()} (idempotent: an up-to-date schema is left
     * alone). Creates the schema when it does not exist.
     *
     * @param dataSource a data source of the database; never null
     * @param dialect the database's dialect; never null
     * @param schema the schema (namespace) holding the AgentDB tables, a plain identifier of 1 to 63
     *               letters, digits or {@code _}, case-sensitive (it is quoted)
     * @return the schema version after migrating
     * @throws InvalidInputException naming {@code schema} when it is not a plain identifier
     * @throws ConflictException when the stored version is newer than this library supports
     * @throws BackendUnavailableException when the database cannot be reached or a script fails
     */
    public static int migrate(DataSource dataSource, Dialect dialect, String schema) {
        checkArguments(dataSource, dialect, schema);
        refuseNewer(currentVersion(dataSource, dialect, schema), dialect);
        try {
            flyway(dataSource, dialect, schema).migrate();
        } catch (FlywayException e) {
            throw new BackendUnavailableException("migrating AgentDB schema '" + schema + "' (" + dialect.directory()
                    + ") to version " + dialect.latestVersion() + " failed: " + e.getMessage(), e);
        }
        return currentVersion(dataSource, dialect, schema);
    }

    /**
     * Reads the schema version recorded in the history table.
     *
     * @param dataSource a data source of the database; never null
     * @param dialect the database's dialect; never null
     * @param schema the AgentDB schema name (see {@link #migrate})
     * @return the highest successfully applied version, or 0 when the schema or its history table does not exist
     * @throws InvalidInputException naming {@code schema} when it is not a plain identifier
     * @throws BackendUnavailableException when the database cannot be reached
     */
    public static int currentVersion(DataSource dataSource, Dialect dialect, String schema) {
        checkArguments(dataSource, dialect, schema);
        try (Connection c = dataSource.getConnection()) {
            if (!historyExists(c, dialect, schema)) {
                return 0;
            }
            int best = 0;
            String sql = "SELECT version FROM " + quote(schema) + "." + HISTORY_TABLE
                    + " WHERE success AND version IS NOT NULL AND type <> 'SCHEMA'";
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    best = Math.max(best, majorVersion(rs.getString(1)));
                }
            }
            return best;
        } catch (SQLException e) {
            throw new BackendUnavailableException("cannot read the AgentDB schema version of '" + schema + "': " + e.getMessage(), e);
        }
    }

    /**
     * Throws when a stored version is newer than what this library's scripts reach.
     *
     * @param storedVersion the version read from the database
     * @param dialect the dialect
     * @throws ConflictException "database schema version N is newer than this library supports (M); upgrade AgentDB"
     */
    public static void refuseNewer(int storedVersion, Dialect dialect) {
        if (storedVersion > dialect.latestVersion()) {
            throw new ConflictException("database schema version " + storedVersion + " is newer than this library supports ("
                    + dialect.latestVersion() + "); upgrade AgentDB");
        }
    }

    private static Flyway flyway(DataSource dataSource, Dialect dialect, String schema) {
        return Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .table(HISTORY_TABLE)
                .locations(dialect.location())
                .cleanDisabled(true)
                .baselineOnMigrate(false)
                .load();
    }

    private static boolean historyExists(Connection c, Dialect dialect, String schema) throws SQLException {
        switch (dialect) {
            case POSTGRES:
            default: // information_schema is standard SQL
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
                    ps.setString(1, schema);
                    ps.setString(2, HISTORY_TABLE);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next();
                    }
                }
        }
    }

    /** Flyway versions are dotted ("2", "2.1"); the schema version is the first part. */
    static int majorVersion(String version) {
        String head = version.trim();
        int dot = head.indexOf('.');
        if (dot >= 0) {
            head = head.substring(0, dot);
        }
        try {
            return Integer.parseInt(head);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier + "\"";
    }

    private static void checkArguments(DataSource dataSource, Dialect dialect, String schema) {
        if (dataSource == null) {
            throw new InvalidInputException("dataSource", "must not be null");
        }
        if (dialect == null) {
            throw new InvalidInputException("dialect", "must not be null");
        }
        if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
            throw new InvalidInputException("schema", "'" + schema
                    + "' is not a plain identifier: expected a letter or '_' followed by up to 62 letters, digits or '_'");
        }
    }
}
