package dev.agentdb.sql.jdbc;

import dev.agentdb.Beta;

import java.util.Set;

/**
 * Told which collections a rolled-back transaction or savepoint had marked as touched
 * ({@link JdbcSession#touched}), so that an adapter holding in-memory state about them (an HNSW
 * graph, cached specs) discards it: after the rollback, the tables are the truth again.
 */
@Beta
@FunctionalInterface
public interface RollbackListener {
    /** A listener that does nothing, for adapters without in-memory state. */
    RollbackListener NONE = collections -> { };

    /**
     * Called on the thread of the rolled-back work, after the rollback and before its exception
     * propagates; must not throw.
     *
     * @param collections the names marked inside the rolled-back scope (and scopes nested in it);
     *                    never empty, unmodifiable
     */
    void rolledBack(Set<String> collections);
}
