package dev.agentdb.sqlite.internal;

import dev.agentdb.AgentDBException;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.IndexParams;
import dev.agentdb.hnsw.GraphCodec;
import dev.agentdb.hnsw.HnswConfig;
import dev.agentdb.hnsw.HnswIndex;
import dev.agentdb.internal.VectorCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Restores a collection's {@link CollectionIndex} from the graph tables (see {@link SqliteGraphStore}
 * for the layout), or rebuilds the graph from the collection's rows when the persisted graph is
 * missing or stale. Stale means: build parameters differ from the collection's spec, the number
 * of live nodes differs from the number of rows, a live node has no row (or a row of the wrong
 * length), ordinals are not dense, or a neighbour points outside the graph. A graph written in an
 * unknown format version is refused with {@link ConflictException}. A rebuild logs a WARN (DEBUG for
 * an empty table) and writes the new graph in the caller's transaction. Not API.
 */
public final class SqliteGraphLoader {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteGraphLoader.class);

    /** Tombstones beyond this many, and beyond the live count, trigger a compacting rebuild on load. */
    public static final int COMPACT_MIN_TOMBSTONES = 10_000;

    private SqliteGraphLoader() {
    }

    /**
     * @param spec a collection spec
     * @return the HNSW configuration of its graph
     */
    public static HnswConfig config(CollectionSpec spec) {
        return new HnswConfig(spec.dimension(), spec.metric(), spec.index().m(), spec.index().efConstruction(), HnswConfig.DEFAULT_SEED);
    }

    /**
     * Loads the collection's state, rebuilding its graph when needed. Run with the writer lock held,
     * inside a write transaction.
     *
     * @param c the writer connection
     * @param table the collection table
     * @param spec the collection spec
     * @return the state
     * @throws ConflictException when the graph format version is unknown
     * @throws SQLException from the driver
     */
    public static CollectionIndex loadOrRebuild(Connection c, CollectionTable table, CollectionSpec spec) throws SQLException {
        if (spec.index().type() != IndexParams.IndexType.HNSW || spec.dimension() == 0) {
            return new CollectionIndex(table.name(), spec, null, false);
        }
        String[] reason = new String[1];
        CollectionIndex loaded = load(c, table, spec, reason);
        if (loaded != null) {
            return loaded;
        }
        return rebuild(c, table, spec, reason[0]);
    }

    private static CollectionIndex load(Connection c, CollectionTable table, CollectionSpec spec, String[] reason) throws SQLException {
        String name = table.name();
        Map<String, String> meta = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT key, value FROM hnsw_metadata WHERE collection = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    meta.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        if (!meta.containsKey("format_version")) {
            reason[0] = "no persisted graph";
            return null;
        }
        int format = parseInt(meta.get("format_version"), -1);
        if (format != SqliteGraphStore.FORMAT_VERSION) {
            throw new ConflictException("the HNSW graph of collection '" + name + "' has format version " + meta.get("format_version")
                    + ", unknown to this library (it reads version " + SqliteGraphStore.FORMAT_VERSION + "); upgrade AgentDB");
        }
        HnswConfig config = config(spec);
        if (parseInt(meta.get("dimension"), -1) != spec.dimension() || !spec.metric().wireName().equals(meta.get("metric"))
                || parseInt(meta.get("m"), -1) != spec.index().m()
                || parseInt(meta.get("ef_construction"), -1) != spec.index().efConstruction()) {
            reason[0] = "graph parameters " + meta + " differ from the collection spec " + spec;
            return null;
        }
        long seed = meta.containsKey("seed") ? Long.parseLong(meta.get("seed")) : HnswConfig.DEFAULT_SEED;
        config = new HnswConfig(config.dimension(), config.metric(), config.m(), config.efConstruction(), seed);

        int bytes = spec.dimension() * Float.BYTES;
        long rows = scalarLong(c, "SELECT count(*) FROM " + table.quoted() + " WHERE length(embedding) = " + bytes);
        long total;
        long live;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*), coalesce(sum(deleted = 0), 0) FROM hnsw_nodes WHERE collection = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
                live = rs.getLong(2);
            }
        }
        if (live != rows) {
            reason[0] = "the graph has " + live + " live nodes but the table has " + rows + " rows";
            return null;
        }
        if (total - live > COMPACT_MIN_TOMBSTONES && total - live > live) {
            reason[0] = "compacting " + (total - live) + " tombstones";
            return null;
        }
        int entry = parseInt(meta.get("entry_node"), Integer.MIN_VALUE);
        int maxLevel = parseInt(meta.get("max_level"), Integer.MIN_VALUE);
        boolean entryOk = entry == -1 ? (total == 0 || live == 0) : (entry >= 0 && entry < total);
        if (!entryOk) {
            reason[0] = "entry point " + meta.get("entry_node") + " is invalid for " + total + " nodes";
            return null;
        }

        HnswIndex.Loader loader = HnswIndex.loader(config);
        CollectionIndex state;
        String nodeSql = "SELECT n.node, n.id, n.level, n.deleted, n.vector, t.embedding FROM hnsw_nodes n LEFT JOIN "
                + table.quoted() + " t ON n.deleted = 0 AND t.id = n.id WHERE n.collection = ? ORDER BY n.node";
        String edgeSql = "SELECT node, neighbors FROM hnsw_edges WHERE collection = ? ORDER BY node";
        try (PreparedStatement nodes = c.prepareStatement(nodeSql); PreparedStatement edges = c.prepareStatement(edgeSql)) {
            nodes.setString(1, name);
            edges.setString(1, name);
            try (ResultSet n = nodes.executeQuery(); ResultSet e = edges.executeQuery()) {
                boolean edgeRow = e.next();
                int expected = 0;
                String[] ids = new String[(int) total];
                boolean[] liveFlags = new boolean[(int) total];
                while (n.next()) {
                    int node = n.getInt(1);
                    if (node != expected) {
                        reason[0] = "node ordinals are not dense (expected " + expected + ", found " + node + ")";
                        return null;
                    }
                    String id = n.getString(2);
                    int level = n.getInt(3);
                    boolean deleted = n.getInt(4) != 0;
                    byte[] blob = deleted ? n.getBytes(5) : n.getBytes(6);
                    if (blob == null || blob.length != bytes) {
                        reason[0] = (deleted ? "tombstone " : "live node ") + node + " (id '" + id + "') has no "
                                + (deleted ? "stored vector" : "row") + " of " + bytes + " bytes";
                        return null;
                    }
                    while (edgeRow && e.getInt(1) < node) {
                        edgeRow = e.next(); // edges of nodes that do not exist: ignored
                    }
                    if (!edgeRow || e.getInt(1) != node) {
                        reason[0] = "node " + node + " has no neighbour lists";
                        return null;
                    }
                    int[][] neighbors = decodeNeighbors(name, node, e.getBytes(2));
                    edgeRow = e.next();
                    if (neighbors.length != level + 1) {
                        reason[0] = "node " + node + " has level " + level + " but " + neighbors.length + " neighbour lists";
                        return null;
                    }
                    loader.node(node, VectorCodec.decode(blob), level, deleted, neighbors);
                    ids[node] = id;
                    liveFlags[node] = !deleted;
                    expected++;
                }
                if (expected != total) {
                    reason[0] = "read " + expected + " of " + total + " nodes";
                    return null;
                }
                HnswIndex index = loader.finish(entry, maxLevel);
                state = new CollectionIndex(name, spec, index, false);
                for (int i = 0; i < total; i++) {
                    if (!state.restore(i, ids[i], liveFlags[i])) {
                        reason[0] = "id '" + ids[i] + "' has two live nodes";
                        return null;
                    }
                }
            }
        } catch (ConflictException e) {
            throw e;
        } catch (AgentDBException e) {
            reason[0] = "the graph could not be restored: " + e.getMessage();
            return null;
        }
        return state;
    }

    /** Decodes one node's lists, refusing an unknown codec version (other damage surfaces as a stale graph). */
    private static int[][] decodeNeighbors(String collection, int node, byte[] blob) {
        if (blob != null && blob.length >= GraphCodec.HEADER_BYTES) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(blob);
            int version = Short.toUnsignedInt(b.getShort(4));
            if (b.getInt(0) == GraphCodec.MAGIC && version != GraphCodec.FORMAT_VERSION) {
                throw new ConflictException("the HNSW neighbour lists of node " + node + " of collection '" + collection
                        + "' have codec version " + version + ", unknown to this library (it reads version "
                        + GraphCodec.FORMAT_VERSION + "); upgrade AgentDB");
            }
        }
        return GraphCodec.decode(blob);
    }

    /**
     * Rebuilds a collection's graph from its rows (in rowid order) and writes it, replacing any
     * persisted graph. Run inside a write transaction.
     *
     * @param c the writer connection
     * @param table the collection table
     * @param spec the collection spec (HNSW, dimension fixed)
     * @param reason why, for the log
     * @return the new state
     * @throws SQLException from the driver
     */
    public static CollectionIndex rebuild(Connection c, CollectionTable table, CollectionSpec spec, String reason) throws SQLException {
        long rows = scalarLong(c, "SELECT count(*) FROM " + table.quoted());
        if (rows > 0) {
            LOG.warn("rebuilding the HNSW graph of collection '{}' from {} rows: {}", table.name(), rows, reason);
        } else {
            LOG.debug("creating the empty HNSW graph of collection '{}': {}", table.name(), reason);
        }
        return build(c, table, spec);
    }

    /**
     * Discards the collection's persisted graph and builds the one its (new) spec asks for from the
     * rows: an explicit reindex, so logged at INFO rather than as a repair. FLAT (or dimension 0)
     * leaves no graph. Run inside a write transaction.
     *
     * @param c the writer connection
     * @param table the collection table
     * @param spec the collection's new spec
     * @return the new state
     * @throws SQLException from the driver
     */
    public static CollectionIndex reindex(Connection c, CollectionTable table, CollectionSpec spec) throws SQLException {
        if (spec.index().type() != IndexParams.IndexType.HNSW || spec.dimension() == 0) {
            SqliteGraphStore.clear(c, table.name());
            return new CollectionIndex(table.name(), spec, null, false);
        }
        long started = System.nanoTime();
        CollectionIndex state = build(c, table, spec);
        LOG.info("reindexed collection '{}' ({} nodes, m {}, efConstruction {}) in {} ms", table.name(), state.index().size(),
                spec.index().m(), spec.index().efConstruction(), (System.nanoTime() - started) / 1_000_000);
        return state;
    }

    /** Replaces the persisted graph with one built from the rows (in rowid order) for the spec. */
    private static CollectionIndex build(Connection c, CollectionTable table, CollectionSpec spec) throws SQLException {
        String name = table.name();
        SqliteGraphStore.clear(c, name);
        HnswConfig config = config(spec);
        CollectionIndex state = new CollectionIndex(name, spec, new HnswIndex(config), true);
        int bytes = spec.dimension() * Float.BYTES;
        long skipped = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, embedding FROM " + table.quoted() + " ORDER BY rowid");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byte[] blob = rs.getBytes(2);
                if (blob == null || blob.length != bytes) {
                    skipped++;
                    continue;
                }
                state.add(rs.getString(1), VectorCodec.decode(blob));
            }
        }
        if (skipped > 0) {
            LOG.warn("collection '{}': {} rows have embeddings whose length is not {} bytes (dimension {}); they are not indexed",
                    name, skipped, bytes, spec.dimension());
        }
        SqliteGraphStore.writeHeader(c, name, config);
        try (SqliteGraphStore store = new SqliteGraphStore(c, name, state)) {
            state.index().flushAll(store);
        }
        return state;
    }

    private static long scalarLong(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static int parseInt(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
