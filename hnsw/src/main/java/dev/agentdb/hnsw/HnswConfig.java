package dev.agentdb.hnsw;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.Metric;

/**
 * Shape and parameters of one {@link HnswIndex}; immutable and validated on construction.
 *
 * @param dimension vector length, 1 to {@link Limits#MAX_DIMENSION}
 * @param metric the metric the graph is built for; not null
 * @param m HNSW {@code M}: max neighbours per node on layers above 0 (layer 0 keeps {@code 2 * M}),
 *          2 to {@link Limits#MAX_M}
 * @param efConstruction candidate list size while inserting, 1 to {@link Limits#MAX_EF}
 * @param seed seed of the level generator, so that builds are reproducible
 */
public record HnswConfig(int dimension, Metric metric, int m, int efConstruction, long seed) {
    /** Default level-generator seed. */
    public static final long DEFAULT_SEED = 42L;

    /**
     * Validates the parameters.
     *
     * @param dimension vector length
     * @param metric the metric
     * @param m HNSW {@code M}
     * @param efConstruction candidate list size while inserting
     * @param seed level-generator seed
     * @throws InvalidInputException naming {@code dimension}, {@code metric}, {@code index.m} or
     *         {@code index.efConstruction} when out of range
     */
    public HnswConfig {
        if (dimension < 1 || dimension > Limits.MAX_DIMENSION) {
            throw new InvalidInputException("dimension", "must be between 1 and " + Limits.MAX_DIMENSION + ", was " + dimension);
        }
        if (metric == null) {
            throw new InvalidInputException("metric", "must not be null");
        }
        if (m < 2 || m > Limits.MAX_M) {
            throw new InvalidInputException("index.m", "must be between 2 and " + Limits.MAX_M + ", was " + m);
        }
        if (efConstruction < 1 || efConstruction > Limits.MAX_EF) {
            throw new InvalidInputException("index.efConstruction", "must be between 1 and " + Limits.MAX_EF + ", was " + efConstruction);
        }
    }

    /**
     * @param dimension vector length
     * @param metric the metric
     * @param m HNSW {@code M}
     * @param efConstruction candidate list size while inserting
     * @return a configuration with {@link #DEFAULT_SEED}
     * @throws InvalidInputException when a value is out of range
     */
    public static HnswConfig of(int dimension, Metric metric, int m, int efConstruction) {
        return new HnswConfig(dimension, metric, m, efConstruction, DEFAULT_SEED);
    }
}
