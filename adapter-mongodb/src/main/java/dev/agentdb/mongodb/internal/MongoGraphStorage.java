package dev.agentdb.mongodb.internal;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import dev.agentdb.engine.GraphStorage;
import org.bson.Document;
import org.bson.types.Binary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A collection's HNSW graph in two side collections of the same database (header layout:
 * {@link dev.agentdb.engine.GraphHeader}):
 * <ul>
 *   <li>{@code agentdb_hnsw_header}: one document per collection, {@code {_id: collection, header: {key: value}}};</li>
 *   <li>{@code agentdb_hnsw_nodes}: one document per node, {@code {_id: {c: collection, n: node}, collection,
 *       node, id, level, deleted, neighbors: BinData, tombstone: BinData}}, also indexed on
 *       {@code (collection, node)} (schema V1), so a changed node is one upsert by {@code _id} and a load
 *       one ordered range read; {@code tombstone} (a deleted node's vector, little-endian float32) is
 *       kept when the node is written again without one.</li>
 * </ul>
 * Node writes are buffered and sent as one unordered {@code bulkWrite} of {@value #FLUSH_NODES}
 * upserts, and before any read, clear or {@link #close()}. Without transactions each document write
 * is atomic on its own; what a failure between them leaves is detected as a stale graph when it is
 * next loaded (see {@code MongoAdapter}). Not thread-safe. Not API.
 */
public final class MongoGraphStorage implements GraphStorage, AutoCloseable {
    /** The header collection. */
    public static final String HEADERS = "agentdb_hnsw_header";
    /** The node collection. */
    public static final String NODES = "agentdb_hnsw_nodes";
    /** Node upserts buffered before they are sent. */
    static final int FLUSH_NODES = 500;

    private final MongoCollection<Document> headers;
    private final MongoCollection<Document> nodes;
    private final MongoErrors errors;
    private final String collection;
    private final ClientSession session;
    private final List<WriteModel<Document>> pending = new ArrayList<>();

    /**
     * @param db the database
     * @param errors translates driver errors
     * @param collection the collection whose graph this is
     * @param session the transaction session every read and write joins, or null outside a transaction
     */
    public MongoGraphStorage(MongoDatabase db, MongoErrors errors, String collection, ClientSession session) {
        this.headers = db.getCollection(HEADERS);
        this.nodes = db.getCollection(NODES);
        this.errors = errors;
        this.collection = collection;
        this.session = session;
    }

    @Override
    public Map<String, String> readHeader() {
        send();
        Map<String, String> out = new HashMap<>();
        errors.run("reading the HNSW header of '" + collection + "'", () -> {
            Document d = MongoOps.find(headers, session, Filters.eq("_id", collection)).first();
            if (d != null && d.get("header") instanceof Document h) {
                h.forEach((k, v) -> out.put(k, String.valueOf(v)));
            }
            return null;
        });
        return out;
    }

    @Override
    public void readNodes(NodeSink sink) {
        send();
        errors.run("reading the HNSW graph of '" + collection + "'", () -> {
            for (Document d : MongoOps.find(nodes, session, Filters.eq("collection", collection)).sort(Sorts.ascending("node")).batchSize(2_000)) {
                boolean deleted = Boolean.TRUE.equals(d.getBoolean("deleted"));
                Binary tombstone = d.get("tombstone", Binary.class);
                Binary neighbors = d.get("neighbors", Binary.class);
                sink.node(d.getInteger("node"), d.getString("id"), d.getInteger("level"), deleted,
                        deleted && tombstone != null ? tombstone.getData() : null, neighbors == null ? null : neighbors.getData());
            }
            return null;
        });
    }

    @Override
    public void writeHeader(Map<String, String> entries) {
        send();
        Document set = new Document();
        entries.forEach((k, v) -> set.append("header." + k, v));
        errors.run("writing the HNSW header of '" + collection + "'", () ->
                MongoOps.updateOne(headers, session, Filters.eq("_id", collection), new Document("$set", set), new UpdateOptions().upsert(true)));
    }

    /**
     * Buffers the node's upsert: a whole-document replace, except for a tombstone written again
     * without its vector, whose stored vector an update keeps.
     */
    @Override
    public void writeNode(int node, String id, int level, boolean deleted, byte[] tombstoneVector, byte[] neighbors) {
        Document key = new Document("c", collection).append("n", node);
        Document fields = new Document("collection", collection).append("node", node).append("id", id).append("level", level)
                .append("deleted", deleted).append("neighbors", new Binary(neighbors));
        if (deleted && tombstoneVector == null) {
            pending.add(new UpdateOneModel<>(Filters.eq("_id", key), new Document("$set", fields), new UpdateOptions().upsert(true)));
        } else {
            Document whole = new Document("_id", key);
            whole.putAll(fields);
            if (tombstoneVector != null) {
                whole.append("tombstone", new Binary(tombstoneVector));
            }
            pending.add(new ReplaceOneModel<>(Filters.eq("_id", key), whole, new ReplaceOptions().upsert(true)));
        }
        if (pending.size() >= FLUSH_NODES) {
            send();
        }
    }

    @Override
    public void clear() {
        pending.clear();
        errors.run("clearing the HNSW graph of '" + collection + "'", () -> {
            MongoOps.deleteMany(nodes, session, Filters.eq("collection", collection));
            MongoOps.deleteOne(headers, session, Filters.eq("_id", collection));
            return null;
        });
    }

    /** @return the bytes the graph's node documents hold (ids, neighbour lists, tombstone vectors) */
    public long storedBytes() {
        send();
        long[] total = new long[1];
        errors.run("measuring the HNSW graph of '" + collection + "'", () -> {
            for (Document d : MongoOps.find(nodes, session, Filters.eq("collection", collection)).batchSize(2_000)) {
                Binary n = d.get("neighbors", Binary.class);
                Binary t = d.get("tombstone", Binary.class);
                total[0] += d.getString("id").length() + (n == null ? 0 : n.length()) + (t == null ? 0 : t.length()) + 9;
            }
            return null;
        });
        return total[0];
    }

    /** Sends the buffered node upserts. */
    private void send() {
        if (pending.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> batch = new ArrayList<>(pending);
        pending.clear();
        errors.run("writing the HNSW nodes of '" + collection + "'", () -> MongoOps.bulkWrite(nodes, session, batch));
    }

    /** Sends the buffered node upserts. */
    @Override
    public void close() {
        send();
    }
}
