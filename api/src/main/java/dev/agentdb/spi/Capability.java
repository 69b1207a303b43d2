package dev.agentdb.spi;

/**
 * Optional abilities an adapter declares in {@link DatabaseAdapter#capabilities()}: each one
 * changes what a call does, and a call that needs a capability the adapter lacks throws
 * {@link dev.agentdb.UnsupportedFeatureException} (the compatibility kit skips its tests). Only
 * abilities something reads are listed.
 */
@dev.agentdb.Beta
public enum Capability {
    /** {@link DatabaseAdapter#transaction(java.util.function.Supplier)} spans several operations atomically. */
    TRANSACTIONS,
    /** {@link DatabaseAdapter#executeRaw(String, java.util.List)} runs native SQL. */
    RAW_SQL,
    /** Data outlives the process (false for in-memory databases). */
    DURABLE,
    /**
     * Collections may use {@link dev.agentdb.IndexParams.IndexType#IVFFLAT} indexes (and honour
     * {@link dev.agentdb.SearchRequest#probes()}); without it, creating such a collection throws
     * {@link dev.agentdb.UnsupportedFeatureException}.
     */
    IVFFLAT_INDEX,
    /**
     * The adapter opens a database read-only when {@link dev.agentdb.AgentDBConfig#readOnly()} asks
     * (or its URL does): it writes nothing when it opens, creates no database, and opens its
     * connections read-only, so the backend refuses writes too; {@link DatabaseAdapter} refuses every
     * write of the API with {@link dev.agentdb.ReadOnlyException} before it reaches the adapter.
     * Without it, opening with {@code readOnly} throws {@link dev.agentdb.UnsupportedFeatureException}.
     */
    READ_ONLY
}
