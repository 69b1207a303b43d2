package dev.agentdb;

import dev.agentdb.filter.Filter;

import java.util.Arrays;
import java.util.Objects;

/**
 * A k-nearest-neighbour query. Immutable; build with {@link #of(float[], int)} or {@link #builder(float[])}.
 *
 * <p>Semantics shared by every backend:
 * <ul>
 *   <li>Results are ordered by {@code distance} ascending (score descending); ties are broken by id.</li>
 *   <li>{@code metric}, when set and different from the collection's, is answered by an exact scan
 *       with that metric (the ANN index serves only the collection's own metric).</li>
 *   <li>{@code threshold}, when set, drops results whose {@code score} is below it (see
 *       {@link Metric} for the score of each metric).</li>
 *   <li>{@code filter} restricts the candidates to records whose metadata match; the result still
 *       holds up to {@code k} matching records (a pre-filter, never a post-filter that could
 *       return fewer than k while more match).</li>
 * </ul>
 *
 * @param vector the query embedding, {@code float[dimension]}, finite components; never null
 * @param k the number of neighbours wanted, 1 to {@link Limits#MAX_K}
 * @param metric the metric to rank by, or null for the collection's
 * @param threshold minimum score, or null for none
 * @param filter metadata filter, or null for none
 * @param efSearch HNSW candidate list size for this query, or null for the collection's default;
 *                 1 to {@link Limits#MAX_EF}; ignored by collections whose index is not HNSW
 * @param includeVectors whether results carry their embedding
 * @param exact whether to bypass the ANN index and scan exactly (ground truth)
 * @param probes IVFFlat: number of inverted lists this query visits (pgvector's {@code ivfflat.probes}),
 *               or null for the collection's default {@link IndexParams#probes()}; 1 to
 *               {@link Limits#MAX_LISTS}, values above the collection's {@code lists} visit every list
 *               (an exact answer through the index); ignored by collections whose index is not IVFFLAT
 */
public record SearchRequest(float[] vector, int k, Metric metric, Double threshold, Filter filter,
                            Integer efSearch, boolean includeVectors, boolean exact, Integer probes) {

    /** Default {@code k} when none is given: 10. */
    public static final int DEFAULT_K = 10;

    /**
     * A request without a per-query {@code probes}: the eight-component form, kept for source and
     * binary compatibility.
     *
     * @param vector the query embedding
     * @param k the number of neighbours
     * @param metric metric override, or null
     * @param threshold minimum score, or null
     * @param filter metadata filter, or null
     * @param efSearch per-query HNSW efSearch, or null
     * @param includeVectors whether results carry embeddings
     * @param exact whether to scan exactly
     */
    public SearchRequest(float[] vector, int k, Metric metric, Double threshold, Filter filter,
                         Integer efSearch, boolean includeVectors, boolean exact) {
        this(vector, k, metric, threshold, filter, efSearch, includeVectors, exact, null);
    }

    /**
     * @param vector the query embedding
     * @param k the number of neighbours
     * @return a request with no filter, threshold or metric override
     */
    public static SearchRequest of(float[] vector, int k) {
        return new SearchRequest(vector, k, null, null, null, null, false, false, null);
    }

    /**
     * @param vector the query embedding
     * @return a builder with {@code k} = {@link #DEFAULT_K}
     */
    public static Builder builder(float[] vector) {
        return new Builder(vector);
    }

    /** @return a builder initialised from this request */
    public Builder toBuilder() {
        Builder b = new Builder(vector);
        b.k = k;
        b.metric = metric;
        b.threshold = threshold;
        b.filter = filter;
        b.efSearch = efSearch;
        b.includeVectors = includeVectors;
        b.exact = exact;
        b.probes = probes;
        return b;
    }

    /** Value equality, comparing the query vector by content. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SearchRequest)) {
            return false;
        }
        SearchRequest r = (SearchRequest) o;
        return k == r.k && includeVectors == r.includeVectors && exact == r.exact && Arrays.equals(vector, r.vector)
                && metric == r.metric && Objects.equals(threshold, r.threshold) && Objects.equals(filter, r.filter)
                && Objects.equals(efSearch, r.efSearch) && Objects.equals(probes, r.probes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(vector), k, metric, threshold, filter, efSearch, includeVectors, exact, probes);
    }

    @Override
    public String toString() {
        return "SearchRequest[dimension=" + (vector == null ? 0 : vector.length) + ", k=" + k + ", metric=" + metric
                + ", threshold=" + threshold + ", filter=" + (filter == null ? null : filter.toJson()) + ", efSearch=" + efSearch
                + ", includeVectors=" + includeVectors + ", exact=" + exact + ", probes=" + probes + "]";
    }

    /** Builder for {@link SearchRequest}. Validation happens when the request reaches a collection. */
    public static final class Builder {
        private final float[] vector;
        private int k = DEFAULT_K;
        private Metric metric;
        private Double threshold;
        private Filter filter;
        private Integer efSearch;
        private boolean includeVectors;
        private boolean exact;
        private Integer probes;

        private Builder(float[] vector) {
            this.vector = vector;
        }

        /**
         * Sets how many neighbours to return at most.
         *
         * @param value neighbours wanted, 1 to {@link Limits#MAX_K}; default {@value SearchRequest#DEFAULT_K};
         *              out of range is refused with {@link InvalidInputException} when the request is searched
         * @return this builder
         */
        public Builder k(int value) {
            this.k = value;
            return this;
        }

        /**
         * Sets the metric to rank by. A metric other than the collection's is answered by an exact
         * scan, since the ANN index serves only the collection's own metric.
         *
         * @param value metric override, or null (the default) for the collection's metric
         * @return this builder
         */
        public Builder metric(Metric value) {
            this.metric = value;
            return this;
        }

        /**
         * Sets a minimum score: results scoring below it are dropped (higher is closer; see
         * {@link Metric} for each metric's score range, e.g. [-1, 1] for cosine).
         *
         * @param value minimum score, or null (the default) for none; must be finite, NaN and
         *              infinities are refused with {@link InvalidInputException} when the request is searched
         * @return this builder
         */
        public Builder threshold(Double value) {
            this.threshold = value;
            return this;
        }

        /**
         * Restricts candidates to records whose metadata match (a pre-filter: up to {@code k} matching
         * records are still returned).
         *
         * @param value metadata filter, or null (the default) for none
         * @return this builder
         */
        public Builder filter(Filter value) {
            this.filter = value;
            return this;
        }

        /**
         * Sets the HNSW candidate list size for this query; larger raises recall and latency. The
         * effective value is {@code max(efSearch, k)}.
         *
         * @param value candidate list size in entries, 1 to {@link Limits#MAX_EF}, or null (the default)
         *              for the collection's {@link IndexParams#efSearch()}; ignored unless the collection's
         *              index is HNSW; out of range is refused with {@link InvalidInputException} when the
         *              request is searched
         * @return this builder
         */
        public Builder efSearch(Integer value) {
            this.efSearch = value;
            return this;
        }

        /**
         * Sets whether each result carries its record's embedding.
         *
         * @param value true to include the {@code float[dimension]} embedding in each result; default
         *              false
         * @return this builder
         */
        public Builder includeVectors(boolean value) {
            this.includeVectors = value;
            return this;
        }

        /**
         * Sets whether to bypass the ANN index and compare the query with every (matching) record:
         * exact ground truth, at a cost that grows with the collection's size.
         *
         * @param value true to scan exactly instead of using the ANN index; default false
         * @return this builder
         */
        public Builder exact(boolean value) {
            this.exact = value;
            return this;
        }

        /**
         * Sets how many IVFFlat lists this query visits; more lists raise recall and latency.
         *
         * @param value per-query IVFFlat probes (lists visited), 1 to {@link Limits#MAX_LISTS}, or null for
         *              the collection's default; ignored unless the collection's index is IVFFLAT; out of
         *              range is refused with {@link InvalidInputException} when the request is searched
         * @return this builder
         */
        public Builder probes(Integer value) {
            this.probes = value;
            return this;
        }

        /**
         * Builds the request without validating it; validation happens when it reaches a collection.
         *
         * @return the request, never null
         */
        public SearchRequest build() {
            return new SearchRequest(vector, k, metric, threshold, filter, efSearch, includeVectors, exact, probes);
        }
    }
}
