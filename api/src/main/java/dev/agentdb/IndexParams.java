package dev.agentdb;

/**
 * Parameters of a collection's approximate nearest-neighbour index: HNSW after Malkov &amp; Yashunin,
 * "Efficient and robust approximate nearest neighbor search using Hierarchical Navigable Small
 * World graphs" (arXiv:1603.09320).
 *
 * <p>The defaults ({@link #DEFAULT_M} = 16, {@link #DEFAULT_EF_CONSTRUCTION} = 100,
 * {@link #DEFAULT_EF_SEARCH} = 64) reach recall@10 above 0.95 on Fashion-MNIST (60,000 x 784, see the
 * README's measured figures).
 *
 * @param type the index kind
 * @param m HNSW {@code M}: neighbours kept per node on the upper layers (2 x M on layer 0), 2 to {@link Limits#MAX_M}
 * @param efConstruction candidate list size while inserting, at least {@code m}, at most {@link Limits#MAX_EF}
 * @param efSearch default candidate list size while searching (a request may override it), 1 to {@link Limits#MAX_EF};
 *                 the effective value is {@code max(efSearch, k)}
 */
public record IndexParams(IndexType type, int m, int efConstruction, int efSearch) {
    /** Default HNSW {@code M}. */
    public static final int DEFAULT_M = 16;
    /** Default HNSW {@code efConstruction}. */
    public static final int DEFAULT_EF_CONSTRUCTION = 100;
    /** Default HNSW {@code efSearch}. */
    public static final int DEFAULT_EF_SEARCH = 64;
    /** HNSW with the defaults above. */
    public static final IndexParams DEFAULT = new IndexParams(IndexType.HNSW, DEFAULT_M, DEFAULT_EF_CONSTRUCTION, DEFAULT_EF_SEARCH);

    /**
     * Validates the parameters.
     *
     * @throws InvalidInputException naming {@code index.m}, {@code index.efConstruction} or {@code index.efSearch} when out of range
     */
    public IndexParams {
        if (type == null) {
            throw new InvalidInputException("index.type", "must not be null");
        }
        if (m < 2 || m > Limits.MAX_M) {
            throw new InvalidInputException("index.m", "must be between 2 and " + Limits.MAX_M + ", was " + m);
        }
        if (efConstruction < m || efConstruction > Limits.MAX_EF) {
            throw new InvalidInputException("index.efConstruction",
                    "must be between m (" + m + ") and " + Limits.MAX_EF + ", was " + efConstruction);
        }
        if (efSearch < 1 || efSearch > Limits.MAX_EF) {
            throw new InvalidInputException("index.efSearch", "must be between 1 and " + Limits.MAX_EF + ", was " + efSearch);
        }
    }

    /**
     * @param m HNSW {@code M}
     * @param efConstruction HNSW {@code efConstruction}
     * @param efSearch HNSW default {@code efSearch}
     * @return HNSW parameters
     * @throws InvalidInputException when a value is out of range
     */
    public static IndexParams hnsw(int m, int efConstruction, int efSearch) {
        return new IndexParams(IndexType.HNSW, m, efConstruction, efSearch);
    }

    /** @return parameters for a collection without an ANN index: every search is an exact scan */
    public static IndexParams flat() {
        return new IndexParams(IndexType.FLAT, DEFAULT_M, DEFAULT_EF_CONSTRUCTION, DEFAULT_EF_SEARCH);
    }

    /** Index kinds. */
    public enum IndexType {
        /** Hierarchical Navigable Small World graph (approximate). */
        HNSW,
        /** No index: exact scan on every search. */
        FLAT
    }
}
