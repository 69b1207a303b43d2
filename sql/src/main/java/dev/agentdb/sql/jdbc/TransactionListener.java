package dev.agentdb.sql.jdbc;

import dev.agentdb.Beta;

import java.util.Set;

/**
 * Told how the work that marked collections as touched ({@link JdbcSession#touched}) ended, so that
 * an adapter holding in-memory state about them (an HNSW graph, cached specs) keeps it in step: a
 * rolled-back transaction or savepoint means the tables are the truth again (discard the state); a
 * committed transaction means the state's changes are now everyone's (the index engine stops
 * re-scoring racing searches).
 */
@Beta
@FunctionalInterface
public interface TransactionListener {
    /** A listener that does nothing, for adapters without in-memory state. */
    TransactionListener NONE = collections -> { };

    /**
     * Called on the thread of the rolled-back work, after the rollback and before its exception
     * propagates; must not throw.
     *
     * @param collections the names marked inside the rolled-back scope (and scopes nested in it);
     *                    never empty, unmodifiable
     */
    void rolledBack(Set<String> collections);

    /**
     * Called on the committing thread after the outermost transaction committed; must not throw.
     * Does nothing by default.
     *
     * @param collections every name marked inside the committed transaction, in released and in
     *                    rolled-back savepoints alike (the latter were also reported to
     *                    {@link #rolledBack}); never empty, unmodifiable
     */
    default void committed(Set<String> collections) {
    }
}
