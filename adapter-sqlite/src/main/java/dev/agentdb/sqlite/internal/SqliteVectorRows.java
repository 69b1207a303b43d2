package dev.agentdb.sqlite.internal;

import dev.agentdb.AgentDBException;
import dev.agentdb.engine.VectorRows;
import dev.agentdb.internal.Json;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;

/**
 * A collection's rows for the index engine: {@code rowid}, id and embedding of every row, in rowid
 * (insertion) order. Bound to one connection and the transaction or snapshot running on it;
 * optionally with {@link #deferred()} reads of the same rows later, in a read snapshot of their own
 * (the engine's lazy load). Not API.
 */
public final class SqliteVectorRows implements VectorRows {
    private final Connection c;
    private final CollectionTable table;
    private final Deferred deferred;

    /**
     * @param c a connection inside the caller's transaction or read snapshot
     * @param table the collection table
     */
    public SqliteVectorRows(Connection c, CollectionTable table) {
        this(c, table, null);
    }

    /**
     * @param c a connection inside the caller's transaction or read snapshot
     * @param table the collection table
     * @param deferred the same rows read later in a snapshot of their own, or null (the engine then loads eagerly)
     */
    public SqliteVectorRows(Connection c, CollectionTable table, Deferred deferred) {
        this.c = c;
        this.table = table;
        this.deferred = deferred;
    }

    /**
     * The deferred reads of a collection's rows: each scan borrows a reader connection of
     * {@code connections} for one read snapshot and gives it back when the scan ends or stops.
     *
     * @param connections the adapter's connections (a file: an in-memory database has no reader of its own)
     * @param table the collection table
     * @return the deferred reads
     */
    public static Deferred deferred(SqliteConnections connections, CollectionTable table) {
        return (dimension, sink, stop) -> connections.readSnapshot("load the vectors of '" + table.name() + "'",
                rc -> scan(rc, table, dimension, sink, stop));
    }

    @Override
    public Deferred deferred() {
        return deferred;
    }

    /**
     * Reads {@code rowid, id} of every row from the table's id index only (a covering index scan: no
     * embedding is read), aggregated by SQLite into one value: a few values cross the driver instead
     * of two per row (60,000 rows: 43-250 ms against 310-710 ms row by row, measured side by side on
     * a loaded 2-core machine). In a UTF-8 database each row is a self-describing element
     * ({@link CollectionTable#selectKeyElements()}, split here without a JSON parser: in a fresh JVM
     * the JSON arrays' parse was most of the 80 ms this read took in a reopen); otherwise, or when
     * the elements do not add up to the row count, two JSON arrays in the same row order.
     */
    @Override
    public void scanKeys(KeySink sink) {
        try {
            if (utf8() && scanKeyElements(sink)) {
                return;
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "reading the ids of '" + table.name() + "'");
        }
        long[] keys;
        String[] ids;
        try (PreparedStatement ps = c.prepareStatement(table.selectKeys()); ResultSet rs = ps.executeQuery()) {
            rs.next();
            keys = Json.mapper().readValue(rs.getString(1), long[].class);
            ids = Json.mapper().readValue(rs.getString(2), String[].class);
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "reading the ids of '" + table.name() + "'");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AgentDBException("cannot read the ids of '" + table.name() + "': " + e.getOriginalMessage(), e);
        }
        if (keys.length != ids.length) {
            throw new AgentDBException("reading the ids of '" + table.name() + "': " + keys.length + " rowids but " + ids.length + " ids");
        }
        for (int i = 0; i < keys.length; i++) {
            sink.key(keys[i], ids[i]);
        }
    }

    private boolean utf8() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("PRAGMA encoding"); ResultSet rs = ps.executeQuery()) {
            return rs.next() && "UTF-8".equalsIgnoreCase(rs.getString(1));
        }
    }

    /**
     * @return false, having given the sink nothing, when the elements are malformed or fewer than the
     *         rows (the caller then reads the JSON arrays)
     */
    private boolean scanKeyElements(KeySink sink) throws SQLException {
        int rows;
        byte[] blob;
        try (PreparedStatement ps = c.prepareStatement(table.selectKeyElements()); ResultSet rs = ps.executeQuery()) {
            rs.next();
            rows = rs.getInt(1);
            blob = rs.getBytes(2);
        }
        if (rows == 0) {
            return true;
        }
        if (blob == null) {
            return false;
        }
        long[] keys = new long[rows];
        String[] ids = new String[rows];
        int at = 0;
        for (int i = 0; i < rows; i++) {
            boolean negative = at < blob.length && blob[at] == '-';
            if (negative) {
                at++;
            }
            long key = 0;
            int digits = 0;
            try {
                while (at < blob.length && blob[at] >= '0' && blob[at] <= '9' && digits < 20) {
                    key = Math.addExact(Math.multiplyExact(key, 10), blob[at++] - '0');
                    digits++;
                }
            } catch (ArithmeticException e) {
                return false; // the rowid -2^63: the JSON arrays read it
            }
            if (digits == 0 || at >= blob.length || blob[at++] != ',') {
                return false;
            }
            int length = 0;
            digits = 0;
            while (at < blob.length && blob[at] >= '0' && blob[at] <= '9' && digits < 10) {
                length = length * 10 + (blob[at++] - '0');
                digits++;
            }
            if (digits == 0 || at >= blob.length || blob[at++] != ':' || length < 0 || length > blob.length - at) {
                return false;
            }
            keys[i] = negative ? -key : key;
            ids[i] = new String(blob, at, length, StandardCharsets.UTF_8);
            at += length;
        }
        if (at != blob.length) {
            return false;
        }
        for (int i = 0; i < rows; i++) {
            sink.key(keys[i], ids[i]);
        }
        return true;
    }

    @Override
    public long scan(int dimension, Sink sink) {
        return scan(c, table, dimension, sink, () -> false);
    }

    private static long scan(Connection c, CollectionTable table, int dimension, Sink sink, BooleanSupplier stop) {
        int bytes = dimension * Float.BYTES;
        long skipped = 0;
        try (PreparedStatement ps = c.prepareStatement(table.selectVectors()); ResultSet rs = ps.executeQuery()) {
            while (!stop.getAsBoolean() && rs.next()) {
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
