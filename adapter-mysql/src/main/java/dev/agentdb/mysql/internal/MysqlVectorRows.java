package dev.agentdb.mysql.internal;

import dev.agentdb.engine.NodeMap;
import dev.agentdb.engine.VectorRows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A collection's rows for the index engine: id and embedding of every row in primary-key (id)
 * order, streamed (Connector/J row streaming: constant memory). Rows have no key besides the id
 * ({@link NodeMap#NO_KEY}): InnoDB clusters the table by id, so reading rows by id is the table's
 * own B-tree. Bound to one connection and the transaction running on it. Not API.
 */
public final class MysqlVectorRows implements VectorRows {
    private final Connection c;
    private final MysqlTable table;
    private final MysqlErrors errors;

    /**
     * @param c a connection inside the caller's transaction
     * @param table the collection table
     * @param errors translates driver errors
     */
    public MysqlVectorRows(Connection c, MysqlTable table, MysqlErrors errors) {
        this.c = c;
        this.table = table;
        this.errors = errors;
    }

    @Override
    public long scan(int dimension, Sink sink) {
        int bytes = dimension * Float.BYTES;
        long skipped = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT t.id, t.embedding FROM " + table.quoted() + " t ORDER BY t.id",
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            RowStreaming.stream(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] blob = rs.getBytes(2);
                    if (blob == null || blob.length != bytes) {
                        skipped++;
                        continue;
                    }
                    sink.rowLittleEndian(NodeMap.NO_KEY, rs.getString(1), blob);
                }
            }
        } catch (SQLException e) {
            throw errors.translate(e, "reading the vectors of '" + table.name() + "'");
        }
        return skipped;
    }
}
