package dev.agentdb.sql;

import dev.agentdb.Beta;

import java.sql.SQLException;

/**
 * One row of a query result, as a {@link SqlExecutor} hands it to a {@link RowMapper}: columns by
 * 1-based position, in the order of the {@code SELECT} list. A view, valid only during the
 * {@link RowMapper#map} call that receives it (a JDBC implementation reads the live
 * {@code ResultSet}); copy what you keep.
 *
 * <p>Getters return {@code null} for SQL NULL. Numbers convert between integral types the way JDBC's
 * do (an integral column read as {@code Long}); a text column read as a number is an error.
 */
@Beta
public interface SqlRow {
    /** @return the number of columns, at least 1 */
    int columnCount();

    /**
     * @param column 1-based column position
     * @return the column's label (its {@code AS} name, else its name)
     * @throws SQLException when the position is out of range or the row cannot be read
     */
    String label(int column) throws SQLException;

    /**
     * @param column 1-based column position
     * @return the value as the driver or transport represents it, or null for SQL NULL
     * @throws SQLException when the position is out of range or the row cannot be read
     */
    Object value(int column) throws SQLException;

    /**
     * @param column 1-based column position
     * @return the value as text, or null for SQL NULL
     * @throws SQLException when the position is out of range or the row cannot be read
     */
    String text(int column) throws SQLException;

    /**
     * @param column 1-based column position
     * @return the value as a 64-bit integer, or null for SQL NULL
     * @throws SQLException when the position is out of range, or the value is not a number
     */
    Long int64(int column) throws SQLException;

    /**
     * @param column 1-based column position
     * @return the value as a 32-bit integer, or null for SQL NULL
     * @throws SQLException when the position is out of range, or the value is not a number in range
     */
    default Integer int32(int column) throws SQLException {
        Long v = int64(column);
        if (v == null) {
            return null;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new SQLException("column " + column + " holds " + v + ", outside the 32-bit integer range");
        }
        return v.intValue();
    }

    /**
     * @param column 1-based column position
     * @return the value as bytes (a BLOB, {@code bytea} or binary column), or null for SQL NULL
     * @throws SQLException when the position is out of range, or the value is not binary
     */
    byte[] bytes(int column) throws SQLException;
}
