package dev.agentdb.spi;

/**
 * Optional abilities an adapter declares in {@link DatabaseAdapter#capabilities()}. A call that
 * needs a capability the adapter lacks throws {@link dev.agentdb.UnsupportedFeatureException}.
 */
public enum Capability {
    /** {@link DatabaseAdapter#transaction(java.util.function.Supplier)} spans several operations atomically. */
    TRANSACTIONS,
    /** {@link DatabaseAdapter#executeRaw(String, java.util.List)} runs native SQL. */
    RAW_SQL,
    /** Searches use an approximate nearest-neighbour index (otherwise every search is an exact scan). */
    ANN_INDEX,
    /** Metadata filters are evaluated by the database, not in the JVM. */
    FILTER_PUSHDOWN,
    /** Data outlives the process (false for in-memory databases). */
    DURABLE,
    /** Several connections may write at the same time. */
    CONCURRENT_WRITERS,
    /**
     * Collections may use {@link dev.agentdb.IndexParams.IndexType#IVFFLAT} indexes (and honour
     * {@link dev.agentdb.SearchRequest#probes()}); without it, creating such a collection throws
     * {@link dev.agentdb.UnsupportedFeatureException}.
     */
    IVFFLAT_INDEX
}
