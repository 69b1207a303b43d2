package dev.agentdb.sql;

import dev.agentdb.Beta;

import java.sql.SQLException;

/**
 * Turns one result row into a value, called once per row in result order.
 *
 * @param <T> the value type
 */
@Beta
@FunctionalInterface
public interface RowMapper<T> {
    /**
     * @param row the current row; valid only during this call
     * @return the value for this row; may be null
     * @throws SQLException when the row cannot be read
     */
    T map(SqlRow row) throws SQLException;
}
