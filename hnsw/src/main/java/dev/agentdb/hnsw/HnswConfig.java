package dev.agentdb.hnsw;

import dev.agentdb.Metric;

/**
 * Shape and parameters of one {@link HnswIndex}.
 *
 * @param dimension vector length, at least 1
 * @param metric the metric the graph is built for
 * @param m HNSW {@code M}: max neighbours per node on layers above 0 (layer 0 keeps {@code 2 * M})
 * @param efConstruction candidate list size while inserting
 * @param seed seed of the level generator, so that builds are reproducible
 */
public record HnswConfig(int dimension, Metric metric, int m, int efConstruction, long seed) {
    /** Default level-generator seed. */
    public static final long DEFAULT_SEED = 42L;
}
