package dev.agentdb.spi;

/**
 * The named key-value stores a backend keeps beside its collections for tools (not for user data):
 * see {@link DatabaseAdapter#readState(StateStore, String)}. Each store is its own table of the same
 * shape, {@code (key text primary key, value text)}, so that one tool's keys never mix with another's
 * and each table can be inspected, emptied or dropped on its own.
 *
 * <p>The table names are constants of this library; adapters may splice them into SQL because they
 * are never user text.
 */
@dev.agentdb.Beta
public enum StateStore {
    /**
     * The engine's own state, table {@code agentdb_meta}: facts about the database (who created it,
     * diagnostics) and any key a tool keeps without a store of its own. The store of the one-argument
     * {@link DatabaseAdapter#readState(String)}, {@link DatabaseAdapter#writeState(String, String)} and
     * {@link DatabaseAdapter#deleteState(String)}.
     */
    ENGINE("agentdb_meta"),

    /**
     * The checkpoints of {@code agentdb migrate}, table {@code agentdb_migration_checkpoints}: one key
     * per migrated collection, holding how far its copy into this (target) database got. The tool
     * writes each batch and its checkpoint in one transaction, so a resumed run starts exactly after
     * the last committed batch.
     */
    MIGRATION_CHECKPOINTS("agentdb_migration_checkpoints");

    private final String table;

    StateStore(String table) {
        this.table = table;
    }

    /**
     * @return the unquoted name of the store's table, a plain lower-case SQL identifier such as
     *         {@code agentdb_meta}; never null
     */
    public String table() {
        return table;
    }
}
