package dev.agentdb.sqlite.internal;

import dev.agentdb.engine.GraphStorage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
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
    private int rowByRowReads;

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

    /**
     * Reads the node rows in chunks of {@value #CHUNK_NODES} ordinals, each chunk one row that SQLite
     * aggregates ({@link #CHUNK}), merged with the (few) tombstone rows in ordinal order.
     *
     * <p>Why: every sqlite-jdbc call is a synchronized JNI call, and the row-by-row read of a graph
     * made six per node (60,000 nodes: about 280 ms inside a lazy reopen, where SQLite's own scan
     * takes 10 ms). A chunk costs a handful of calls. Each node travels as one self-describing
     * element, {@code node,level,deleted,idBytes,neighborBytes:} in ASCII, then the id's UTF-8 bytes,
     * then the neighbour blob; the elements are concatenated by {@code group_concat} and the result
     * cast to a blob. A blob or text operand of {@code ||} and {@code group_concat} keeps its bytes,
     * and {@code CAST(... AS BLOB)} reinterprets text as its bytes in the database encoding (SQLite's
     * documented conversions), so the bytes come back exact in a UTF-8 database. Since each element
     * names its ordinal, nothing depends on the order {@code group_concat} sees the rows in (which
     * SQLite leaves unspecified); a chunk whose ordinals do not come back ascending, or with fewer
     * elements than rows (a NULL column, which the schema forbids), is read again row by row, and
     * so is the whole graph in a database that is not UTF-8 or whose ordinals are not 32-bit
     * integers (only a damaged file has those, and the engine then finds the graph stale exactly as
     * before). The numbers are masked to 32 bits, which is what {@code getInt} answered.
     */
    @Override
    public void readNodes(NodeSink sink) {
        try (PreparedStatement dead = c.prepareStatement("SELECT node, vector FROM hnsw_tombstones WHERE collection = ? ORDER BY node")) {
            dead.setString(1, collection);
            try (ResultSet t = dead.executeQuery()) {
                Tombstones tombstones = new Tombstones(t);
                long[] bounds = chunkBounds();
                if (bounds == null) {
                    readRows(sink, tombstones, null, null);
                } else if (bounds.length == 2) {
                    sink.expect((int) Math.min(bounds[1] - bounds[0] + 1, 1 << 24)); // the ordinals are dense unless damaged
                    readChunks(sink, tombstones, bounds[0], bounds[1]);
                }
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "reading the HNSW graph of '" + collection + "'");
        }
    }

    /** @return how many times {@link #readNodes} fell back to reading rows one by one (a whole graph or a chunk); for tests */
    int rowByRowReads() {
        return rowByRowReads;
    }

    /** Nodes per chunk of {@link #readNodes}: a few hundred KB of text per chunk, 59 statements for 60,000 nodes. */
    static final int CHUNK_NODES = 1024;

    /** One chunk of node rows as one blob of self-describing elements (see {@link #readNodes}). */
    private static final String CHUNK = "SELECT count(*), CAST(group_concat((node & 4294967295) || ',' || (level & 4294967295) || ',' "
            + "|| ((deleted & 4294967295) <> 0) || ',' || length(CAST(id AS BLOB)) || ',' || length(CAST(neighbors AS BLOB)) || ':' "
            + "|| id || neighbors, '') AS BLOB) FROM hnsw_graph WHERE collection = ? AND node >= ? AND node < ?";

    /**
     * @return the smallest and largest ordinal; an empty array when the graph has no node; null when
     *         the chunked read does not apply (not a UTF-8 database, or ordinals that are not 32-bit
     *         integers)
     */
    private long[] chunkBounds() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("PRAGMA encoding"); ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || !"UTF-8".equalsIgnoreCase(rs.getString(1))) {
                return null;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT min(node), max(node), typeof(min(node)), typeof(max(node)) "
                + "FROM hnsw_graph WHERE collection = ?")) {
            ps.setString(1, collection);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if ("null".equals(rs.getString(3))) {
                    return new long[0];
                }
                long min = rs.getLong(1);
                long max = rs.getLong(2);
                boolean integers = "integer".equals(rs.getString(3)) && "integer".equals(rs.getString(4));
                return integers && min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE ? new long[] {min, max} : null;
            }
        }
    }

    private void readChunks(NodeSink sink, Tombstones tombstones, long min, long max) throws SQLException {
        try (PreparedStatement chunk = c.prepareStatement(CHUNK);
             PreparedStatement next = c.prepareStatement("SELECT min(node) FROM hnsw_graph WHERE collection = ? AND node >= ?")) {
            chunk.setString(1, collection);
            next.setString(1, collection);
            long from = min;
            while (from <= max) {
                long to = from + CHUNK_NODES;
                chunk.setLong(2, from);
                chunk.setLong(3, to);
                int rows;
                byte[] blob;
                try (ResultSet rs = chunk.executeQuery()) {
                    rs.next();
                    rows = rs.getInt(1);
                    blob = rows == 0 ? null : rs.getBytes(2);
                }
                if (rows == 0) { // a gap in the ordinals (a damaged graph): go on at the next node
                    next.setLong(2, to);
                    try (ResultSet rs = next.executeQuery()) {
                        if (!rs.next() || rs.getObject(1) == null) {
                            return;
                        }
                        from = rs.getLong(1);
                    }
                    continue;
                }
                int[] at = Chunk.split(blob, rows);
                if (at == null) {
                    readRows(sink, tombstones, from, to);
                } else {
                    for (int i = 0; i < rows; i++) {
                        int e = i * Chunk.FIELDS;
                        int ordinal = at[e];
                        boolean deleted = at[e + 2] != 0;
                        String id = new String(blob, at[e + 3], at[e + 4], StandardCharsets.UTF_8);
                        sink.node(ordinal, id, at[e + 1], deleted, deleted ? tombstones.vector(ordinal) : null, blob, at[e + 5], at[e + 6]);
                    }
                }
                from = to;
            }
        }
    }

    /** The row-by-row read of the node rows with ordinals in [{@code from}, {@code to}), or of all when null. */
    private void readRows(NodeSink sink, Tombstones tombstones, Long from, Long to) throws SQLException {
        rowByRowReads++;
        String range = from == null ? "" : " AND node >= ? AND node < ?";
        try (PreparedStatement nodes = c.prepareStatement("SELECT node, id, level, deleted, neighbors FROM hnsw_graph "
                + "WHERE collection = ?" + range + " ORDER BY node")) {
            nodes.setString(1, collection);
            if (from != null) {
                nodes.setLong(2, from);
                nodes.setLong(3, to);
            }
            try (ResultSet n = nodes.executeQuery()) {
                while (n.next()) {
                    int ordinal = n.getInt(1);
                    boolean deleted = n.getInt(4) != 0;
                    sink.node(ordinal, n.getString(2), n.getInt(3), deleted, deleted ? tombstones.vector(ordinal) : null, n.getBytes(5));
                }
            }
        }
    }

    /** The tombstone rows, read forward in ordinal order as the nodes are. */
    private static final class Tombstones {
        private final ResultSet t;
        private boolean row;
        private int node;

        Tombstones(ResultSet t) throws SQLException {
            this.t = t;
            advance();
        }

        private void advance() throws SQLException {
            row = t.next();
            node = row ? t.getInt(1) : Integer.MAX_VALUE;
        }

        /** @return the vector of tombstone {@code ordinal}, or null when it has none; ordinals asked in ascending order */
        byte[] vector(int ordinal) throws SQLException {
            while (row && node < ordinal) {
                advance();
            }
            return row && node == ordinal ? t.getBytes(2) : null;
        }
    }

    /** Splits one chunk's blob into its elements (format: {@link #readNodes}). */
    static final class Chunk {
        /** Fields per element in {@link #split}'s answer: ordinal, level, deleted, id start, id length, lists start, lists length. */
        static final int FIELDS = 7;

        private Chunk() {
        }

        /**
         * Checks and splits a chunk in one pass over its element headers (the ids and lists are
         * skipped over, not read).
         *
         * @param blob the chunk, or null
         * @param rows how many elements it must hold
         * @return {@value #FIELDS} ints per element, in order; null when {@code blob} does not hold
         *         exactly {@code rows} well-formed elements in strictly ascending ordinal order
         */
        static int[] split(byte[] blob, int rows) {
            if (blob == null) {
                return null;
            }
            int[] out = new int[rows * FIELDS];
            int at = 0;
            int n = blob.length;
            long last = Long.MIN_VALUE;
            for (int e = 0; e < out.length; e += FIELDS) {
                for (int f = 0; f < 5; f++) { // node, level, deleted, id bytes, list bytes: digits ended by ',' (':' last)
                    byte end = f == 4 ? (byte) ':' : (byte) ',';
                    int start = at;
                    long v = 0;
                    while (at < n && at - start <= 10) {
                        byte b = blob[at];
                        if (b < '0' || b > '9') {
                            break;
                        }
                        v = v * 10 + (b - '0');
                        at++;
                    }
                    if (at == start || at - start > 10 || at >= n || blob[at] != end || v > 0xFFFF_FFFFL) {
                        return null;
                    }
                    at++;
                    out[e + (f < 3 ? f : f == 3 ? 4 : 6)] = (int) v;
                }
                long ordinal = out[e]; // masked to 32 bits by the query, as getInt answered: compared as ints
                long idBytes = out[e + 4] & 0xFFFF_FFFFL;
                long listBytes = out[e + 6] & 0xFFFF_FFFFL;
                if (ordinal <= last || idBytes + listBytes > n - at) {
                    return null;
                }
                last = ordinal;
                out[e + 3] = at;
                out[e + 5] = at + (int) idBytes;
                at += (int) (idBytes + listBytes);
            }
            return at == n ? out : null;
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
