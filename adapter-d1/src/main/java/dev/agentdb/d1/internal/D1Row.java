package dev.agentdb.d1.internal;

import dev.agentdb.sql.SqlRow;

import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

/**
 * One row of a {@link D1Result} as the SQL layer reads rows ({@link SqlRow}): values as D1 returned them
 * (JSON). {@link #bytes} accepts a BLOB as D1 returns it (an array of byte values) and hex text (a
 * column read as {@code hex(col)}, the faster form). Reusable: {@link #at} moves it to another row.
 */
public final class D1Row implements SqlRow {
    private final List<String> columns;
    private List<Object> values;

    /**
     * @param columns the column labels of the result
     */
    public D1Row(List<String> columns) {
        this.columns = columns;
    }

    /**
     * @param row the values of the row to read
     * @return this
     */
    public D1Row at(List<Object> row) {
        this.values = row;
        return this;
    }

    @Override
    public int columnCount() {
        return values == null ? columns.size() : Math.max(columns.size(), values.size());
    }

    @Override
    public String label(int column) throws SQLException {
        check(column);
        return column <= columns.size() ? columns.get(column - 1) : "column" + column;
    }

    @Override
    public Object value(int column) throws SQLException {
        check(column);
        return values.get(column - 1);
    }

    @Override
    public String text(int column) throws SQLException {
        Object v = value(column);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return v.toString();
    }

    @Override
    public Long int64(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new SQLException("column " + column + " holds text, not an integer");
            }
        }
        throw new SQLException("column " + column + " holds " + v.getClass().getSimpleName() + ", not an integer");
    }

    @Override
    public byte[] bytes(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            try {
                return HexFormat.of().parseHex(s);
            } catch (IllegalArgumentException e) {
                throw new SQLException("column " + column + " holds text that is not hex");
            }
        }
        if (v instanceof List<?> list) {
            byte[] out = new byte[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) ((Number) list.get(i)).intValue();
            }
            return out;
        }
        throw new SQLException("column " + column + " holds " + v.getClass().getSimpleName() + ", not a BLOB");
    }

    /**
     * @param column 1-based column position
     * @return the value as a double, or null for SQL NULL
     * @throws SQLException when it is not a number
     */
    public Double float64(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new SQLException("column " + column + " holds " + v.getClass().getSimpleName() + ", not a number");
    }

    private void check(int column) throws SQLException {
        if (values == null || column < 1 || column > values.size()) {
            throw new SQLException("column " + column + " is out of range (the row has " + (values == null ? 0 : values.size())
                    + " columns)");
        }
    }
}
