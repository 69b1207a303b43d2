package dev.agentdb.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An executor that runs nothing: it records each statement and its parameters, answers queries with
 * no rows and updates with one changed row. For the rendering tests; the ITs run the same SQL on
 * real databases.
 */
final class RecordingExecutor implements SqlExecutor {
    record Call(String sql, List<Object> params) {
    }

    final List<Call> calls = new ArrayList<>();

    @Override
    public <T> List<T> query(String sql, List<?> params, RowMapper<T> mapper) {
        calls.add(new Call(sql, new ArrayList<>(params)));
        return List.of();
    }

    @Override
    public int update(String sql, List<?> params) {
        calls.add(new Call(sql, new ArrayList<>(params)));
        return 1;
    }

    @Override
    public List<Map<String, Object>> execute(String sql, List<?> params) {
        calls.add(new Call(sql, new ArrayList<>(params)));
        return List.of();
    }
}
