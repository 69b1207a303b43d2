package dev.agentdb.sql.jdbc;

import dev.agentdb.Beta;
import dev.agentdb.sql.RowMapper;
import dev.agentdb.sql.SqlExecutor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A {@link SqlExecutor} on one JDBC connection: prepares each statement, binds with
 * {@link JdbcBinder}, and closes statement and result set before returning. It neither commits nor
 * rolls back; use it inside a {@link JdbcSession} work item, on the connection the work receives.
 * Cheap to create (one per work item is fine); as thread-safe as its connection (not).
 */
@Beta
public final class JdbcExecutor implements SqlExecutor {
    private final Connection connection;
    private final UnaryOperator<Object> values;

    private JdbcExecutor(Connection connection, UnaryOperator<Object> values) {
        this.connection = connection;
        this.values = values;
    }

    /**
     * @param connection the connection to run on; not closed by the executor
     * @return an executor whose rows hand out driver values as they are
     */
    public static JdbcExecutor on(Connection connection) {
        return new JdbcExecutor(connection, UnaryOperator.identity());
    }

    /**
     * @param connection the connection to run on; not closed by the executor
     * @param values applied to every non-null value a row hands out ({@link ResultSetRow#value} and
     *               {@link #execute}'s maps), e.g. PostgreSQL's {@code PGobject} to its text
     * @return the executor
     */
    public static JdbcExecutor on(Connection connection, UnaryOperator<Object> values) {
        return new JdbcExecutor(connection, values);
    }

    @Override
    public <T> List<T> query(String sql, List<?> params, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            JdbcBinder.bindAll(ps, 1, params);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetRow row = new ResultSetRow(rs, values);
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(row));
                }
                return out;
            }
        }
    }

    @Override
    public int update(String sql, List<?> params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            JdbcBinder.bindAll(ps, 1, params);
            return ps.executeUpdate();
        }
    }

    @Override
    public List<Map<String, Object>> execute(String sql, List<?> params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            JdbcBinder.bindAll(ps, 1, params);
            if (!ps.execute()) {
                return List.of();
            }
            try (ResultSet rs = ps.getResultSet()) {
                ResultSetRow row = new ResultSetRow(rs, values);
                String[] labels = new String[row.columnCount()];
                for (int col = 1; col <= labels.length; col++) {
                    labels[col - 1] = row.label(col);
                }
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (int col = 1; col <= labels.length; col++) {
                        map.put(labels[col - 1], row.value(col));
                    }
                    out.add(map);
                }
                return out;
            }
        }
    }
}
