package dev.agentdb.sqlite.internal;

import dev.agentdb.AgentDBException;
import dev.agentdb.hnsw.GraphCodec;
import dev.agentdb.hnsw.GraphStore;
import dev.agentdb.hnsw.HnswConfig;
import dev.agentdb.internal.VectorCodec;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Writes an HNSW graph into the tables {@code hnsw_nodes}, {@code hnsw_edges} and {@code hnsw_metadata},
 * keyed by collection name. Layout (format version {@value #FORMAT_VERSION}):
 * <ul>
 *   <li>{@code hnsw_metadata(collection, key, value)}: {@code format_version}, {@code dimension},
 *       {@code metric}, {@code m}, {@code ef_construction}, {@code seed}, {@code entry_node}, {@code max_level};</li>
 *   <li>{@code hnsw_nodes(collection, node, id, level, deleted, vector)}: one row per ordinal; {@code id}
 *       is the record id; {@code vector} is NULL for live nodes (their embedding is the collection row)
 *       and holds the index's copy of the vector of tombstones (little-endian float32; unit length
 *       for cosine), whose rows are gone but which searches still traverse;</li>
 *   <li>{@code hnsw_edges(collection, node, neighbors)}: one row per node, all its layers' neighbour
 *       lists encoded by the hnsw module's {@link GraphCodec} (magic number and format version,
 *       refused when unknown).</li>
 * </ul>
 * Used inside the same transaction that writes the rows, so graph and rows commit together.
 * Not thread-safe; one instance per flush. Not API.
 */
public final class SqliteGraphStore implements GraphStore, AutoCloseable {
    /** The graph layout version this library writes; the loader refuses others. */
    public static final int FORMAT_VERSION = 1;

    private final Connection c;
    private final String collection;
    private final CollectionIndex state;
    private PreparedStatement node;
    private PreparedStatement edge;

    /**
     * @param c the writer connection, inside a transaction
     * @param collection collection name
     * @param state the ordinal to id mapping and the index (source of tombstone vectors)
     */
    public SqliteGraphStore(Connection c, String collection, CollectionIndex state) {
        this.c = c;
        this.collection = collection;
        this.state = state;
    }

    @Override
    public void writeNode(int nodeOrdinal, int level, boolean deleted, int[][] neighbors) {
        try {
            if (node == null) {
                node = c.prepareStatement("INSERT INTO hnsw_nodes (collection, node, id, level, deleted, vector) VALUES (?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (collection, node) DO UPDATE SET id = excluded.id, level = excluded.level, "
                        + "deleted = excluded.deleted, vector = COALESCE(excluded.vector, hnsw_nodes.vector)");
                edge = c.prepareStatement("INSERT OR REPLACE INTO hnsw_edges (collection, node, neighbors) VALUES (?, ?, ?)");
            }
            String id = state.id(nodeOrdinal);
            if (id == null) {
                throw new AgentDBException("HNSW node " + nodeOrdinal + " of collection '" + collection + "' has no record id");
            }
            node.setString(1, collection);
            node.setInt(2, nodeOrdinal);
            node.setString(3, id);
            node.setInt(4, level);
            node.setInt(5, deleted ? 1 : 0);
            node.setBytes(6, deleted ? VectorCodec.encode(state.index().vector(nodeOrdinal)) : null);
            node.executeUpdate();
            edge.setString(1, collection);
            edge.setInt(2, nodeOrdinal);
            edge.setBytes(3, GraphCodec.encode(neighbors));
            edge.executeUpdate();
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "writing HNSW node " + nodeOrdinal + " of collection '" + collection + "'");
        }
    }

    @Override
    public void writeEntryPoint(int nodeOrdinal, int maxLevel) {
        try {
            put(c, collection, "entry_node", Integer.toString(nodeOrdinal));
            put(c, collection, "max_level", Integer.toString(maxLevel));
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "writing the HNSW entry point of collection '" + collection + "'");
        }
    }

    /**
     * Writes the header rows of a new graph (format version and build parameters) and an empty entry point.
     *
     * @param c the writer connection
     * @param collection collection name
     * @param config the graph configuration
     * @throws SQLException from the driver
     */
    public static void writeHeader(Connection c, String collection, HnswConfig config) throws SQLException {
        put(c, collection, "format_version", Integer.toString(FORMAT_VERSION));
        put(c, collection, "dimension", Integer.toString(config.dimension()));
        put(c, collection, "metric", config.metric().wireName());
        put(c, collection, "m", Integer.toString(config.m()));
        put(c, collection, "ef_construction", Integer.toString(config.efConstruction()));
        put(c, collection, "seed", Long.toString(config.seed()));
        put(c, collection, "entry_node", "-1");
        put(c, collection, "max_level", "-1");
    }

    /**
     * Deletes a collection's graph rows.
     *
     * @param c the writer connection
     * @param collection collection name
     * @throws SQLException from the driver
     */
    public static void clear(Connection c, String collection) throws SQLException {
        for (String table : new String[] {"hnsw_metadata", "hnsw_nodes", "hnsw_edges"}) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE collection = ?")) {
                ps.setString(1, collection);
                ps.executeUpdate();
            }
        }
    }

    private static void put(Connection c, String collection, String key, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO hnsw_metadata (collection, key, value) VALUES (?, ?, ?)")) {
            ps.setString(1, collection);
            ps.setString(2, key);
            ps.setString(3, value);
            ps.executeUpdate();
        }
    }

    @Override
    public void close() {
        try {
            if (node != null) {
                node.close();
                edge.close();
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "closing HNSW statements");
        }
    }
}
