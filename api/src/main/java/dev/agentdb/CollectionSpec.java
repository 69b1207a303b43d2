package dev.agentdb;

/**
 * What a collection is: its fixed embedding dimension, its metric and its index parameters.
 * Immutable; build with {@link #of(int, Metric)} or {@link #builder(int)}.
 *
 * @param dimension the length of every embedding, 1 to {@link Limits#MAX_DIMENSION}; 0 only for the
 *                  default v1 collection of an empty database, whose dimension is fixed by its first insert
 * @param metric how embeddings are compared; never null
 * @param index the ANN index parameters; never null
 */
public record CollectionSpec(int dimension, Metric metric, IndexParams index) {

    /**
     * Validates the spec.
     *
     * @param dimension the length of every embedding, 1 to {@link Limits#MAX_DIMENSION}; 0 only for
     *                  the default v1 collection whose dimension its first insert fixes
     * @param metric how embeddings are compared; must not be null
     * @param index the ANN index parameters; null means {@link IndexParams#DEFAULT}
     * @throws InvalidInputException naming {@code dimension} or {@code metric} when invalid
     */
    public CollectionSpec {
        if (dimension < 0 || dimension > Limits.MAX_DIMENSION) {
            throw new InvalidInputException("dimension", "must be between 1 and " + Limits.MAX_DIMENSION + ", was " + dimension);
        }
        if (metric == null) {
            throw new InvalidInputException("metric", "must not be null");
        }
        if (index == null) {
            index = IndexParams.DEFAULT;
        }
    }

    /**
     * @param dimension embedding length, 1 to {@link Limits#MAX_DIMENSION}
     * @param metric the metric
     * @return a spec with the default HNSW parameters
     * @throws InvalidInputException when the dimension is out of range
     */
    public static CollectionSpec of(int dimension, Metric metric) {
        if (dimension < 1) {
            throw new InvalidInputException("dimension", "must be between 1 and " + Limits.MAX_DIMENSION + ", was " + dimension);
        }
        return new CollectionSpec(dimension, metric, IndexParams.DEFAULT);
    }

    /**
     * @param dimension embedding length, 1 to {@link Limits#MAX_DIMENSION}
     * @return a builder starting from cosine and the default HNSW parameters
     */
    public static Builder builder(int dimension) {
        return new Builder(dimension);
    }

    /**
     * Whether the dimension is fixed. Only the default collection ({@code vectors}) may be created
     * without one (dimension 0): its first insert fixes it, as AgentDB v1 did; until then it holds
     * nothing and every search of it is empty ({@link dev.agentdb.spi.DatabaseAdapter} handles all of
     * this; adapters only record the dimension when asked).
     *
     * @return {@code dimension() > 0}
     */
    public boolean hasDimension() {
        return dimension > 0;
    }

    /**
     * @param newDimension the dimension to fix
     * @return a copy with another dimension (used when the first insert fixes the v1 collection's dimension)
     */
    public CollectionSpec withDimension(int newDimension) {
        return new CollectionSpec(newDimension, metric, index);
    }

    /** Builder for {@link CollectionSpec}; validates in {@link #build()}. */
    public static final class Builder {
        private final int dimension;
        private Metric metric = Metric.COSINE;
        private IndexParams.IndexType type = IndexParams.IndexType.HNSW;
        private int m = IndexParams.DEFAULT_M;
        private int efConstruction = IndexParams.DEFAULT_EF_CONSTRUCTION;
        private int efSearch = IndexParams.DEFAULT_EF_SEARCH;
        private int lists = IndexParams.DEFAULT_LISTS;
        private int probes = IndexParams.DEFAULT_PROBES;

        private Builder(int dimension) {
            this.dimension = dimension;
        }

        /**
         * Sets how embeddings are compared.
         *
         * @param value the metric; default {@link Metric#COSINE}; null is refused by {@link #build()}
         * @return this builder
         */
        public Builder metric(Metric value) {
            this.metric = value;
            return this;
        }

        /**
         * Sets HNSW {@code M}: the neighbours kept per node on the upper layers (2 x M on layer 0).
         * Larger values raise recall and memory use.
         *
         * @param value neighbours per node, 2 to {@link Limits#MAX_M}; default
         *              {@value IndexParams#DEFAULT_M}; the range is checked by {@link #build()}
         * @return this builder
         */
        public Builder m(int value) {
            this.m = value;
            return this;
        }

        /**
         * Sets HNSW {@code efConstruction}: the candidate list size while inserting. Larger values
         * build a better graph, more slowly.
         *
         * @param value candidate list size in entries, from {@code m} to {@link Limits#MAX_EF}; default
         *              {@value IndexParams#DEFAULT_EF_CONSTRUCTION}; the range is checked by {@link #build()}
         * @return this builder
         */
        public Builder efConstruction(int value) {
            this.efConstruction = value;
            return this;
        }

        /**
         * Sets the default HNSW {@code efSearch}: the candidate list size while searching, which a
         * request may override; the effective value is {@code max(efSearch, k)}.
         *
         * @param value candidate list size in entries, 1 to {@link Limits#MAX_EF}; default
         *              {@value IndexParams#DEFAULT_EF_SEARCH}; the range is checked by {@link #build()}
         * @return this builder
         */
        public Builder efSearch(int value) {
            this.efSearch = value;
            return this;
        }

        /**
         * Sets the IVFFlat number of inverted lists (k-means centroids); the range is checked by
         * {@link #build()}.
         *
         * @param value IVFFlat number of inverted lists, 1 to {@link Limits#MAX_LISTS}; default
         *              {@value IndexParams#DEFAULT_LISTS}; only for {@code indexType(IVFFLAT)}
         * @return this builder
         */
        public Builder lists(int value) {
            this.lists = value;
            return this;
        }

        /**
         * Sets the IVFFlat default number of lists a search visits, which a request may override;
         * the range is checked by {@link #build()}.
         *
         * @param value IVFFlat default number of probed lists, 1 to {@code lists}; default
         *              {@value IndexParams#DEFAULT_PROBES}; only for {@code indexType(IVFFLAT)}
         * @return this builder
         */
        public Builder probes(int value) {
            this.probes = value;
            return this;
        }

        /**
         * Sets the index kind; see {@link IndexParams} for which parameters apply to which kind.
         *
         * @param value the index kind; default {@link IndexParams.IndexType#HNSW}; null is refused by
         *              {@link #build()}
         * @return this builder
         */
        public Builder indexType(IndexParams.IndexType value) {
            this.type = value;
            return this;
        }

        /**
         * @return the spec
         * @throws InvalidInputException when a value is out of range (see {@link IndexParams})
         */
        public CollectionSpec build() {
            if (dimension < 1) {
                throw new InvalidInputException("dimension", "must be between 1 and " + Limits.MAX_DIMENSION + ", was " + dimension);
            }
            return new CollectionSpec(dimension, metric, new IndexParams(type, m, efConstruction, efSearch, lists, probes));
        }
    }
}
