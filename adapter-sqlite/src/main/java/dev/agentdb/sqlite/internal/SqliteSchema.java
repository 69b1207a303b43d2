package dev.agentdb.sqlite.internal;

import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
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
 * <p>Version {@value #VERSION} layout:
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
 * default collection, unchanged. Not API.
 */
public final class SqliteSchema {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteSchema.class);

    /** The collection registry of a SQLite file ({@code agentdb_collections}, lower-case index types). */
    public static final CollectionRegistry REGISTRY = new CollectionRegistry(SqlDialect.SQLITE, null, CollectionRegistry.Layout.HNSW_ONLY);

    /** The layout version this library writes and reads. */
    public static final int VERSION = 2;

    private static final String[] DDL = {
        "CREATE TABLE IF NOT EXISTS agentdb_schema (version INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS agentdb_collections (name TEXT PRIMARY KEY, dimension INTEGER NOT NULL, metric TEXT NOT NULL, "
                + "index_type TEXT NOT NULL, m INTEGER NOT NULL, ef_construction INTEGER NOT NULL, ef_search INTEGER NOT NULL, "
                + "created_at INTEGER NOT NULL)",
        CollectionTable.V1_EXT_DDL,
        "CREATE TABLE IF NOT EXISTS hnsw_metadata (collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT, "
                + "PRIMARY KEY (collection, key)) WITHOUT ROWID",
        // layout 2: one clustered row per node (one B-tree write per changed node, one cursor to load);
        // the few tombstones keep their vectors apart, so that node rows stay small
        "CREATE TABLE IF NOT EXISTS hnsw_graph (collection TEXT NOT NULL, node INTEGER NOT NULL, id TEXT NOT NULL, "
                + "level INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, neighbors BLOB NOT NULL, "
                + "PRIMARY KEY (collection, node)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS hnsw_tombstones (collection TEXT NOT NULL, node INTEGER NOT NULL, vector BLOB NOT NULL, "
                + "PRIMARY KEY (collection, node)) WITHOUT ROWID",
    };

    /**
     * Layout 1 to 2: the graph tables {@code hnsw_nodes} and {@code hnsw_edges} become
     * {@code hnsw_graph} and {@code hnsw_tombstones}, every node kept (a node without its edge row,
     * which layout 1 could hold after damage, is dropped; its graph then reads as stale and is
     * rebuilt from the rows on first use).
     */
    private static final String[] UPGRADE_1_TO_2 = {
        "INSERT INTO hnsw_graph (collection, node, id, level, deleted, neighbors) SELECT n.collection, n.node, n.id, n.level, "
                + "n.deleted, e.neighbors FROM hnsw_nodes n JOIN hnsw_edges e ON e.collection = n.collection AND e.node = n.node",
        "INSERT INTO hnsw_tombstones (collection, node, vector) SELECT collection, node, vector FROM hnsw_nodes "
                + "WHERE deleted <> 0 AND vector IS NOT NULL",
        "DROP TABLE hnsw_nodes",
        "DROP TABLE hnsw_edges",
    };

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
     * Creates or completes the layout (idempotent) and adopts a v1 {@code vectors} table. Run inside
     * a write transaction.
     *
     * @param c the writer connection
     * @param where the file, for messages
     * @return the version after migrating
     * @throws ConflictException when the stored version is newer, or {@code vectors} is not a v1 table
     * @throws SQLException from the driver
     */
    public static int migrate(Connection c, String where) throws SQLException {
        refuseNewer(c, where);
        int stored = version(c);
        try (Statement s = c.createStatement()) {
            for (String ddl : DDL) {
                s.execute(ddl);
            }
            if (stored == 1 && tableExists(c, "hnsw_nodes")) {
                for (String sql : UPGRADE_1_TO_2) {
                    s.execute(sql);
                }
                LOG.info("upgraded the AgentDB layout of '{}' from version 1 to {} (graph tables merged)", where, VERSION);
            }
            if (stored < VERSION) {
                s.execute("DELETE FROM agentdb_schema");
                s.execute("INSERT INTO agentdb_schema (version) VALUES (" + VERSION + ")");
            }
        }
        if (tableExists(c, CollectionTable.V1)) {
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
        return VERSION;
    }

    private static int firstDimension(Connection c) throws SQLException {
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
