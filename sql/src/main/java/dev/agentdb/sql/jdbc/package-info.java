/**
 * The JDBC side of the SQL layer: {@link dev.agentdb.sql.jdbc.JdbcSession} (thread-bound
 * transactions, nested savepoints, error translation, rollback listener) over a pluggable
 * {@link dev.agentdb.sql.jdbc.ConnectionStrategy} ({@link dev.agentdb.sql.jdbc.PooledConnections}
 * for a pool; SQLite's single writer plus readers fits the same interface), the one value binder
 * ({@link dev.agentdb.sql.jdbc.JdbcBinder}) and the {@link dev.agentdb.sql.SqlExecutor} of a
 * connection ({@link dev.agentdb.sql.jdbc.JdbcExecutor}).
 *
 * <p>For adapter authors, not applications; may change in any release (marked {@link dev.agentdb.Beta}).
 */
package dev.agentdb.sql.jdbc;
