package dev.agentdb.engine;

import dev.agentdb.AgentDBException;
import dev.agentdb.CollectionSpec;
import dev.agentdb.hnsw.GraphCodec;
import dev.agentdb.hnsw.GraphStore;
import dev.agentdb.hnsw.HnswIndex;
import dev.agentdb.internal.VectorCodec;

import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The in-memory index of one collection: its {@link HnswIndex} (null for a FLAT collection, or a
 * default collection whose dimension is not fixed yet), the {@link NodeMap} between ordinals, ids
 * and row keys, and a write sequence that tells searches whether a write raced them.
 *
 * <p>Concurrency: any number of searching threads; one writer at a time (the backend serialises
 * writers of a collection and calls the mutating methods from the thread holding that lock). An id
 * is mapped before its node becomes reachable.
 *
 * <p>Write sequence: even while the in-memory graph mirrors the committed records; odd from the
 * first change of a write transaction ({@link #beginWrite()}) until it commits
 * ({@link IndexEngine#committed}). A search that saw the same even value before and after it
 * read its rows knows the graph's vectors are the rows' embeddings; otherwise it re-scores the rows
 * it read exactly.
 */
public final class IndexedCollection {
    private final String name;
    private final CollectionSpec spec;
    private final HnswIndex index;
    private final NodeMap nodes;
    private final boolean rebuilt;
    private final RowCache rows;
    private volatile long writeSeq;
    /** Where the pending vectors of a lazily loaded index are to be streamed from, until a fill takes it. */
    private VectorRows.Deferred deferred;
    /** Counted down by the first search answered from this state, or by a caller that waits for its vectors. */
    private final CountDownLatch answered = new CountDownLatch(1);

    /**
     * @param name collection name
     * @param spec the spec the index was built for
     * @param index the graph, or null when the collection has none
     * @param nodes the node mapping of {@code index} (empty when null)
     * @param rebuilt whether the graph was rebuilt from the records rather than loaded
     * @param rowCacheBytes the budget of its {@link RowCache}, in bytes (0: none)
     */
    IndexedCollection(String name, CollectionSpec spec, HnswIndex index, NodeMap nodes, boolean rebuilt, long rowCacheBytes) {
        this.name = name;
        this.spec = spec;
        this.index = index;
        this.nodes = nodes;
        this.rebuilt = rebuilt;
        this.rows = new RowCache(rowCacheBytes);
    }

    /** @return the rows searches returned, by node */
    RowCache rowCache() {
        return rows;
    }

    /** @return the collection name */
    public String name() {
        return name;
    }

    /** @return the spec the index was built for */
    public CollectionSpec spec() {
        return spec;
    }

    /** @return the graph, or null for a collection without one */
    public HnswIndex index() {
        return index;
    }

    /** @return the ordinal, id and key mapping */
    public NodeMap nodes() {
        return nodes;
    }

    /** @return whether the graph was rebuilt from the records when it was loaded */
    public boolean rebuilt() {
        return rebuilt;
    }

    /**
     * @return whether the index was loaded lazily and some live node's vector has not arrived yet
     *         (see {@link IndexEngine}: searches fetch what they need, writes wait)
     */
    public boolean vectorsPending() {
        return index != null && index.vectorsPending();
    }

    /**
     * Waits until no vector is pending (see {@link HnswIndex#awaitVectors()}).
     *
     * @return true when every vector is present; false when loading them failed or was stopped
     */
    public boolean awaitVectors() {
        answered.countDown(); // a fill still waiting for the first answer starts now: this caller waits for it
        return index == null || index.awaitVectors();
    }

    /** Notes that a search was answered from this state (the fill of a lazy load waits for the first, {@link VectorFill}). */
    void answered() {
        if (answered.getCount() != 0) {
            answered.countDown();
        }
    }

    /**
     * Waits until a search was answered from this state, or a caller waits for its vectors, at most
     * {@code timeoutMs}, checking {@code stop} every few milliseconds.
     *
     * @param timeoutMs the longest wait, in ms
     * @param stop ends the wait early when true
     */
    void awaitAnswered(long timeoutMs, BooleanSupplier stop) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        try {
            while (!stop.getAsBoolean() && System.nanoTime() < deadline) {
                if (answered.await(5, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Notes where the pending vectors are to be read from (the loader). */
    synchronized void deferred(VectorRows.Deferred rows) {
        this.deferred = rows;
    }

    /** @return where the pending vectors are to be read from, once (the engine's fill takes it), or null */
    synchronized VectorRows.Deferred takeDeferred() {
        VectorRows.Deferred d = deferred;
        deferred = null;
        return d;
    }

    /** @return the number of live nodes (0 without a graph) */
    public int liveCount() {
        return index == null ? 0 : index.liveCount();
    }

    /** @return the number of tombstones (0 without a graph) */
    public int tombstones() {
        return index == null ? 0 : index.size() - index.liveCount();
    }

    // ------------------------------------------------------------------ writes (writer only)

    /**
     * Marks the start of a write transaction's changes (idempotent until it commits). Call before
     * the first change.
     */
    public void beginWrite() {
        long s = writeSeq;
        if ((s & 1) == 0) {
            writeSeq = s + 1;
        }
    }

    /** Marks that the changes committed: the graph mirrors the committed records again. */
    void endWrite() {
        long s = writeSeq;
        if ((s & 1) == 1) {
            writeSeq = s + 1;
        }
    }

    /** @return the write sequence (see the class comment) */
    long writeSeq() {
        return writeSeq;
    }

    /**
     * Adds a node for a record whose id has no live node.
     *
     * @param id record id
     * @param key its row key, or {@link NodeMap#NO_KEY} when not known yet
     * @param vector the embedding, {@code float[dimension]}
     * @return the new ordinal
     */
    public int add(String id, long key, float[] vector) {
        int next = index.size();
        nodes.put(next, id, key, false);
        int node = index.add(vector);
        if (node != next) {
            throw new AgentDBException("HNSW index of '" + name + "' assigned ordinal " + node + ", expected " + next);
        }
        nodes.put(node, id, key, true);
        return node;
    }

    /**
     * Tombstones the live node of an id.
     *
     * @param id record id
     * @return the tombstoned ordinal, or -1 when the id had no live node
     */
    public int tombstone(String id) {
        int node = nodes.kill(id);
        if (node >= 0) {
            index.delete(node);
        }
        return node;
    }

    /**
     * Records the row key of a node added with {@link NodeMap#NO_KEY}.
     *
     * @param node the ordinal {@link #add} returned
     * @param key the row key
     */
    public void setKey(int node, long key) {
        nodes.setKey(node, key);
    }

    /**
     * Restores a persisted node's mapping (loader only).
     *
     * @return false when another live node already maps the id
     */
    boolean restore(int node, String id, long key, boolean live) {
        return nodes.put(node, id, key, live);
    }

    /**
     * @param ids record ids
     * @return their live ordinals
     */
    BitSet accept(Iterable<String> ids) {
        return nodes.accept(ids, index.size());
    }

    /**
     * Writes the nodes changed since the last flush, and the entry point.
     *
     * @param storage the graph storage of the current transaction
     * @return the number of nodes written
     */
    int flush(GraphStorage storage) {
        return index.flush(store(storage));
    }

    /**
     * Writes every node and the entry point (after {@link GraphStorage#clear()} and a new header).
     *
     * @param storage the graph storage of the current transaction
     * @return the number of nodes written
     */
    int flushAll(GraphStorage storage) {
        return index.flushAll(store(storage));
    }

    /**
     * Persists the nodes changed so far while a writer may still be adding others
     * ({@link HnswIndex#drainChanges()}); the rest follow in a later drain or {@link #flush}.
     *
     * @param storage the graph storage of the current transaction
     * @return the number of nodes written
     */
    int drainTo(GraphStorage storage) {
        HnswIndex.Changes changes = index.drainChanges();
        if (changes.size() > 0) {
            changes.writeTo(store(storage));
        }
        return changes.size();
    }

    private GraphStore store(GraphStorage storage) {
        return new GraphStore() {
            @Override
            public void writeNode(int node, int level, boolean deleted, int[][] neighbors) {
                String id = nodes.id(node);
                if (id == null) {
                    throw new AgentDBException("HNSW node " + node + " of collection '" + name + "' has no record id");
                }
                storage.writeNode(node, id, level, deleted, deleted ? VectorCodec.encode(index.vector(node)) : null,
                        GraphCodec.encode(neighbors));
            }

            @Override
            public void writeEntryPoint(int node, int maxLevel) {
                storage.writeHeader(GraphHeader.entry(node, maxLevel));
            }
        };
    }

    /**
     * Copies this collection without tombstones ({@link HnswIndex#compact()}), in the same write
     * state, with an empty row cache (ordinals change); this object is left as it was for searches
     * still running on it.
     *
     * @param rowCacheBytes the row cache budget of the copy, in bytes
     * @return the compacted collection
     */
    IndexedCollection compacted(long rowCacheBytes) {
        HnswIndex.Compaction c = index.compact();
        int[] map = c.newOrdinals();
        NodeMap remapped = new NodeMap(c.index().size());
        for (int old = 0; old < map.length; old++) {
            if (map[old] >= 0) {
                remapped.put(map[old], nodes.id(old), nodes.key(old), true);
            }
        }
        IndexedCollection out = new IndexedCollection(name, spec, c.index(), remapped, rebuilt, rowCacheBytes);
        out.writeSeq = writeSeq;
        return out;
    }
}
