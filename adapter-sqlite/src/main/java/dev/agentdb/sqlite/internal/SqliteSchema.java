package dev.agentdb.sqlite.internal;

import dev.agentdb.BackendUnavailableException;
import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.ReadOnlyException;
import dev.agentdb.migrations.ConnectionDataSource;
import dev.agentdb.migrations.FlywayVersioning;
import dev.agentdb.migrations.SchemaScripts;
import dev.agentdb.sql.CollectionRegistry;
import dev.agentdb.sql.SqlDialect;
import dev.agentdb.sql.jdbc.JdbcExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The versioned schema of an AgentDB SQLite file: its tables, upgrades and the adoption of v1 files
 * (the registry's SQL is the shared {@link CollectionRegistry}).
 *
 * <p>The layout (version {@link #VERSION}):
 * <ul>
 *   <li>{@code agentdb_schema(version)}: one row, the layout version;</li>
 *   <li>{@code agentdb_collections(name, dimension, metric, index_type, m, ef_construction, ef_search, created_at)}:
 *       the registry, {@code created_at} in ms;</li>
 *   <li>one table per collection (see {@link CollectionTable}), {@code vectors} being the v1 table,
 *       with its side table {@value CollectionTable#V1_EXT};</li>
 *   <li>{@code hnsw_metadata}, {@code hnsw_graph}, {@code hnsw_tombstones}: the persisted graphs (see
 *       {@link SqliteGraphStorage}); layout 1 kept them in {@code hnsw_nodes} and {@code hnsw_edges},
 *       and a layout-1 file is upgraded in place when it is migrated (every node kept).</li>
 * </ul>
 * A file written by a newer layout is refused with {@link ConflictException}. A v1 file (a
 * {@code vectors} table and nothing else) is adopted on migration: the table is registered as the
 * default collection, unchanged. A file opened read-only is never upgraded or adopted: it is read
 * when its layout is current ({@link #checkReadable}), refused otherwise. Not API.
 */
public final class SqliteSchema {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteSchema.class);

    /** The collection registry of a SQLite file ({@code agentdb_collections}, lower-case index types). */
    public static final CollectionRegistry REGISTRY = new CollectionRegistry(SqlDialect.SQLITE, null, CollectionRegistry.Layout.HNSW_ONLY);

    /**
     * The layout's scripts in {@code db/agentdb/sqlite} of this jar, applied by Flyway
     * ({@link FlywayVersioning}): V1 the 0.1.0 layout, V2 the graph in one clustered table.
     */
    public static final SchemaScripts SCRIPTS = new SchemaScripts("db/agentdb/sqlite",
            List.of("V1__agentdb_layout.sql", "V2__graph_table.sql"));

    /** The layout version this library writes and reads. */
    public static final int VERSION = SCRIPTS.latestVersion();

    private SqliteSchema() {
    }

    /**
     * @param c a connection
     * @return the stored layout version, 0 when the file was never migrated
     * @throws SQLException from the driver
     */
    public static int version(Connection c) throws SQLException {
        if (!tableExists(c, "agentdb_schema")) {
            return 0;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(version) FROM agentdb_schema")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Refuses a file written by a newer layout.
     *
     * @param c a connection
     * @param where the file, for the message
     * @throws ConflictException when the stored version is newer than {@link #VERSION}
     * @throws SQLException from the driver
     */
    public static void refuseNewer(Connection c, String where) throws SQLException {
        int stored = version(c);
        if (stored > VERSION) {
            throw new ConflictException("SQLite database '" + where + "' has AgentDB schema version " + stored
                    + ", newer than version " + VERSION + " that this library understands; upgrade AgentDB to open it");
        }
    }

    /**
     * Brings the layout to {@link #VERSION} with Flyway, on the writer connection in auto-commit mode
     * (Flyway runs each script in a transaction of its own). A file at version 1 without a history
     * table was written by release 0.1.0: it is baselined at 1, so only the later scripts run, and
     * every row and graph node is kept. Does nothing to a file that is up to date.
     *
     * @param c the writer connection, in auto-commit mode, with the writer lock held
     * @param where the file, for messages
     * @return the version after upgrading
     * @throws ConflictException when the stored version is newer
     * @throws SQLException from the driver
     */
    public static int upgrade(Connection c, String where) throws SQLException {
        refuseNewer(c, where);
        int stored = version(c);
        if (stored == VERSION) {
            return VERSION;
        }
        FlywayVersioning versioning = new FlywayVersioning(new ConnectionDataSource(c), SCRIPTS, null);
        if (stored > 0 && versioning.currentVersion() == 0) {
            versioning = versioning.withBaseline(stored); // written before the history table: its tables are at that version
        }
        versioning.migrate();
        if (stored > 0) {
            LOG.info("upgraded the AgentDB layout of '{}' from version {} to {}", where, stored, VERSION);
        }
        return version(c);
    }

    /**
     * @param c a connection
     * @return whether {@link #adopt} would change anything: a {@code vectors} table not registered,
     *         or registered without a dimension while it has rows (v1 code wrote them)
     * @throws SQLException from the driver
     */
    public static boolean needsAdoption(Connection c) throws SQLException {
        if (!tableExists(c, CollectionTable.V1)) {
            return false;
        }
        Optional<CollectionSpec> registered = REGISTRY.find(JdbcExecutor.on(c), CollectionTable.V1);
        return registered.isEmpty() || (registered.get().dimension() == 0 && firstDimension(c) > 0);
    }

    /**
     * Adopts a v1 {@code vectors} table as the default collection, or fixes the default collection's
     * dimension when v1 code filled it behind AgentDB's back. Run inside a write transaction.
     *
     * @param c the writer connection
     * @param where the file, for messages
     * @throws ConflictException when {@code vectors} is not a v1 table
     * @throws SQLException from the driver
     */
    public static void adopt(Connection c, String where) throws SQLException {
        if (!tableExists(c, CollectionTable.V1)) {
            return;
        }
        Optional<CollectionSpec> registered = REGISTRY.find(JdbcExecutor.on(c), CollectionTable.V1);
        if (registered.isEmpty()) {
            adoptV1(c, where);
        } else if (registered.get().dimension() == 0) {
            int dimension = firstDimension(c);
            if (dimension > 0) { // v1 code filled the empty default collection behind our back
                REGISTRY.setDimension(JdbcExecutor.on(c), CollectionTable.V1, dimension);
                LOG.info("the default collection 'vectors' in '{}' received rows from v1 code; its dimension is now {}", where, dimension);
            }
        }
    }

    /**
     * Checks, without writing anything, that a file opened read-only can be read as it is: its layout
     * is the current one. A file that needs an upgrade (an older layout, or an AgentDB v1 file not
     * adopted yet) is refused, saying how to upgrade it; anything else has no AgentDB schema.
     *
     * @param c a connection
     * @param where the file, for messages
     * @throws ConflictException when the layout is newer than {@link #VERSION}
     * @throws ReadOnlyException when the file needs an upgrade or adoption, which only a read-write open performs
     * @throws BackendUnavailableException when the file has no AgentDB schema (empty, or other tables only)
     * @throws SQLException from the driver
     */
    public static void checkReadable(Connection c, String where) throws SQLException {
        refuseNewer(c, where);
        int stored = version(c);
        if (stored == VERSION) {
            return;
        }
        String howToUpgrade = "refused: the database was opened read-only; open it read-write once to upgrade it in place,"
                + " keeping every row (agentdb upgrade --db sqlite:" + where + ", or AgentDB.open without readOnly and mode=ro)";
        if (stored > 0) {
            throw new ReadOnlyException("upgrade the AgentDB layout of '" + where + "' from version " + stored + " to " + VERSION
                    + " (this library reads version " + VERSION + ")", howToUpgrade, null);
        }
        if (isV1Table(c)) {
            throw new ReadOnlyException("adopt the AgentDB v1 table 'vectors' of '" + where + "' as the default collection",
                    howToUpgrade, null);
        }
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                     + " ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        throw new BackendUnavailableException("SQLite database '" + where + "' is not an AgentDB database: "
                + (tables.isEmpty() ? "it has no tables" : "it has no AgentDB schema (its tables: " + abbreviated(tables) + ")")
                + "; opened read-only, nothing was created or changed");
    }

    private static String abbreviated(List<String> tables) {
        return tables.size() <= 10 ? String.join(", ", tables)
                : String.join(", ", tables.subList(0, 10)) + " and " + (tables.size() - 10) + " more";
    }

    /** @return whether the file has a {@code vectors} table of the v1 shape */
    private static boolean isV1Table(Connection c) throws SQLException {
        if (!tableExists(c, CollectionTable.V1)) {
            return false;
        }
        try {
            checkV1Shape(c);
            return true;
        } catch (ConflictException e) {
            return false;
        }
    }

    /**
     * @param c a connection
     * @return the dimension of the first row of the v1 {@code vectors} table (its embedding's bytes / 4),
     *         0 when it is empty
     * @throws SQLException from the driver
     */
    public static int firstDimension(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT length(embedding) FROM vectors ORDER BY rowid LIMIT 1")) {
            return rs.next() ? rs.getInt(1) / Float.BYTES : 0;
        }
    }

    private static void adoptV1(Connection c, String where) throws SQLException {
        checkV1Shape(c);
        int dimension = firstDimension(c);
        CollectionSpec spec = new CollectionSpec(dimension, Metric.COSINE, IndexParams.DEFAULT);
        REGISTRY.insert(JdbcExecutor.on(c), CollectionTable.V1, spec, System.currentTimeMillis());
        try (Statement s = c.createStatement()) {
            s.execute(CollectionTable.V1_EXT_TRIGGER);
        }
        LOG.info("adopted the AgentDB v1 table 'vectors' in '{}' as the default collection (dimension {}, cosine); "
                + "its HNSW graph is built on first use", where, dimension);
    }

    /**
     * Checks that an existing {@code vectors} table has the v1 columns.
     *
     * @param c a connection
     * @throws ConflictException when a column is missing
     * @throws SQLException from the driver
     */
    public static void checkV1Shape(Connection c) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(vectors)")) {
            while (rs.next()) {
                columns.add(rs.getString("name").toLowerCase(Locale.ROOT));
            }
        }
        for (String required : new String[] {"id", "embedding", "metadata", "norm", "timestamp"}) {
            if (!columns.contains(required)) {
                throw new ConflictException("table 'vectors' exists but is not an AgentDB v1 table: column '" + required
                        + "' is missing (found " + columns + ")");
            }
        }
    }

    /**
     * @param c a connection
     * @param table a table name
     * @return whether the table exists
     * @throws SQLException from the driver
     */
    public static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

}
