package dev.agentdb.sqlite.internal;

import dev.agentdb.engine.VectorRows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A collection's rows for the index engine: {@code rowid}, id and embedding of every row, in rowid
 * (insertion) order. Bound to one connection and the transaction or snapshot running on it. Not API.
 */
public final class SqliteVectorRows implements VectorRows {
    private final Connection c;
    private final CollectionTable table;

    /**
     * @param c a connection inside the caller's transaction or read snapshot
     * @param table the collection table
     */
    public SqliteVectorRows(Connection c, CollectionTable table) {
        this.c = c;
        this.table = table;
    }

    @Override
    public long scan(int dimension, Sink sink) {
        int bytes = dimension * Float.BYTES;
        long skipped = 0;
        try (PreparedStatement ps = c.prepareStatement(table.selectVectors()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byte[] blob = rs.getBytes(3);
                if (blob == null || blob.length != bytes) {
                    skipped++;
                    continue;
                }
                sink.rowLittleEndian(rs.getLong(1), rs.getString(2), blob);
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "reading the vectors of '" + table.name() + "'");
        }
        return skipped;
    }
}
