package dev.agentdb.d1.internal;

import dev.agentdb.engine.NodeMap;
import dev.agentdb.engine.SearchReads;
import dev.agentdb.engine.StoredRow;
import dev.agentdb.engine.VectorRows;
import dev.agentdb.filter.Filter;
import dev.agentdb.internal.Json;
import dev.agentdb.internal.VectorCodec;
import dev.agentdb.sql.SqlFragment;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A search's reads of one collection in D1: each {@link #fetch} is one statement (one point in time, the
 * filter applied again), ids bound as one JSON array ({@code id IN (SELECT value FROM json_each(?))}); filters
 * by the shared SQLite translator; id lists and exact scans paged by id, {@value #PAGE_ROWS} a request. Not API.
 */
public final class D1SearchReads implements SearchReads {
    /** Rows read per request by id lists and scans. */
    public static final int PAGE_ROWS = 2_000;

    private final D1Client client;
    private final D1Executor reads;
    private final D1Table table;
    private final D1Filters filters;

    /**
     * @param client the database
     * @param table the collection table
     * @param filters the filters (SQL, or Java for those too large for D1)
     */
    public D1SearchReads(D1Client client, D1Table table, D1Filters filters) {
        this.client = client;
        this.reads = D1Executor.direct(client);
        this.table = table;
        this.filters = filters;
    }

    @Override
    public void matchingIds(Filter filter, Consumer<String> ids) {
        SqlFragment where = filters.sql(filter);
        String after = null;
        try {
            if (where == null) {
                D1Filters.scanMatching(client, table, "", filter, row -> ids.accept(row.text(1)));
                return;
            }
            while (true) {
                List<Object> params = new ArrayList<>(where.params());
                String page = after == null ? "" : " AND t.id > ?";
                if (after != null) {
                    params.add(after);
                }
                params.add(PAGE_ROWS);
                List<String> got = reads.query("SELECT t.id FROM " + table.quoted() + " t WHERE (" + where.sql() + ")" + page
                        + " ORDER BY t.id LIMIT ?", params, row -> row.text(1));
                got.forEach(ids);
                if (got.size() < PAGE_ROWS) {
                    return;
                }
                after = got.get(got.size() - 1);
            }
        } catch (SQLException e) {
            throw translate(e, "filter '" + table.name() + "'");
        }
    }

    @Override
    public List<StoredRow> fetch(String[] ids, long[] keys, int count, Filter filter, boolean withEmbeddings) {
        SqlFragment where = filter == null ? null : filters.sql(filter);
        Filter inJava = filter != null && where == null ? filter : null;
        List<Object> params = new ArrayList<>();
        params.add(Json.canonical(Arrays.asList(ids).subList(0, count)));
        if (where != null) {
            params.addAll(where.params());
        }
        String sql = "SELECT t.id, " + (withEmbeddings ? "hex(t.embedding)" : "NULL") + ", t.metadata, t.text FROM " + table.quoted()
                + " t WHERE t.id IN (SELECT value FROM json_each(?))" + (where == null ? "" : " AND (" + where.sql() + ")");
        try {
            List<StoredRow> rows = reads.query(sql, params, row -> {
                byte[] blob = withEmbeddings ? row.bytes(2) : null;
                return StoredRow.ofJson(row.text(1), blob == null ? null : VectorCodec.decode(blob), row.text(3), row.text(4));
            });
            if (inJava != null) {
                rows.removeIf(r -> !inJava.test(r.metadata()));
            }
            return rows;
        } catch (SQLException e) {
            throw translate(e, "read search hits of '" + table.name() + "'");
        }
    }

    @Override
    public void scan(Filter filter, int dimension, VectorRows.Sink sink) {
        SqlFragment where = filter == null ? null : filters.sql(filter);
        int bytes = dimension * Float.BYTES;
        float[] vector = new float[dimension];
        String after = null;
        try {
            if (filter != null && where == null) {
                D1Filters.scanMatching(client, table, ", hex(t.embedding)", filter, row -> {
                    byte[] blob = row.bytes(3);
                    if (blob != null && blob.length == bytes) {
                        sink.row(NodeMap.NO_KEY, row.text(1), VectorCodec.decode(blob, vector));
                    }
                });
                return;
            }
            while (true) {
                List<Object> params = new ArrayList<>(where == null ? List.of() : where.params());
                List<String> conditions = new ArrayList<>();
                if (where != null) {
                    conditions.add("(" + where.sql() + ")");
                }
                if (after != null) {
                    conditions.add("t.id > ?");
                    params.add(after);
                }
                params.add(PAGE_ROWS);
                D1Result r = reads.run("SELECT t.id, hex(t.embedding) FROM " + table.quoted() + " t"
                        + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions)) + " ORDER BY t.id LIMIT ?", params);
                D1Row row = new D1Row(r.columns());
                for (List<Object> values : r.rows()) {
                    row.at(values);
                    after = row.text(1);
                    byte[] blob = row.bytes(2);
                    if (blob != null && blob.length == bytes) {
                        sink.row(NodeMap.NO_KEY, after, VectorCodec.decode(blob, vector));
                    }
                }
                if (r.rows().size() < PAGE_ROWS) {
                    return;
                }
            }
        } catch (SQLException e) {
            throw translate(e, "exact search of '" + table.name() + "'");
        }
    }

    private static RuntimeException translate(SQLException e, String what) {
        return e instanceof D1Exception d ? D1Errors.translate(d, what, "") : new dev.agentdb.AgentDBException("cannot " + what + ": " + e, e);
    }
}
