package dev.agentdb.d1.internal;

import dev.agentdb.filter.Filter;
import dev.agentdb.internal.Json;
import dev.agentdb.sql.SqlFragment;
import dev.agentdb.sql.SqliteJsonFilterTranslator;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Filters on D1: the shared SQLite translator ({@link SqliteJsonFilterTranslator} over {@code t.metadata}),
 * unless the SQL it writes would break D1's statement limit of 100,000 bytes (a filter of hundreds of clauses or
 * an {@code $in} of a thousand values writes more). Such a filter is evaluated in Java instead, with
 * {@link Filter#test} (the reference every translator matches), over the rows read a page at a time: same
 * results, more bytes read. Thread-safe.
 */
public final class D1Filters {
    /** The most SQL a filter may write (the rest of the statement needs the remainder of D1's 100,000 bytes). */
    public static final int SQL_BUDGET = 80_000;
    /** Rows read per request when a filter is evaluated in Java. */
    public static final int PAGE_ROWS = 1_000;

    private final SqliteJsonFilterTranslator translator = new SqliteJsonFilterTranslator("t.metadata");

    /** Receives one row of {@link #scanMatching}. */
    @FunctionalInterface
    public interface RowSink {
        /**
         * @param row columns {@code id, metadata} then the extra ones; valid during the call only
         * @throws SQLException when a column cannot be read
         */
        void row(D1Row row) throws SQLException;
    }

    /**
     * @param filter a filter; not null
     * @return its SQL over {@code t.metadata}, or null when it must be evaluated in Java (too large for D1)
     */
    public SqlFragment sql(Filter filter) {
        SqlFragment where = translator.translate(filter);
        long size = where.sql().length() + (where.params().size() > D1Params.MAX_PARAMS - 4 ? 26L * where.params().size() : 0);
        return size > SQL_BUDGET ? null : where;
    }

    /**
     * Streams the rows of a table whose metadata passes a filter in Java, a page of {@value #PAGE_ROWS} by id.
     *
     * @param client the database
     * @param table the table
     * @param extraColumns more columns after {@code t.id, t.metadata}, e.g. {@code ", hex(t.embedding)"}, or {@code ""}
     * @param filter the filter, or null for every row
     * @param sink receives each passing row
     * @throws SQLException when D1 refuses
     */
    public static void scanMatching(D1Client client, D1Table table, String extraColumns, Filter filter, RowSink sink) throws SQLException {
        D1Executor reads = D1Executor.direct(client);
        String after = null;
        while (true) {
            List<Object> params = new ArrayList<>();
            if (after != null) {
                params.add(after);
            }
            params.add(PAGE_ROWS);
            D1Result r = reads.run("SELECT t.id, t.metadata" + extraColumns + " FROM " + table.quoted() + " t"
                    + (after == null ? "" : " WHERE t.id > ?") + " ORDER BY t.id LIMIT ?", params);
            D1Row row = new D1Row(r.columns());
            for (List<Object> values : r.rows()) {
                row.at(values);
                after = row.text(1);
                if (filter == null || filter.test(Json.readObject(row.text(2)))) {
                    sink.row(row);
                }
            }
            if (r.rows().size() < PAGE_ROWS) {
                return;
            }
        }
    }
}
