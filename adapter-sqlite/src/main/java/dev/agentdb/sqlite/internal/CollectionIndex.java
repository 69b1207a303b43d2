package dev.agentdb.sqlite.internal;

import dev.agentdb.CollectionSpec;
import dev.agentdb.hnsw.HnswIndex;

import java.util.BitSet;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory search state of one collection: its {@link HnswIndex} (null for a FLAT collection
 * or a default collection whose dimension is not fixed yet) and the mapping between record ids
 * and node ordinals (the same mapping {@code hnsw_nodes} persists).
 *
 * <p>Concurrency: searching threads read while the one writer thread (holding the writer lock)
 * adds and tombstones; both maps are concurrent, and an id is mapped before its node becomes
 * reachable. Not API.
 */
public final class CollectionIndex {
    private final String name;
    private final CollectionSpec spec;
    private final HnswIndex index;
    private final boolean rebuilt;
    private final ConcurrentHashMap<String, Integer> ordinalOf = new ConcurrentHashMap<>();
    /**
     * Record id of each node ordinal. Only the writer stores, always before the index publishes the
     * node (its volatile size), and replaces the array when it grows; searchers read the volatile
     * reference after the index, so they see the id of every node a search can return.
     */
    private volatile String[] idOf = new String[1024];

    /**
     * @param name collection name
     * @param spec the spec the index was built for
     * @param index the graph, or null when the collection has none
     * @param rebuilt whether the graph was rebuilt from the rows (rather than loaded from the graph tables)
     */
    public CollectionIndex(String name, CollectionSpec spec, HnswIndex index, boolean rebuilt) {
        this.name = name;
        this.spec = spec;
        this.index = index;
        this.rebuilt = rebuilt;
    }

    /** @return the collection name */
    public String name() {
        return name;
    }

    /** @return the spec the state was built for */
    public CollectionSpec spec() {
        return spec;
    }

    /** @return the graph, or null */
    public HnswIndex index() {
        return index;
    }

    /** @return whether the graph was rebuilt from the rows when this state was loaded */
    public boolean rebuilt() {
        return rebuilt;
    }

    /**
     * @param id record id
     * @return the live node ordinal of the id, or -1
     */
    public int ordinal(String id) {
        Integer n = ordinalOf.get(id);
        return n == null ? -1 : n;
    }

    /**
     * @param node ordinal
     * @return the id the node was created for (tombstones included), or null
     */
    public String id(int node) {
        String[] ids = idOf;
        return node >= 0 && node < ids.length ? ids[node] : null;
    }

    /**
     * Records a node restored from storage.
     *
     * @param node ordinal
     * @param id record id
     * @param live whether the node is live
     * @return false when another live node already maps the id (an inconsistent graph)
     */
    public boolean restore(int node, String id, boolean live) {
        putId(node, id);
        return !live || ordinalOf.putIfAbsent(id, node) == null;
    }

    /**
     * Adds a node for a record. Call only with the writer lock held.
     *
     * @param id record id (no live node may map it)
     * @param vector the embedding
     * @return the new ordinal
     */
    public int add(String id, float[] vector) {
        int next = index.size();
        putId(next, id);
        int node = index.add(vector);
        if (node != next) {
            putId(next, null);
            putId(node, id);
        }
        ordinalOf.put(id, node);
        return node;
    }

    /**
     * Tombstones the live node of an id. Call only with the writer lock held.
     *
     * @param id record id
     * @return the tombstoned ordinal, or -1 when the id had no live node
     */
    public int tombstone(String id) {
        Integer node = ordinalOf.remove(id);
        if (node == null) {
            return -1;
        }
        index.delete(node);
        return node;
    }

    /**
     * @param ids record ids
     * @return the set of their live node ordinals
     */
    public BitSet accept(Collection<String> ids) {
        BitSet bits = new BitSet(index == null ? 0 : index.size());
        for (String id : ids) {
            Integer node = ordinalOf.get(id);
            if (node != null) {
                bits.set(node);
            }
        }
        return bits;
    }

    private void putId(int node, String id) {
        String[] ids = idOf;
        if (node >= ids.length) {
            ids = java.util.Arrays.copyOf(ids, Math.max(node + 1, ids.length * 2));
            ids[node] = id;
            idOf = ids;
        } else {
            ids[node] = id;
        }
    }
}
