package dev.agentdb.d1.internal;

import dev.agentdb.engine.GraphStorage;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A collection's HNSW graph in D1, in the SQLite adapter's tables ({@code hnsw_metadata}, {@code hnsw_graph},
 * {@code hnsw_tombstones}, keyed by collection). Reads run at once (nodes paged by ordinal,
 * {@value #PAGE_NODES} a request, under D1's result size limit); writes are added to the operation's
 * {@link D1Batch}, so the graph commits with the rows in one D1 transaction: nodes are buffered and written
 * as multi-row statements ({@link JsonRows}) when {@link #flush()} runs or another write must keep its order.
 * A storage made without a batch ({@link #reader}) refuses writes. Not thread-safe. Not API.
 */
public final class D1GraphStorage implements GraphStorage {
    /** Nodes read per request. */
    public static final int PAGE_NODES = 5_000;

    private static final String NODES = "INSERT OR REPLACE INTO hnsw_graph (collection, node, id, level, deleted, neighbors) SELECT ?, "
            + "json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), "
            + "unhex(json_extract(value, '$[4]')) FROM json_each(?)";
    // a tombstone's vector never changes: the first one written is kept
    private static final String TOMBSTONES = "INSERT OR IGNORE INTO hnsw_tombstones (collection, node, vector) SELECT ?, "
            + "json_extract(value, '$[0]'), unhex(json_extract(value, '$[1]')) FROM json_each(?)";

    private final D1Executor reads;
    private final D1Batch batch;
    private final String collection;
    private final HexFormat hex = HexFormat.of();
    private JsonRows nodes = new JsonRows();
    private JsonRows tombstones = new JsonRows();

    private D1GraphStorage(D1Executor reads, D1Batch batch, String collection) {
        this.reads = reads;
        this.batch = batch;
        this.collection = collection;
    }

    /**
     * @param client the database
     * @param batch the operation's batch
     * @param collection the collection
     * @return a storage that reads committed state and writes into the batch
     */
    public static D1GraphStorage writer(D1Client client, D1Batch batch, String collection) {
        return new D1GraphStorage(D1Executor.direct(client), batch, collection);
    }

    /**
     * @param client the database
     * @param collection the collection
     * @return a storage that reads only
     */
    public static D1GraphStorage reader(D1Client client, String collection) {
        return new D1GraphStorage(D1Executor.direct(client), null, collection);
    }

    @Override
    public Map<String, String> readHeader() {
        Map<String, String> out = new HashMap<>();
        try {
            reads.query("SELECT key, value FROM hnsw_metadata WHERE collection = ?", List.of(collection), row -> {
                out.put(row.text(1), row.text(2));
                return null;
            });
        } catch (SQLException e) {
            throw translate(e, "read the HNSW header of '" + collection + "'");
        }
        return out;
    }

    @Override
    public void readNodes(NodeSink sink) {
        long after = -1;
        try {
            while (true) {
                D1Result r = reads.run("SELECT g.node, g.id, g.level, g.deleted, hex(g.neighbors), "
                        + "CASE WHEN g.deleted <> 0 THEN (SELECT hex(x.vector) FROM hnsw_tombstones x WHERE x.collection = g.collection "
                        + "AND x.node = g.node) END FROM hnsw_graph g WHERE g.collection = ? AND g.node > ? ORDER BY g.node LIMIT ?",
                        List.of(collection, after, PAGE_NODES));
                D1Row row = new D1Row(r.columns());
                for (List<Object> values : r.rows()) {
                    row.at(values);
                    int node = row.int32(1);
                    boolean deleted = row.int64(4) != 0;
                    sink.node(node, row.text(2), row.int32(3), deleted, deleted ? row.bytes(6) : null, row.bytes(5));
                    after = node;
                }
                if (r.rows().size() < PAGE_NODES) {
                    return;
                }
            }
        } catch (SQLException e) {
            throw translate(e, "read the HNSW graph of '" + collection + "'");
        }
    }

    @Override
    public void writeHeader(Map<String, String> entries) {
        flush();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            batch().add("INSERT OR REPLACE INTO hnsw_metadata (collection, key, value) VALUES (?, ?, ?)",
                    List.of(collection, e.getKey(), e.getValue()));
        }
    }

    @Override
    public void writeNode(int node, String id, int level, boolean deleted, byte[] tombstoneVector, byte[] neighbors) {
        batch();
        nodes.add((long) node, id, (long) level, deleted ? 1L : 0L, hex.formatHex(neighbors));
        if (tombstoneVector != null) {
            tombstones.add((long) node, hex.formatHex(tombstoneVector));
        }
    }

    @Override
    public void clear() {
        flush();
        for (String table : new String[] {"hnsw_metadata", "hnsw_graph", "hnsw_tombstones"}) {
            batch().add("DELETE FROM " + table + " WHERE collection = ?", List.of(collection));
        }
    }

    /** Adds the buffered node writes to the batch (call before sending it). */
    public void flush() {
        if (batch == null) {
            return;
        }
        for (String array : nodes.arrays()) {
            batch.add(NODES, List.of(collection, array));
        }
        for (String array : tombstones.arrays()) {
            batch.add(TOMBSTONES, List.of(collection, array));
        }
        nodes = new JsonRows();
        tombstones = new JsonRows();
    }

    private D1Batch batch() {
        if (batch == null) {
            throw new IllegalStateException("this graph storage of '" + collection + "' only reads");
        }
        return batch;
    }

    private RuntimeException translate(SQLException e, String what) {
        return e instanceof D1Exception d ? D1Errors.translate(d, what, "") : new dev.agentdb.AgentDBException("cannot " + what + ": " + e, e);
    }
}
