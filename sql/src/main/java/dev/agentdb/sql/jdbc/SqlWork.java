package dev.agentdb.sql.jdbc;

import dev.agentdb.Beta;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done with a JDBC connection that a {@link JdbcSession} lends; driver errors may escape as
 * {@link SQLException}, which the session translates with the adapter's {@link SqlErrorTranslator}.
 *
 * @param <T> the result type
 */
@Beta
@FunctionalInterface
public interface SqlWork<T> {
    /**
     * @param connection the connection to use, inside the transaction or savepoint the session
     *                   opened (or in auto-commit mode for reads); do not close it, commit, roll
     *                   back or change its auto-commit mode
     * @return the result; may be null
     * @throws SQLException from the driver
     */
    T run(Connection connection) throws SQLException;
}
