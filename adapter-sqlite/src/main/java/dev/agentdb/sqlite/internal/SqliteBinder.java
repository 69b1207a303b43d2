package dev.agentdb.sqlite.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Binds the values of a translated filter (strings, longs, doubles) to a statement. Not API. */
public final class SqliteBinder {
    private SqliteBinder() {
    }

    /**
     * @param ps the statement
     * @param params the values: {@code String}, {@code Long}, {@code Double} or another {@code Number}
     * @param first the index of the first placeholder to bind (1-based)
     * @throws SQLException from the driver
     */
    public static void bind(PreparedStatement ps, List<Object> params, int first) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i);
            int at = first + i;
            if (v instanceof Long) {
                ps.setLong(at, (Long) v);
            } else if (v instanceof Double) {
                ps.setDouble(at, (Double) v);
            } else if (v instanceof Number) {
                ps.setDouble(at, ((Number) v).doubleValue());
            } else {
                ps.setString(at, (String) v);
            }
        }
    }
}
