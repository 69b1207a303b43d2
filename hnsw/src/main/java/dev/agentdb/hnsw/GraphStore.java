package dev.agentdb.hnsw;

/**
 * Where an {@link HnswIndex} persists its graph. Adapters implement it over their own tables
 * (SQLite: {@code hnsw_graph}, {@code hnsw_tombstones}, {@code hnsw_metadata}) and call
 * {@link HnswIndex#flush(GraphStore)} inside the same transaction that writes the vectors, so the
 * two never disagree after a crash.
 */
public interface GraphStore {
    /**
     * Writes (inserts or replaces) one node's state.
     *
     * @param node the node ordinal
     * @param level the node's top layer (0-based)
     * @param deleted whether the node is a tombstone
     * @param neighbors {@code neighbors[layer]} = neighbour ordinals on that layer, for layers 0..level
     */
    void writeNode(int node, int level, boolean deleted, int[][] neighbors);

    /**
     * Writes the entry point.
     *
     * @param node the entry node ordinal, or -1 for an empty graph
     * @param maxLevel the entry node's level, or -1 for an empty graph
     */
    void writeEntryPoint(int node, int maxLevel);
}
