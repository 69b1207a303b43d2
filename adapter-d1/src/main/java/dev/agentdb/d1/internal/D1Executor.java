package dev.agentdb.d1.internal;

import dev.agentdb.sql.RowMapper;
import dev.agentdb.sql.SqlExecutor;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL layer's {@link SqlExecutor} over D1: queries run at once (one request, safe to repeat); writes
 * either run at once too ({@link #direct}) or are collected into a {@link D1Batch} that the caller sends as one
 * D1 batch, one transaction ({@link #collecting}). A collected write reports 1 changed row (it has not run yet):
 * callers that need the count read first (the adapter checks the registry before it drops a collection).
 *
 * <p>Reads made while writes are being collected see the database as committed, not the pending writes; the
 * adapter reads before it writes and guards the batch against other writers (see {@link D1Batch}).
 * Thread-safe when the batch is used by one thread.
 */
public final class D1Executor implements SqlExecutor {
    private final D1Client client;
    private final D1Batch batch;
    private final boolean idempotentWrites;

    private D1Executor(D1Client client, D1Batch batch, boolean idempotentWrites) {
        this.client = client;
        this.batch = batch;
        this.idempotentWrites = idempotentWrites;
    }

    /**
     * @param client the database
     * @return an executor that runs every statement at once (writes as requests not repeated on an ambiguous failure)
     */
    public static D1Executor direct(D1Client client) {
        return new D1Executor(client, null, false);
    }

    /**
     * @param client the database
     * @return an executor that runs every statement at once, for writes that are idempotent (upserts of a
     *         key/value, deletes by key): they are sent again after a 5xx, timeout or dropped connection
     */
    public static D1Executor idempotent(D1Client client) {
        return new D1Executor(client, null, true);
    }

    /**
     * @param client the database (for queries)
     * @param batch where writes go
     * @return an executor that runs queries at once and collects writes
     */
    public static D1Executor collecting(D1Client client, D1Batch batch) {
        return new D1Executor(client, batch, false);
    }

    /**
     * Runs one query.
     *
     * @param sql the statement
     * @param params its values (Java types, see {@link D1Params})
     * @return its result
     * @throws SQLException when D1 refuses it
     */
    public D1Result run(String sql, List<?> params) throws SQLException {
        return client.run(List.of(D1Params.preparePacked(sql, params)), true).get(0);
    }

    @Override
    public <T> List<T> query(String sql, List<?> params, RowMapper<T> mapper) throws SQLException {
        D1Result result = run(sql, params);
        D1Row row = new D1Row(result.columns());
        List<T> out = new ArrayList<>(result.rows().size());
        for (List<Object> values : result.rows()) {
            out.add(mapper.map(row.at(values)));
        }
        return out;
    }

    @Override
    public int update(String sql, List<?> params) throws SQLException {
        if (batch != null) {
            batch.add(sql, params);
            return 1;
        }
        return (int) client.changes(List.of(D1Params.preparePacked(sql, params)), idempotentWrites)[0];
    }

    @Override
    public List<Map<String, Object>> execute(String sql, List<?> params) throws SQLException {
        D1Result result = client.run(List.of(D1Params.prepare(sql, params)), false).get(0);
        List<Map<String, Object>> rows = new ArrayList<>(result.rows().size());
        for (List<Object> values : result.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < values.size(); i++) {
                row.put(i < result.columns().size() ? result.columns().get(i) : "column" + (i + 1), values.get(i));
            }
            rows.add(row);
        }
        return rows;
    }
}
