package dev.agentdb.sqlite.internal;

import dev.agentdb.engine.GraphStorage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A collection's HNSW graph in the tables {@code hnsw_metadata}, {@code hnsw_graph} and
 * {@code hnsw_tombstones}, keyed by collection name (header layout: {@link dev.agentdb.engine.GraphHeader}):
 * <ul>
 *   <li>{@code hnsw_metadata(collection, key, value)}: the header;</li>
 *   <li>{@code hnsw_graph(collection, node, id, level, deleted, neighbors)}, {@code WITHOUT ROWID}:
 *       one row per ordinal, clustered by (collection, node), so a changed node is one B-tree write
 *       and a load is one ordered cursor; {@code neighbors} holds all its layers' lists;</li>
 *   <li>{@code hnsw_tombstones(collection, node, vector)}: the vector (little-endian float32) of each
 *       tombstone, whose row is gone but which searches still traverse; live nodes' vectors are
 *       their collection rows.</li>
 * </ul>
 * Bound to one connection and the transaction running on it; write statements are prepared once
 * per instance. Not thread-safe. Not API.
 */
public final class SqliteGraphStorage implements GraphStorage, AutoCloseable {
    private final Connection c;
    private final String collection;
    private PreparedStatement node;
    private PreparedStatement tombstone;
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

    /** Merges the node rows with the (few) tombstone rows, both in ordinal order, in one pass each. */
    @Override
    public void readNodes(NodeSink sink) {
        try (PreparedStatement nodes = c.prepareStatement("SELECT node, id, level, deleted, neighbors FROM hnsw_graph "
                + "WHERE collection = ? ORDER BY node");
             PreparedStatement dead = c.prepareStatement("SELECT node, vector FROM hnsw_tombstones WHERE collection = ? ORDER BY node")) {
            nodes.setString(1, collection);
            dead.setString(1, collection);
            try (ResultSet n = nodes.executeQuery(); ResultSet t = dead.executeQuery()) {
                boolean tombRow = t.next();
                int tombNode = tombRow ? t.getInt(1) : Integer.MAX_VALUE;
                while (n.next()) {
                    int ordinal = n.getInt(1);
                    boolean deleted = n.getInt(4) != 0;
                    byte[] vector = null;
                    if (deleted) {
                        while (tombRow && tombNode < ordinal) {
                            tombRow = t.next();
                            tombNode = tombRow ? t.getInt(1) : Integer.MAX_VALUE;
                        }
                        vector = tombRow && tombNode == ordinal ? t.getBytes(2) : null;
                    }
                    sink.node(ordinal, n.getString(2), n.getInt(3), deleted, vector, n.getBytes(5));
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
                node = c.prepareStatement("INSERT INTO hnsw_graph (collection, node, id, level, deleted, neighbors) VALUES (?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (collection, node) DO UPDATE SET id = excluded.id, level = excluded.level, "
                        + "deleted = excluded.deleted, neighbors = excluded.neighbors");
            }
            node.setString(1, collection);
            node.setInt(2, ordinal);
            node.setString(3, id);
            node.setInt(4, level);
            node.setInt(5, deleted ? 1 : 0);
            node.setBytes(6, neighbors);
            node.executeUpdate();
            if (tombstoneVector != null) {
                if (tombstone == null) {
                    // a tombstone's vector never changes: the first one written is kept
                    tombstone = c.prepareStatement("INSERT OR IGNORE INTO hnsw_tombstones (collection, node, vector) VALUES (?, ?, ?)");
                }
                tombstone.setString(1, collection);
                tombstone.setInt(2, ordinal);
                tombstone.setBytes(3, tombstoneVector);
                tombstone.executeUpdate();
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "writing HNSW node " + ordinal + " of collection '" + collection + "'");
        }
    }

    @Override
    public void clear() {
        for (String table : new String[] {"hnsw_metadata", "hnsw_graph", "hnsw_tombstones"}) {
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
        for (PreparedStatement ps : new PreparedStatement[] {node, tombstone, header}) {
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
