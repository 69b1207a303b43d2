package dev.agentdb.sql.jdbc;

import dev.agentdb.Beta;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where a {@link JdbcSession} gets its connections and how it opens and ends a transaction on one:
 * the part of the plumbing in which backends differ. Two shapes fit:
 * <ul>
 *   <li>a pool of equal connections ({@link PooledConnections}, e.g. HikariCP for PostgreSQL and
 *       MySQL): readers and writers are any pooled connection; a transaction is
 *       {@code setAutoCommit(false)} ... {@code commit()};</li>
 *   <li>SQLite's one writer connection guarded by a lock plus a pool of reader connections:
 *       {@link #acquireWriter} takes the lock and returns the writer, {@link #begin} runs
 *       {@code BEGIN IMMEDIATE} and then checks {@code PRAGMA data_version} for commits of other
 *       processes, {@link #beforeAutoCommit} runs that check alone, {@link #release} of the writer
 *       unlocks it; readers come from the reader pool (the writer, under the lock, for an in-memory
 *       database).</li>
 * </ul>
 * The session decides when each method is called; reads inside a transaction run on the
 * transaction's connection without asking the strategy. Implementations must be thread-safe.
 */
@Beta
public interface ConnectionStrategy extends AutoCloseable {
    /**
     * @return a connection in auto-commit mode for work outside any transaction that only reads;
     *         give it back with {@link #release}
     * @throws dev.agentdb.BackendUnavailableException when the strategy is closed or no connection
     *         is available within its timeout
     */
    Connection acquireReader();

    /**
     * @return a connection, in auto-commit mode, for a transaction or for writes in auto-commit mode,
     *         exclusively the caller's until {@link #release}
     * @throws dev.agentdb.BackendUnavailableException when the strategy is closed or no connection
     *         (or the writer lock) is available within its timeout
     */
    Connection acquireWriter();

    /**
     * Takes back a connection of {@link #acquireReader} or {@link #acquireWriter}, restoring
     * auto-commit mode if needed. Never throws: a broken connection is discarded.
     *
     * @param connection the connection
     */
    void release(Connection connection);

    /**
     * Starts a transaction on a writer connection.
     *
     * @param connection a connection of {@link #acquireWriter}, in auto-commit mode
     * @throws SQLException from the driver (e.g. SQLite busy); then no transaction is left open (a
     *         strategy that runs more than one statement rolls back what it started)
     */
    void begin(Connection connection) throws SQLException;

    /**
     * Commits the transaction {@link #begin} started.
     *
     * @param connection the transaction's connection
     * @throws SQLException from the driver; the session then rolls back
     */
    void commit(Connection connection) throws SQLException;

    /**
     * Rolls back the transaction {@link #begin} started.
     *
     * @param connection the transaction's connection
     * @throws SQLException from the driver
     */
    void rollback(Connection connection) throws SQLException;

    /**
     * Called before writes run in auto-commit mode on a writer connection (outside any transaction),
     * e.g. to check for other processes' commits first. Does nothing by default.
     *
     * @param connection a connection of {@link #acquireWriter}
     * @throws SQLException from the driver
     */
    default void beforeAutoCommit(Connection connection) throws SQLException {
    }

    /** Closes every connection (waiting for running work where the strategy can). Idempotent; never throws. */
    @Override
    void close();
}
