package dev.agentdb.sqlite.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done with a connection that may throw {@link SQLException}. Not API.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface SqlWork<T> {
    /**
     * @param connection the connection to use; do not close it
     * @return the result
     * @throws SQLException from the driver
     */
    T run(Connection connection) throws SQLException;
}
