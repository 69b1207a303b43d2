package dev.agentdb.engine;

import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mapping between a graph's node ordinals, record ids and the backend's row keys.
 *
 * <p>A row key is a {@code long} the backend can fetch a row by faster than by its id (SQLite's
 * {@code rowid}: the table's own B-tree, no index lookup and no string comparison); {@link #NO_KEY}
 * when the backend has none or does not know it yet. Ids and keys of every ordinal are kept
 * (tombstones included, so persisted graph rows can be written); the id to ordinal map holds live
 * nodes only.
 *
 * <p>Concurrency: one writer (the thread holding the collection's write lock) and any number of
 * readers. The writer stores an ordinal's id and key before the index publishes the node, and
 * replaces an array only when it grows, writing the new reference last; readers read the volatile
 * references after the index, so they see the id of every node a search can return.
 */
public final class NodeMap {
    /** The key of a node whose row key is unknown (not written yet, or a backend without keys). */
    public static final long NO_KEY = -1L;

    /** Replaced only by {@link #expect}, before the map is shared. */
    private ConcurrentHashMap<String, Integer> liveOrdinal = new ConcurrentHashMap<>();
    private volatile String[] ids;
    private volatile long[] keys;

    /** @param capacity expected number of nodes (grows as needed) */
    public NodeMap(int capacity) {
        int n = Math.max(16, capacity);
        ids = new String[n];
        keys = new long[n];
        Arrays.fill(keys, NO_KEY);
    }

    /**
     * @param id a record id
     * @return the live node ordinal of the id, or -1
     */
    public int ordinal(String id) {
        Integer n = liveOrdinal.get(id);
        return n == null ? -1 : n;
    }

    /**
     * @param node an ordinal
     * @return the record id the node was created for (tombstones included), or null for an unknown ordinal
     */
    public String id(int node) {
        String[] a = ids;
        return node >= 0 && node < a.length ? a[node] : null;
    }

    /**
     * @param node an ordinal
     * @return the row key of the node's record, or {@link #NO_KEY}
     */
    public long key(int node) {
        long[] a = keys;
        return node >= 0 && node < a.length ? a[node] : NO_KEY;
    }

    /** @return the number of live ids */
    public int liveCount() {
        return liveOrdinal.size();
    }

    /**
     * Sizes an empty map for about {@code nodes} nodes at once (a load knows the count before it
     * records the nodes: no rehashing on the way). Writer only, before the map is shared; does
     * nothing once a node was recorded.
     *
     * @param nodes the expected number of nodes, 0 or more
     */
    void expect(int nodes) {
        if (nodes <= 0 || !liveOrdinal.isEmpty()) {
            return;
        }
        liveOrdinal = new ConcurrentHashMap<>(nodes);
        ensure(nodes - 1); // keeps what the arrays hold
    }

    /**
     * Records a node (writer only).
     *
     * @param node the ordinal
     * @param id the record id; not null
     * @param key the row key, or {@link #NO_KEY}
     * @param live whether the node is live
     * @return false when another live node already maps the id (the map is unchanged for it)
     */
    boolean put(int node, String id, long key, boolean live) {
        ensure(node);
        ids[node] = id;
        keys[node] = key;
        return !live || liveOrdinal.putIfAbsent(id, node) == null;
    }

    /**
     * Stores a node's row key (writer only).
     *
     * @param node the ordinal
     * @param key the row key
     */
    void setKey(int node, long key) {
        ensure(node);
        keys[node] = key;
    }

    /**
     * Forgets the live node of an id (writer only).
     *
     * @param id the record id
     * @return its former live ordinal, or -1
     */
    int kill(String id) {
        Integer n = liveOrdinal.remove(id);
        return n == null ? -1 : n;
    }

    /**
     * @param ids record ids
     * @param size the number of nodes (bits past it are never set)
     * @return the set of their live ordinals
     */
    BitSet accept(Iterable<String> ids, int size) {
        BitSet bits = new BitSet(size);
        for (String id : ids) {
            Integer node = liveOrdinal.get(id);
            if (node != null) {
                bits.set(node);
            }
        }
        return bits;
    }

    private void ensure(int node) {
        String[] a = ids;
        if (node < a.length) {
            return;
        }
        int n = Math.max(node + 1, a.length * 2);
        long[] k = Arrays.copyOf(keys, n);
        Arrays.fill(k, a.length, n, NO_KEY);
        keys = k;
        ids = Arrays.copyOf(a, n);
    }
}
