package dev.agentdb;

/**
 * Parameters of a collection's approximate nearest-neighbour index: HNSW after Malkov &amp; Yashunin,
 * "Efficient and robust approximate nearest neighbor search using Hierarchical Navigable Small
 * World graphs" (arXiv:1603.09320), or IVFFlat (an inverted file of k-means lists scanned flat, as
 * pgvector implements it: https://github.com/pgvector/pgvector#ivfflat).
 *
 * <p>The HNSW defaults ({@link #DEFAULT_M} = 16, {@link #DEFAULT_EF_CONSTRUCTION} = 100,
 * {@link #DEFAULT_EF_SEARCH} = 64) reach recall@10 above 0.95 on Fashion-MNIST (60,000 x 784, see the
 * README's measured figures).
 *
 * <p>Which parameters apply to which type:
 * <ul>
 *   <li>{@link IndexType#HNSW}: {@code m}, {@code efConstruction}, {@code efSearch}.</li>
 *   <li>{@link IndexType#IVFFLAT}: {@code lists} and {@code probes}; {@code m}, {@code efConstruction}
 *       and {@code efSearch} are validated and stored but unused.</li>
 *   <li>{@link IndexType#FLAT}: none.</li>
 * </ul>
 * {@code lists} and {@code probes} must keep their defaults ({@value #DEFAULT_LISTS},
 * {@value #DEFAULT_PROBES}) unless the type is IVFFLAT, so that a spec always reads back equal
 * from every backend's registry.
 *
 * <p>IVFFlat is an optional capability ({@link dev.agentdb.spi.Capability#IVFFLAT_INDEX}): a backend
 * without it refuses to create an IVFFLAT collection with {@link UnsupportedFeatureException}.
 *
 * @param type the index kind; never null
 * @param m HNSW {@code M}: neighbours kept per node on the upper layers (2 x M on layer 0), 2 to {@link Limits#MAX_M}
 * @param efConstruction candidate list size while inserting, at least {@code m}, at most {@link Limits#MAX_EF}
 * @param efSearch default candidate list size while searching (a request may override it), 1 to {@link Limits#MAX_EF};
 *                 the effective value is {@code max(efSearch, k)}
 * @param lists IVFFlat: number of inverted lists (k-means centroids) the index partitions the vectors into,
 *              1 to {@link Limits#MAX_LISTS}; pgvector suggests {@code rows / 1000} up to 1M rows and
 *              {@code sqrt(rows)} above
 * @param probes IVFFlat: default number of lists a search visits (pgvector's {@code ivfflat.probes}; a request
 *               may override it with {@link SearchRequest#probes()}), 1 to {@code lists}; {@code probes = lists}
 *               visits every list and is exact; pgvector suggests {@code sqrt(lists)} to start
 */
public record IndexParams(IndexType type, int m, int efConstruction, int efSearch, int lists, int probes) {
    /** Default HNSW {@code M}. */
    public static final int DEFAULT_M = 16;
    /** Default HNSW {@code efConstruction}. */
    public static final int DEFAULT_EF_CONSTRUCTION = 100;
    /** Default HNSW {@code efSearch}. */
    public static final int DEFAULT_EF_SEARCH = 64;
    /** Default IVFFlat number of lists (pgvector's documented starting point for about 100,000 rows). */
    public static final int DEFAULT_LISTS = 100;
    /** Default IVFFlat number of probed lists: {@code sqrt(}{@value #DEFAULT_LISTS}{@code )}, pgvector's suggested start. */
    public static final int DEFAULT_PROBES = 10;
    /** HNSW with the defaults above. */
    public static final IndexParams DEFAULT = new IndexParams(IndexType.HNSW, DEFAULT_M, DEFAULT_EF_CONSTRUCTION, DEFAULT_EF_SEARCH);

    /**
     * Validates the parameters.
     *
     * @param type the index kind; must not be null
     * @param m HNSW {@code M}, neighbours per node, 2 to {@link Limits#MAX_M}
     * @param efConstruction HNSW insert-time candidate list size, {@code m} to {@link Limits#MAX_EF}
     * @param efSearch HNSW default search-time candidate list size, 1 to {@link Limits#MAX_EF}
     * @param lists IVFFlat number of inverted lists, 1 to {@link Limits#MAX_LISTS}; must be
     *              {@value #DEFAULT_LISTS} unless {@code type} is IVFFLAT
     * @param probes IVFFlat default number of lists a search visits, 1 to {@code lists}; must be
     *               {@value #DEFAULT_PROBES} unless {@code type} is IVFFLAT
     * @throws InvalidInputException naming {@code index.type}, {@code index.m}, {@code index.efConstruction},
     *         {@code index.efSearch}, {@code index.lists} or {@code index.probes} when null or out of range, or
     *         when {@code lists}/{@code probes} differ from their defaults for a type other than IVFFLAT
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
        if (lists < 1 || lists > Limits.MAX_LISTS) {
            throw new InvalidInputException("index.lists", "must be between 1 and " + Limits.MAX_LISTS + ", was " + lists);
        }
        if (probes < 1 || probes > lists) {
            throw new InvalidInputException("index.probes", "must be between 1 and lists (" + lists + "), was " + probes);
        }
        if (type != IndexType.IVFFLAT && (lists != DEFAULT_LISTS || probes != DEFAULT_PROBES)) {
            throw new InvalidInputException(lists != DEFAULT_LISTS ? "index.lists" : "index.probes",
                    "applies to IVFFLAT indexes only; leave it at its default (lists " + DEFAULT_LISTS + ", probes "
                            + DEFAULT_PROBES + ") for " + type + ", was lists " + lists + ", probes " + probes);
        }
    }

    /**
     * The parameters of an index without IVFFlat settings: {@code lists} and {@code probes} take their
     * defaults. Kept for source and binary compatibility with the four-component record.
     *
     * @param type the index kind; never null
     * @param m HNSW {@code M}
     * @param efConstruction HNSW {@code efConstruction}
     * @param efSearch HNSW default {@code efSearch}
     * @throws InvalidInputException when a value is out of range
     */
    public IndexParams(IndexType type, int m, int efConstruction, int efSearch) {
        this(type, m, efConstruction, efSearch, DEFAULT_LISTS, DEFAULT_PROBES);
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

    /**
     * IVFFlat parameters (pgvector: https://github.com/pgvector/pgvector#ivfflat). The HNSW components
     * keep their defaults.
     *
     * @param lists number of inverted lists, 1 to {@link Limits#MAX_LISTS}
     * @param probes default number of lists a search visits, 1 to {@code lists}
     * @return IVFFlat parameters
     * @throws InvalidInputException naming {@code index.lists} or {@code index.probes} when out of range
     */
    public static IndexParams ivfflat(int lists, int probes) {
        return new IndexParams(IndexType.IVFFLAT, DEFAULT_M, DEFAULT_EF_CONSTRUCTION, DEFAULT_EF_SEARCH, lists, probes);
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
        FLAT,
        /**
         * Inverted file with flat lists (approximate): k-means centroids trained when the index is
         * built, each vector stored in its nearest centroid's list, a search scans the {@code probes}
         * lists nearest to the query. Optional capability {@link dev.agentdb.spi.Capability#IVFFLAT_INDEX}.
         */
        IVFFLAT
    }
}
