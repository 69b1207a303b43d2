package dev.agentdb.hnsw;

import java.util.BitSet;

/**
 * In-memory HNSW graph after Malkov &amp; Yashunin, "Efficient and robust approximate nearest
 * neighbor search using Hierarchical Navigable Small World graphs" (arXiv:1603.09320).
 *
 * <p>Nodes are dense int ordinals assigned by {@link #add(float[])} (0, 1, 2, ...); callers map
 * their own ids to ordinals. Vectors are held in memory in flat float arrays.
 *
 * <p>Concurrency: any number of searching threads may run while one thread adds or deletes.
 * Persistence: the index records which nodes changed; {@link #flush(GraphStore)} writes them.
 *
 * <p>SKELETON: the bodies are being implemented; signatures are the contract adapters code against.
 */
public final class HnswIndex {

    /**
     * @param config dimension, metric, M, efConstruction, seed
     */
    public HnswIndex(HnswConfig config) {
        throw new UnsupportedOperationException("HnswIndex is being implemented");
    }

    /** @return the configuration */
    public HnswConfig config() {
        throw new UnsupportedOperationException();
    }

    /**
     * Adds a vector as a new node.
     *
     * @param vector {@code float[dimension]}; copied (normalised first for cosine)
     * @return the new node's ordinal ({@link #size()} before the call)
     */
    public int add(float[] vector) {
        throw new UnsupportedOperationException();
    }

    /**
     * Marks a node deleted (tombstone): it is never returned again; its neighbours are repaired.
     *
     * @param node ordinal
     * @return false when it was already deleted
     */
    public boolean delete(int node) {
        throw new UnsupportedOperationException();
    }

    /** @param node ordinal @return whether it is a tombstone */
    public boolean isDeleted(int node) {
        throw new UnsupportedOperationException();
    }

    /** @return number of nodes, tombstones included (= next ordinal) */
    public int size() {
        throw new UnsupportedOperationException();
    }

    /** @return number of live (non-deleted) nodes */
    public int liveCount() {
        throw new UnsupportedOperationException();
    }

    /**
     * Approximate k-NN search.
     *
     * @param query {@code float[dimension]}
     * @param k neighbours wanted
     * @param ef candidate list size; the effective value is {@code max(ef, k)}
     * @param accept nodes allowed in the result, or null for all live nodes. Applied during
     *               traversal; falls back to an exact scan of the accepted nodes when that is cheaper
     * @return up to k live accepted nodes, closest first
     */
    public NodeHits search(float[] query, int k, int ef, BitSet accept) {
        throw new UnsupportedOperationException();
    }

    /**
     * Exact k-NN by scanning every live (accepted) node; the ground truth for recall.
     *
     * @param query {@code float[dimension]}
     * @param k neighbours wanted
     * @param accept nodes allowed, or null for all
     * @return up to k nodes, closest first
     */
    public NodeHits exactSearch(float[] query, int k, BitSet accept) {
        throw new UnsupportedOperationException();
    }

    /**
     * Writes every node changed since the last flush, and the entry point, to a store; then
     * forgets the changes.
     *
     * @param store the destination
     * @return number of nodes written
     */
    public int flush(GraphStore store) {
        throw new UnsupportedOperationException();
    }

    /** Forgets pending changes without writing (after the caller wrote a full snapshot). */
    public void clearDirty() {
        throw new UnsupportedOperationException();
    }

    /** @return number of nodes changed since the last flush */
    public int dirtyCount() {
        throw new UnsupportedOperationException();
    }

    /**
     * Rebuilds an index from persisted state, without recomputing the graph.
     *
     * @param config the configuration the graph was built with
     * @return a loader; call {@link Loader#node} for every ordinal 0..n-1 in order, then {@link Loader#finish}
     */
    public static Loader loader(HnswConfig config) {
        throw new UnsupportedOperationException();
    }

    /** Restores persisted nodes into a new index. */
    public interface Loader {
        /**
         * @param node ordinal; must be the next one (0, 1, 2, ...)
         * @param vector the raw vector (normalised here for cosine)
         * @param level the node's top layer
         * @param deleted whether it is a tombstone
         * @param neighbors {@code neighbors[layer]} for layers 0..level
         */
        void node(int node, float[] vector, int level, boolean deleted, int[][] neighbors);

        /**
         * @param entryNode the entry node, or -1
         * @param maxLevel its level, or -1
         * @return the restored index, with no pending changes
         */
        HnswIndex finish(int entryNode, int maxLevel);
    }
}
