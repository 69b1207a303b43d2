package dev.agentdb.sqlite.internal;

import dev.agentdb.engine.GraphStorage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;

/**
 * A collection's HNSW graph in the tables {@code hnsw_metadata}, {@code hnsw_nodes} and
 * {@code hnsw_edges}, keyed by collection name (layout: {@link dev.agentdb.engine.GraphHeader}):
 * <ul>
 *   <li>{@code hnsw_metadata(collection, key, value)}: the header;</li>
 *   <li>{@code hnsw_nodes(collection, node, id, level, deleted, vector)}: one row per ordinal;
 *       {@code vector} is NULL for live nodes (their embedding is the collection row) and holds a
 *       tombstone's vector (little-endian float32);</li>
 *   <li>{@code hnsw_edges(collection, node, neighbors)}: one row per node, its encoded lists.</li>
 * </ul>
 * Bound to one connection and the transaction running on it; write statements are prepared once
 * per instance. Not thread-safe. Not API.
 */
public final class SqliteGraphStorage implements GraphStorage, AutoCloseable {
    private final Connection c;
    private final String collection;
    private PreparedStatement node;
    private PreparedStatement edge;
    private PreparedStatement header;

    /**
     * @param c a connection (the writer inside a transaction, or a reader inside a read snapshot)
     * @param collection the collection name
     */
    public SqliteGraphStorage(Connection c, String collection) {
        this.c = c;
        this.collection = collection;
    }

    @Override
    public Map<String, String> readHeader() {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT key, value FROM hnsw_metadata WHERE collection = ?")) {
            ps.setString(1, collection);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "reading the HNSW header of '" + collection + "'");
        }
        return out;
    }

    /** Merges the node rows and the edge rows, both in ordinal order, in one pass each (no join). */
    @Override
    public void readNodes(NodeSink sink) {
        try (PreparedStatement nodes = c.prepareStatement("SELECT node, id, level, deleted, vector FROM hnsw_nodes "
                + "WHERE collection = ? ORDER BY node");
             PreparedStatement edges = c.prepareStatement("SELECT node, neighbors FROM hnsw_edges WHERE collection = ? ORDER BY node")) {
            nodes.setString(1, collection);
            edges.setString(1, collection);
            try (ResultSet n = nodes.executeQuery(); ResultSet e = edges.executeQuery()) {
                boolean edgeRow = e.next();
                int edgeNode = edgeRow ? e.getInt(1) : Integer.MAX_VALUE;
                while (n.next()) {
                    int ordinal = n.getInt(1);
                    while (edgeRow && edgeNode < ordinal) { // edges of nodes that do not exist: ignored
                        edgeRow = e.next();
                        edgeNode = edgeRow ? e.getInt(1) : Integer.MAX_VALUE;
                    }
                    boolean deleted = n.getInt(4) != 0;
                    byte[] neighbors = edgeRow && edgeNode == ordinal ? e.getBytes(2) : null;
                    sink.node(ordinal, n.getString(2), n.getInt(3), deleted, deleted ? n.getBytes(5) : null, neighbors);
                }
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "reading the HNSW graph of '" + collection + "'");
        }
    }

    @Override
    public void writeHeader(Map<String, String> entries) {
        try {
            if (header == null) {
                header = c.prepareStatement("INSERT OR REPLACE INTO hnsw_metadata (collection, key, value) VALUES (?, ?, ?)");
            }
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                header.setString(1, collection);
                header.setString(2, entry.getKey());
                header.setString(3, entry.getValue());
                header.executeUpdate();
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "writing the HNSW header of '" + collection + "'");
        }
    }

    @Override
    public void writeNode(int ordinal, String id, int level, boolean deleted, byte[] tombstoneVector, byte[] neighbors) {
        try {
            if (node == null) {
                node = c.prepareStatement("INSERT INTO hnsw_nodes (collection, node, id, level, deleted, vector) VALUES (?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (collection, node) DO UPDATE SET id = excluded.id, level = excluded.level, "
                        + "deleted = excluded.deleted, vector = COALESCE(excluded.vector, hnsw_nodes.vector)");
                edge = c.prepareStatement("INSERT OR REPLACE INTO hnsw_edges (collection, node, neighbors) VALUES (?, ?, ?)");
            }
            node.setString(1, collection);
            node.setInt(2, ordinal);
            node.setString(3, id);
            node.setInt(4, level);
            node.setInt(5, deleted ? 1 : 0);
            if (tombstoneVector == null) {
                node.setNull(6, Types.BLOB);
            } else {
                node.setBytes(6, tombstoneVector);
            }
            node.executeUpdate();
            edge.setString(1, collection);
            edge.setInt(2, ordinal);
            edge.setBytes(3, neighbors);
            edge.executeUpdate();
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "writing HNSW node " + ordinal + " of collection '" + collection + "'");
        }
    }

    @Override
    public void clear() {
        for (String table : new String[] {"hnsw_metadata", "hnsw_nodes", "hnsw_edges"}) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE collection = ?")) {
                ps.setString(1, collection);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw SqliteErrors.translate(e, "clearing the HNSW graph of '" + collection + "'");
            }
        }
    }

    /** Closes the write statements. */
    @Override
    public void close() {
        for (PreparedStatement ps : new PreparedStatement[] {node, edge, header}) {
            if (ps != null) {
                try {
                    ps.close();
                } catch (SQLException e) {
                    throw SqliteErrors.translate(e, "closing HNSW statements");
                }
            }
        }
    }
}
