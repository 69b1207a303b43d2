package dev.agentdb.migrations;

import dev.agentdb.BackendUnavailableException;
import dev.agentdb.ConflictException;
import dev.agentdb.InvalidInputException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * {@link SchemaVersioning} of a JDBC database with Flyway: the scripts of a {@link SchemaScripts}
 * applied in order, recorded in Flyway's history table {@value #HISTORY_TABLE} inside the AgentDB
 * schema (so several AgentDB schemas can share one database). The adapter adds the Flyway module
 * of its database ({@code flyway-database-postgresql}, ...; SQLite's is in {@code flyway-core}).
 *
 * <p>A database whose AgentDB tables predate its history table (written before the adapter kept
 * one) is adopted with a baseline: {@link #withBaseline(int)} tells which version its tables are at,
 * and only the scripts above it run. A schema that holds only other tables (a v1 SQLite file, a
 * shared PostgreSQL schema) is baselined at 0: every script runs.
 *
 * <p>Thread-safe and stateless between calls; Flyway serialises concurrent migrations of one schema
 * (an advisory lock on PostgreSQL; SQLite's single writer).
 */
public final class FlywayVersioning implements SchemaVersioning {
    /** Name of Flyway's history table inside the AgentDB schema. */
    public static final String HISTORY_TABLE = "agentdb_schema_history";

    private static final Pattern SCHEMA_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final SchemaScripts scripts;
    private final String schema;
    private final int baselineVersion;

    /**
     * @param dataSource a data source of the database; never null
     * @param scripts the adapter's scripts; never null
     * @param schema the schema (namespace) holding the AgentDB tables, a plain identifier of 1 to 63
     *               letters, digits or {@code _}, case-sensitive (it is quoted); null for the
     *               connection's default (SQLite's {@code main})
     * @throws InvalidInputException naming {@code schema} when it is not a plain identifier, or the
     *         data source or scripts when null
     */
    public FlywayVersioning(DataSource dataSource, SchemaScripts scripts, String schema) {
        this(dataSource, scripts, schema, 0);
    }

    private FlywayVersioning(DataSource dataSource, SchemaScripts scripts, String schema, int baselineVersion) {
        if (dataSource == null) {
            throw new InvalidInputException("dataSource", "must not be null");
        }
        if (scripts == null) {
            throw new InvalidInputException("scripts", "must not be null");
        }
        if (schema != null && !SCHEMA_NAME.matcher(schema).matches()) {
            throw new InvalidInputException("schema", "'" + schema
                    + "' is not a plain identifier: expected a letter or '_' followed by up to 62 letters, digits or '_'");
        }
        this.dataSource = dataSource;
        this.scripts = scripts;
        this.schema = schema;
        this.baselineVersion = baselineVersion;
    }

    /**
     * @param version the version the database's tables are at although it has no history table yet
     *                (1 to {@link #latestVersion()}); 0 for none
     * @return a versioning that baselines such a database at that version before migrating
     * @throws InvalidInputException naming {@code baselineVersion} when out of range
     */
    public FlywayVersioning withBaseline(int version) {
        if (version < 0 || version > scripts.latestVersion()) {
            throw new InvalidInputException("baselineVersion", "must be between 0 and " + scripts.latestVersion() + ", was " + version);
        }
        return new FlywayVersioning(dataSource, scripts, schema, version);
    }

    @Override
    public int latestVersion() {
        return scripts.latestVersion();
    }

    /**
     * Reads the schema version recorded in the history table.
     *
     * @return the highest successfully applied (or baselined) version, or 0 when the schema or its
     *         history table does not exist
     * @throws BackendUnavailableException when the database cannot be reached
     */
    @Override
    public int currentVersion() {
        try (Connection c = dataSource.getConnection()) {
            if (!historyExists(c)) {
                return 0;
            }
            String table = (schema == null ? "" : quote(schema) + ".") + HISTORY_TABLE;
            int best = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM " + table + " WHERE success AND version IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    best = Math.max(best, majorVersion(rs.getString(1)));
                }
            }
            return best;
        } catch (SQLException e) {
            throw new BackendUnavailableException("cannot read the AgentDB schema version" + (schema == null ? "" : " of '" + schema + "'")
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Migrates the schema to {@link #latestVersion()}, creating the schema when it does not exist.
     *
     * @return the schema version after migrating
     * @throws ConflictException when the stored version is newer than this library supports
     * @throws BackendUnavailableException when the database cannot be reached or a script fails
     */
    @Override
    public int migrate() {
        SchemaVersioning.refuseNewer(currentVersion(), latestVersion());
        try {
            flyway().migrate();
        } catch (FlywayException e) {
            throw new BackendUnavailableException("migrating the AgentDB schema" + (schema == null ? "" : " '" + schema + "'")
                    + " to version " + latestVersion() + " failed: " + e.getMessage(), e);
        }
        return currentVersion();
    }

    private Flyway flyway() {
        FluentConfiguration conf = Flyway.configure(FlywayVersioning.class.getClassLoader())
                .dataSource(dataSource)
                .table(HISTORY_TABLE)
                .locations(scripts.flywayLocation())
                .cleanDisabled(true)
                // a schema holding other tables but no history yet (a v1 SQLite file, PostgreSQL's public
                // schema) starts at the baseline: version 0 unless withBaseline says the tables are ours
                .baselineOnMigrate(true)
                .baselineVersion(Integer.toString(baselineVersion))
                .baselineDescription(baselineVersion == 0 ? "tables before AgentDB" : "AgentDB tables before the history table");
        if (schema != null) {
            conf = conf.schemas(schema).defaultSchema(schema).createSchemas(true);
        }
        return conf.load();
    }

    private boolean historyExists(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getTables(null, schema, HISTORY_TABLE, null)) {
            return rs.next();
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
}
