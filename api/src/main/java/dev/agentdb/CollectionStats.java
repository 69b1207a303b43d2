package dev.agentdb;

/**
 * A snapshot of a collection's size and shape.
 *
 * @param name the collection name
 * @param count number of live records
 * @param dimension embedding length (0 for an empty v1 collection whose dimension is not fixed yet)
 * @param metric the collection's metric
 * @param index the index parameters
 * @param bytesOnDisk bytes the collection's rows and index occupy in the backend, or -1 when the
 *                    backend cannot tell
 * @param indexedCount number of records reachable through the ANN index (equals {@code count} when
 *                     the index is complete; 0 for a FLAT collection)
 * @param indexImplementation what serves the collection's ANN searches: {@value #IN_HOUSE} (AgentDB's
 *                            own HNSW index, through the shared engine), {@value #PGVECTOR},
 *                            {@value #MARIADB_VECTOR} (MariaDB 11.7+'s {@code VECTOR INDEX}),
 *                            {@value #NONE} (a FLAT collection: exact scans), another adapter's own
 *                            name, or null when the adapter does not say
 */
public record CollectionStats(String name, long count, int dimension, Metric metric, IndexParams index,
                              long bytesOnDisk, long indexedCount, String indexImplementation) {
    /** {@link #indexImplementation()} of AgentDB's in-house HNSW index. */
    public static final String IN_HOUSE = "agentdb-hnsw";
    /** {@link #indexImplementation()} of pgvector's HNSW or IVFFlat index. */
    public static final String PGVECTOR = "pgvector";
    /** {@link #indexImplementation()} of MariaDB's native {@code VECTOR INDEX}. */
    public static final String MARIADB_VECTOR = "mariadb-vector";
    /** {@link #indexImplementation()} of a collection without an ANN index (FLAT). */
    public static final String NONE = "none";

    /**
     * Stats without {@link #indexImplementation()} (null): the seven-component form, kept for source
     * and binary compatibility.
     *
     * @param name the collection name
     * @param count number of live records
     * @param dimension embedding length
     * @param metric the collection's metric
     * @param index the index parameters
     * @param bytesOnDisk bytes the collection occupies, or -1
     * @param indexedCount number of records reachable through the ANN index
     */
    public CollectionStats(String name, long count, int dimension, Metric metric, IndexParams index,
                           long bytesOnDisk, long indexedCount) {
        this(name, count, dimension, metric, index, bytesOnDisk, indexedCount, null);
    }

    /**
     * @param index index parameters
     * @param ann what serves searches when the index type is not FLAT
     * @return {@link #NONE} for a FLAT index, else {@code ann}
     */
    public static String implementationOf(IndexParams index, String ann) {
        return index.type() == IndexParams.IndexType.FLAT ? NONE : ann;
    }
}
