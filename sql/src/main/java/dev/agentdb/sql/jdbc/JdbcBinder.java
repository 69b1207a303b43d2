package dev.agentdb.sql.jdbc;

import dev.agentdb.Beta;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Binds Java values to {@code ?} placeholders, the same way for every JDBC adapter: the one place
 * that decides which setter a value takes.
 *
 * <table>
 *   <caption>Value to setter</caption>
 *   <tr><th>value</th><th>bound with</th></tr>
 *   <tr><td>{@code null}</td><td>{@code setNull(i, Types.NULL)}: SQL NULL of no declared type</td></tr>
 *   <tr><td>{@code String}</td><td>{@code setString}</td></tr>
 *   <tr><td>{@code Integer}, {@code Short}, {@code Byte}</td><td>{@code setInt}</td></tr>
 *   <tr><td>{@code Long}</td><td>{@code setLong}</td></tr>
 *   <tr><td>{@code Double}, {@code Float}</td><td>{@code setDouble}</td></tr>
 *   <tr><td>{@code BigDecimal}, {@code BigInteger}</td><td>{@code setBigDecimal} (exact)</td></tr>
 *   <tr><td>another {@code Number}</td><td>{@code setDouble} of its {@code doubleValue()}</td></tr>
 *   <tr><td>{@code Boolean}</td><td>{@code setBoolean} (1/0 on SQLite)</td></tr>
 *   <tr><td>{@code byte[]}</td><td>{@code setBytes} (BLOB, {@code bytea}, {@code VARBINARY})</td></tr>
 *   <tr><td>anything else</td><td>{@code setObject}: the driver decides (e.g. {@code java.time} types)</td></tr>
 * </table>
 * Stateless.
 */
@Beta
public final class JdbcBinder {
    private JdbcBinder() {
    }

    /**
     * Binds values to consecutive placeholders.
     *
     * @param ps the statement
     * @param first the 1-based position of the first placeholder to bind
     * @param values the values, in placeholder order; not null (elements may be)
     * @return the position after the last one bound ({@code first + values.size()})
     * @throws SQLException from the driver, e.g. when a position is out of range
     */
    public static int bindAll(PreparedStatement ps, int first, List<?> values) throws SQLException {
        int at = first;
        for (Object v : values) {
            bind(ps, at++, v);
        }
        return at;
    }

    /**
     * Binds one value (see the class table).
     *
     * @param ps the statement
     * @param index the 1-based placeholder position
     * @param value the value, or null for SQL NULL
     * @throws SQLException from the driver, e.g. when the position is out of range
     */
    public static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof String s) {
            ps.setString(index, s);
        } else if (value instanceof Long l) {
            ps.setLong(index, l);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            ps.setInt(index, ((Number) value).intValue());
        } else if (value instanceof Double || value instanceof Float) {
            ps.setDouble(index, ((Number) value).doubleValue());
        } else if (value instanceof BigDecimal d) {
            ps.setBigDecimal(index, d);
        } else if (value instanceof BigInteger i) {
            ps.setBigDecimal(index, new BigDecimal(i));
        } else if (value instanceof Number n) {
            ps.setDouble(index, n.doubleValue());
        } else if (value instanceof Boolean b) {
            ps.setBoolean(index, b);
        } else if (value instanceof byte[] bytes) {
            ps.setBytes(index, bytes);
        } else {
            ps.setObject(index, value);
        }
    }
}
