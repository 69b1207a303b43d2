package dev.agentdb.hnsw;

/**
 * Search results as parallel primitive arrays (no boxing on the hot path): node ordinals and their
 * distances to the query, ordered by distance ascending (ties by node ordinal).
 *
 * <p>Distances follow {@link dev.agentdb.Metric}'s definitions (cosine: {@code 1 - cos},
 * l2: Euclidean distance, inner product: {@code -dot}).
 */
public final class NodeHits {
    private final int[] nodes;
    private final float[] distances;
    private final int size;
    private final int visited;
    private final boolean exact;

    /**
     * @param nodes node ordinals, at least {@code size} long
     * @param distances distances, at least {@code size} long
     * @param size number of hits
     * @param visited number of distance computations the search made (for diagnostics)
     * @param exact whether the answer came from an exact scan rather than graph traversal
     */
    public NodeHits(int[] nodes, float[] distances, int size, int visited, boolean exact) {
        this.nodes = nodes;
        this.distances = distances;
        this.size = size;
        this.visited = visited;
        this.exact = exact;
    }

    /** @return number of hits */
    public int size() {
        return size;
    }

    /**
     * @param i hit index, 0 to size-1
     * @return the node ordinal of hit i
     */
    public int node(int i) {
        return nodes[i];
    }

    /**
     * @param i hit index, 0 to size-1
     * @return the distance of hit i, as {@link dev.agentdb.Metric} defines it
     */
    public float distance(int i) {
        return distances[i];
    }

    /** @return number of distance computations made */
    public int visited() {
        return visited;
    }

    /** @return whether an exact scan answered */
    public boolean exact() {
        return exact;
    }
}
