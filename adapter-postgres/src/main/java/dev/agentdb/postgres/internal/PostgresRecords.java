package dev.agentdb.postgres.internal;

import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.postgres.PostgresFilterTranslator;
import dev.agentdb.sql.RecordMapper;
import dev.agentdb.sql.SqlDialect;
import dev.agentdb.sql.SqlFragment;
import dev.agentdb.sql.jdbc.JdbcExecutor;
import dev.agentdb.sql.jdbc.JdbcSession;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Row-level reads and writes of PostgreSQL collections other than the bulk insert and search:
 * upsert, get, delete, filtered delete and count, and id-ordered scans. Embeddings travel as
 * pgvector text ({@code ?::vector}, {@code embedding::text}) and metadata as jsonb text written by
 * {@link PgJson}. Thread-safe. Not API.
 */
public final class PostgresRecords {
    /** Rows per JDBC batch of an upsert. */
    private static final int UPSERT_BATCH = 500;
    /** The record columns in {@link RecordMapper}'s order, embedding and metadata as their text. */
    private static final String RECORD_COLUMNS = "id, embedding::text, metadata::text, text, \"timestamp\"";
    /** Rows to {@link VectorRecord}s, pgvector text parsed by pgvector-java. */
    private static final RecordMapper RECORDS = new RecordMapper((row, column) -> {
        String text = row.text(column);
        return text == null ? null : PgVectors.parse(text);
    });

    private final JdbcSession session;
    private final PostgresDdl ddl;
    private final PostgresFilterTranslator filters;

    /**
     * @param session the adapter's session
     * @param ddl the schema's tables
     * @param filters the filter translator of the metadata column
     */
    public PostgresRecords(JdbcSession session, PostgresDdl ddl, PostgresFilterTranslator filters) {
        this.session = session;
        this.ddl = ddl;
        this.filters = filters;
    }

    /**
     * Inserts or replaces records with a batched {@code INSERT ... ON CONFLICT (id) DO UPDATE}, in
     * id order so that every writer locks rows in the same order (no deadlocks).
     *
     * @param collection a validated, existing collection
     * @param records validated records (ids and timestamps set)
     */
    public void upsert(String collection, List<VectorRecord> records) {
        session.write(collection, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + ddl.table(collection)
                    + " (id, embedding, metadata, text, \"timestamp\") VALUES (?, ?::vector, ?::jsonb, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET embedding = EXCLUDED.embedding, metadata = EXCLUDED.metadata,"
                    + " text = EXCLUDED.text, \"timestamp\" = EXCLUDED.\"timestamp\"")) {
                int pending = 0;
                List<VectorRecord> ordered = new ArrayList<>(records);
                ordered.sort((a, b) -> a.id().compareTo(b.id()));
                for (VectorRecord r : ordered) {
                    ps.setString(1, r.id());
                    ps.setString(2, PgVectors.toText(r.embedding()));
                    ps.setString(3, PgJson.write(r.metadata()));
                    ps.setString(4, r.text());
                    ps.setLong(5, r.timestamp());
                    ps.addBatch();
                    if (++pending == UPSERT_BATCH) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    ps.executeBatch();
                }
            }
            return null;
        });
    }

    /**
     * @param collection a validated, existing collection
     * @param id a record id
     * @return the record, or empty
     */
    public Optional<VectorRecord> get(String collection, String id) {
        return session.read(collection, c -> JdbcExecutor.on(c).queryFirst("SELECT " + RECORD_COLUMNS + " FROM "
                + ddl.table(collection) + " WHERE id = ?", List.of(id), RECORDS));
    }

    /**
     * @param collection a validated, existing collection
     * @param id a record id
     * @return whether a record was deleted
     */
    public boolean delete(String collection, String id) {
        return session.write(collection, c -> JdbcExecutor.on(c).update("DELETE FROM " + ddl.table(collection)
                + " WHERE id = ?", List.of(id)) > 0);
    }

    /**
     * @param collection a validated, existing collection
     * @param filter the filter; null deletes every record
     * @return the number of records deleted
     */
    public long deleteWhere(String collection, Filter filter) {
        SqlFragment f = filters.translate(filter);
        return session.write(collection, c -> (long) JdbcExecutor.on(c).update("DELETE FROM " + ddl.table(collection)
                + " WHERE " + f.sql(), f.params()));
    }

    /**
     * @param collection a validated, existing collection
     * @param filter the filter; null counts every record
     * @return the number of matching records
     */
    public long count(String collection, Filter filter) {
        SqlFragment f = filters.translate(filter);
        return session.read(collection, c -> JdbcExecutor.on(c).queryFirst("SELECT count(*) FROM " + ddl.table(collection)
                + " WHERE " + f.sql(), f.params(), row -> row.int64(1)).orElse(0L));
    }

    /**
     * @param collection a validated, existing collection
     * @param afterId return ids after this one (code point order), or null to start at the first
     * @param limit the most records to return
     * @return up to {@code limit} records in id order
     */
    public List<VectorRecord> scan(String collection, String afterId, int limit) {
        SqlFragment page = SqlDialect.POSTGRES.limit(limit, 0);
        List<Object> params = new ArrayList<>();
        if (afterId != null) {
            params.add(afterId);
        }
        params.addAll(page.params());
        String sql = "SELECT " + RECORD_COLUMNS + " FROM " + ddl.table(collection) + (afterId == null ? "" : " WHERE id > ?")
                + " ORDER BY id " + page.sql();
        return session.read(collection, c -> JdbcExecutor.on(c).query(sql, params, RECORDS));
    }
}
