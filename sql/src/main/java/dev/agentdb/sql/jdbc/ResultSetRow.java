package dev.agentdb.sql.jdbc;

import dev.agentdb.Beta;
import dev.agentdb.sql.SqlRow;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.UnaryOperator;

/**
 * A {@link SqlRow} view of the current row of a JDBC {@link ResultSet}: nothing is copied, each
 * getter reads the live result set, so mapping through it costs no more than reading the result set
 * directly (hot paths such as search results can use it). Valid until the result set moves.
 */
@Beta
public final class ResultSetRow implements SqlRow {
    private final ResultSet rs;
    private final UnaryOperator<Object> values;
    private final int columns;

    /**
     * @param rs the result set; the caller moves it ({@code next()}) and closes it
     * @param values applied to every {@link #value} read, to turn driver objects into plain Java
     *               values (e.g. PostgreSQL's {@code PGobject} into its text); {@link UnaryOperator#identity()}
     *               for none
     * @throws SQLException when the result set's metadata cannot be read
     */
    public ResultSetRow(ResultSet rs, UnaryOperator<Object> values) throws SQLException {
        this.rs = rs;
        this.values = values;
        this.columns = rs.getMetaData().getColumnCount();
    }

    @Override
    public int columnCount() {
        return columns;
    }

    @Override
    public String label(int column) throws SQLException {
        return rs.getMetaData().getColumnLabel(column);
    }

    @Override
    public Object value(int column) throws SQLException {
        Object v = rs.getObject(column);
        return v == null ? null : values.apply(v);
    }

    @Override
    public String text(int column) throws SQLException {
        return rs.getString(column);
    }

    @Override
    public Long int64(int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    @Override
    public Integer int32(int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    @Override
    public byte[] bytes(int column) throws SQLException {
        return rs.getBytes(column);
    }
}
