package dev.agentdb.hnsw.internal;

/**
 * The set of nodes one search has visited: a bit per node (N/8 bytes, so a per-thread set stays
 * small even for large graphs) plus the list of words touched, so that clearing costs the number
 * of words touched rather than the graph size. Not thread-safe; each search thread owns one.
 * Not API.
 */
public final class VisitedSet {
    private long[] bits = new long[0];
    private int[] touched = new int[64];
    private int touchedCount;

    /**
     * Empties the set and makes room for nodes {@code 0..capacity-1}.
     *
     * @param capacity number of nodes that may be visited
     */
    public void reset(int capacity) {
        long[] b = bits;
        int words = (capacity + 63) >>> 6;
        if (b.length < words) {
            bits = new long[Math.max(words, b.length + (b.length >> 1))];
            touchedCount = 0;
            return;
        }
        int[] t = touched;
        for (int i = 0, n = touchedCount; i < n; i++) {
            b[t[i]] = 0L;
        }
        touchedCount = 0;
    }

    /**
     * Adds a node.
     *
     * @param node a node below the capacity given to {@link #reset(int)}
     * @return true when the node was not in the set yet
     */
    public boolean add(int node) {
        int w = node >>> 6;
        long word = bits[w];
        long mask = 1L << node;
        if ((word & mask) != 0) {
            return false;
        }
        if (word == 0) {
            if (touchedCount == touched.length) {
                touched = java.util.Arrays.copyOf(touched, touchedCount * 2);
            }
            touched[touchedCount++] = w;
        }
        bits[w] = word | mask;
        return true;
    }
}
