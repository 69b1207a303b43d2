package dev.agentdb.mysql.internal;

import dev.agentdb.engine.GraphStorage;
import dev.agentdb.sql.SqlDialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A collection's HNSW graph in the versioned tables (script V1, header layout:
 * {@link dev.agentdb.engine.GraphHeader}):
 * <ul>
 *   <li>{@code agentdb_hnsw_header(collection, key, value)}: the header;</li>
 *   <li>{@code agentdb_hnsw_nodes(collection, node, id, level, deleted, neighbors, tombstone)}: one
 *       row per ordinal, clustered by {@code (collection, node)}, so a changed node is one row write
 *       and a load is one ordered range scan; {@code neighbors} holds all its layers' lists,
 *       {@code tombstone} the vector (little-endian float32) of a tombstone, whose record is gone
 *       but which searches still traverse (kept when the node is written again without one).</li>
 * </ul>
 * Node writes are batched ({@link #FLUSH_ROWS} rows a batch, see {@link MysqlSetup#driverProperties})
 * and sent before any read, clear or {@link #close()}. Bound to one connection and the transaction
 * running on it. Not thread-safe. Not API.
 */
public final class MysqlGraphStorage implements GraphStorage, AutoCloseable {
    /** Node rows buffered before they are sent as one batch. */
    static final int FLUSH_ROWS = 256;

    private final Connection c;
    private final SqlDialect dialect;
    private final MysqlErrors errors;
    private final String collection;
    private PreparedStatement nodes;
    private int pending;

    /**
     * @param c a connection inside the caller's transaction
     * @param dialect the server's dialect (upsert syntax)
     * @param errors translates driver errors
     * @param collection the collection name
     */
    public MysqlGraphStorage(Connection c, SqlDialect dialect, MysqlErrors errors, String collection) {
        this.c = c;
        this.dialect = dialect;
        this.errors = errors;
        this.collection = collection;
    }

    @Override
    public Map<String, String> readHeader() {
        send();
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT `key`, `value` FROM agentdb_hnsw_header WHERE collection = ?")) {
            ps.setString(1, collection);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw errors.translate(e, "reading the HNSW header of '" + collection + "'");
        }
        return out;
    }

    /** Streams the node rows in ordinal order (Connector/J's row streaming: constant memory). */
    @Override
    public void readNodes(NodeSink sink) {
        send();
        try (PreparedStatement ps = c.prepareStatement("SELECT node, id, level, deleted, tombstone, neighbors FROM agentdb_hnsw_nodes "
                + "WHERE collection = ? ORDER BY node", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            RowStreaming.stream(ps);
            ps.setString(1, collection);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean deleted = rs.getInt(4) != 0;
                    byte[] tombstone = rs.getBytes(5);
                    sink.node(rs.getInt(1), rs.getString(2), rs.getInt(3), deleted, deleted ? tombstone : null, rs.getBytes(6));
                }
            }
        } catch (SQLException e) {
            throw errors.translate(e, "reading the HNSW graph of '" + collection + "'");
        }
    }

    @Override
    public void writeHeader(Map<String, String> entries) {
        send();
        try (PreparedStatement ps = c.prepareStatement(dialect.upsert("agentdb_hnsw_header", java.util.List.of("collection", "key"),
                java.util.List.of("value")))) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                ps.setString(1, collection);
                ps.setString(2, entry.getKey());
                ps.setString(3, entry.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw errors.translate(e, "writing the HNSW header of '" + collection + "'");
        }
    }

    @Override
    public void writeNode(int node, String id, int level, boolean deleted, byte[] tombstoneVector, byte[] neighbors) {
        try {
            if (nodes == null) {
                String insert = "INSERT INTO agentdb_hnsw_nodes (collection, node, id, level, deleted, neighbors, tombstone)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)";
                nodes = c.prepareStatement(dialect == SqlDialect.MYSQL
                        ? insert + " AS new ON DUPLICATE KEY UPDATE id = new.id, level = new.level, deleted = new.deleted,"
                                + " neighbors = new.neighbors, tombstone = COALESCE(new.tombstone, tombstone)"
                        : insert + " ON DUPLICATE KEY UPDATE id = VALUES(id), level = VALUES(level), deleted = VALUES(deleted),"
                                + " neighbors = VALUES(neighbors), tombstone = COALESCE(VALUES(tombstone), tombstone)");
            }
            nodes.setString(1, collection);
            nodes.setInt(2, node);
            nodes.setString(3, id);
            nodes.setInt(4, level);
            nodes.setInt(5, deleted ? 1 : 0);
            nodes.setBytes(6, neighbors);
            nodes.setBytes(7, tombstoneVector);
            nodes.addBatch();
            if (++pending >= FLUSH_ROWS) {
                send();
            }
        } catch (SQLException e) {
            throw errors.translate(e, "writing HNSW node " + node + " of collection '" + collection + "'");
        }
    }

    @Override
    public void clear() {
        send();
        for (String table : new String[] {"agentdb_hnsw_header", "agentdb_hnsw_nodes"}) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE collection = ?")) {
                ps.setString(1, collection);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw errors.translate(e, "clearing the HNSW graph of '" + collection + "'");
            }
        }
    }

    /** Sends the buffered node rows. */
    private void send() {
        if (pending == 0) {
            return;
        }
        try {
            nodes.executeBatch();
            pending = 0;
        } catch (SQLException e) {
            throw errors.translate(e, "writing the HNSW nodes of collection '" + collection + "'");
        }
    }

    /** Sends the buffered node rows and closes the statement. */
    @Override
    public void close() {
        try {
            send();
        } finally {
            if (nodes != null) {
                try {
                    nodes.close();
                } catch (SQLException e) {
                    throw errors.translate(e, "closing HNSW statements");
                }
            }
        }
    }
}
