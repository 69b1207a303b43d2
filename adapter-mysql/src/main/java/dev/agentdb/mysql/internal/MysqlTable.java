package dev.agentdb.mysql.internal;

import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.internal.Json;
import dev.agentdb.internal.Validation;
import dev.agentdb.internal.VectorCodec;
import dev.agentdb.mysql.MysqlFilterTranslator;
import dev.agentdb.sql.SqlDialect;
import dev.agentdb.sql.SqlFragment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SQL shape of one collection's table: a table named as the collection (backquoted; names are
 * validated) with
 * {@code (id VARCHAR(512) utf8mb4 <code point collation> PRIMARY KEY, embedding MEDIUMBLOB NOT NULL,
 * metadata LONGTEXT NOT NULL, deep TINYINT NOT NULL, text LONGTEXT, timestamp BIGINT)}, InnoDB:
 * <ul>
 *   <li>{@code id} uses the family's no-pad binary collation ({@link SqlDialect#codePointCollation}:
 *       {@code utf8mb4_nopad_bin} on MariaDB, {@code utf8mb4_0900_bin} on MySQL), so ids compare and
 *       order by code point and {@code 'a'} and {@code 'a '} are two ids;</li>
 *   <li>{@code embedding} is little-endian float32 (the AgentDB v1 encoding, the engine's);</li>
 *   <li>{@code metadata} is JSON text as AgentDB writes it, not the {@code JSON} type: MySQL's type
 *       would rewrite integers beyond 64 bits as doubles and MariaDB's {@code JSON_VALID} check
 *       refuses documents deeper than 31 levels, which AgentDB accepts (64);</li>
 *   <li>{@code deep} is 1 when the metadata nests deeper than the server's JSON functions read
 *       ({@code MysqlServer.jsonDepthLimit()}); such rows are matched by filters in Java
 *       ({@link #where}), with an index so finding them is cheap.</li>
 * </ul>
 * Not API.
 */
public final class MysqlTable {
    private final String name;
    private final String quoted;
    /** The collection's native index, or null on the in-house one. */
    private final NativeIndex nativeIndex;

    private MysqlTable(String name, NativeIndex index) {
        this.name = Validation.collectionName(name);
        this.quoted = SqlDialect.MYSQL.quote(name);
        this.nativeIndex = index;
    }

    /**
     * @param name a collection name; validated again here, so it is safe to splice backquoted
     * @return the table shape of a collection on the in-house index
     */
    public static MysqlTable of(String name) {
        return new MysqlTable(name, null);
    }

    /**
     * @param name a collection name; validated again here, so it is safe to splice backquoted
     * @param index the collection's native index, or null when it is on the in-house one; on MariaDB's
     *              vector index its {@code embedding} is a {@code VECTOR(n)} column and {@code raw} holds
     *              the exact vectors the index cannot take as they are ({@link NativeIndex#indexable})
     * @return the table shape
     */
    public static MysqlTable of(String name, NativeIndex index) {
        return new MysqlTable(name, index);
    }

    /**
     * @return the SQL of a row's exact embedding as little-endian float32 bytes: {@code t.embedding},
     *         or on a native table the {@code raw} copy where there is one
     */
    public String embedding() {
        return nativeIndex != null ? "COALESCE(t.raw, CAST(t.embedding AS BINARY))" : "t.embedding";
    }

    /** @return the collection's native index, or null when it is on the in-house one */
    public NativeIndex nativeIndex() {
        return nativeIndex;
    }

    /** @return the collection name */
    public String name() {
        return name;
    }

    /** @return the backquoted table name */
    public String quoted() {
        return quoted;
    }

    /**
     * @param dialect the server's dialect (its code point collation)
     * @param index MariaDB's vector index for the embedding, or null for the in-house path's
     *              {@code MEDIUMBLOB} column
     * @param dimension the collection's dimension: the {@code VECTOR(n)} length when {@code index} is set
     * @return {@code CREATE TABLE IF NOT EXISTS} of this collection
     */
    public String createSql(SqlDialect dialect, NativeIndex index, int dimension) {
        String collation = dialect.codePointCollation().orElse("utf8mb4_bin");
        // MariaDB's vector index needs a primary key of at most 256 bytes: a native table is keyed by
        // row number, the id (up to 2,048 bytes) being a unique key; raw holds the vectors VECTOR refuses
        return "CREATE TABLE IF NOT EXISTS " + quoted + " (" + (index == null ? "" : "row_key BIGINT NOT NULL AUTO_INCREMENT, ")
                + "id VARCHAR(512) CHARACTER SET utf8mb4 COLLATE " + collation
                + " NOT NULL, " + (index == null ? "embedding MEDIUMBLOB NOT NULL" : NativeIndex.columnSql(dimension))
                + ", metadata LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,"
                + " deep TINYINT NOT NULL DEFAULT 0, `text` LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,"
                + " `timestamp` BIGINT NULL, " + (index == null ? "PRIMARY KEY (id)" : "PRIMARY KEY (row_key), UNIQUE KEY agentdb_id (id)")
                + ", KEY agentdb_deep (deep)" + (index == null ? "" : ", raw MEDIUMBLOB NULL, KEY agentdb_raw (raw(1))"
                + (index.built() ? ", " + index.indexSql() : ""))
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
    }

    /** The columns {@link #createSql} creates; a table of the collection's name must have them all to be adopted. */
    public static final List<String> COLUMNS = List.of("id", "embedding", "metadata", "deep", "text", "timestamp");

    /** @return {@code SELECT id, embedding, metadata, text, timestamp FROM table t} (in {@code RecordMapper}'s order; append WHERE/ORDER) */
    public String selectRecords() {
        return "SELECT t.id, " + embedding() + ", t.metadata, t.text, t.`timestamp` FROM " + quoted + " t";
    }

    /**
     * A filter as a condition on {@code t} that the database evaluates for the rows its JSON
     * functions can read and lets the deep ones through: {@code ((t.deep = 0 AND (f)) OR t.deep = 1)};
     * the caller tests rows with {@code deep = 1} against the filter in Java ({@link #matches}).
     *
     * @param filters the translator of {@code t.metadata}
     * @param filter the filter, not null
     * @return the condition and its parameters
     */
    public static SqlFragment where(MysqlFilterTranslator filters, Filter filter) {
        SqlFragment f = filters.translate(filter);
        return new SqlFragment("((t.deep = 0 AND " + f.sql() + ") OR t.deep = 1)", f.params());
    }

    /**
     * @param filter a filter, or null for all
     * @param deep whether the row is deep (the database let it through untested)
     * @param metadataJson its metadata
     * @return whether a row returned for {@link #where} matches: every shallow one, a deep one when
     *         {@link Filter#test} says so
     */
    public static boolean matches(Filter filter, boolean deep, String metadataJson) {
        return filter == null || !deep || filter.test(Json.readObject(metadataJson));
    }

    /**
     * @param metadata a record's metadata
     * @return its nesting depth: 1 for a flat object, one more per object or list inside
     */
    public static int depth(Object metadata) {
        if (metadata instanceof Map<?, ?> m) {
            int deepest = 0;
            for (Object v : m.values()) {
                deepest = Math.max(deepest, depth(v));
            }
            return 1 + deepest;
        }
        if (metadata instanceof List<?> l) {
            int deepest = 0;
            for (Object v : l) {
                deepest = Math.max(deepest, depth(v));
            }
            return 1 + deepest;
        }
        return 0;
    }

    /**
     * Writes rows in batches of 500: {@code INSERT}, or the dialect's upsert (MySQL Connector/J sends
     * a batch as one multi-row statement, {@code rewriteBatchedStatements}; MariaDB Connector/J as
     * one bulk command of a statement prepared on the server, see {@link MysqlSetup#driverProperties}). Rows go in id order, so concurrent writers lock rows in
     * the same order.
     *
     * @param c the connection, inside the write transaction
     * @param dialect the server's dialect (upsert syntax)
     * @param records validated records (ids and timestamps set)
     * @param upsert whether an existing id is replaced
     * @param depthLimit metadata deeper than this is marked {@code deep}
     * @throws SQLException from the driver, a duplicate key (1062) for an insert of an existing id
     */
    public void write(Connection c, SqlDialect dialect, List<VectorRecord> records, boolean upsert, int depthLimit)
            throws SQLException {
        List<String> columns = nativeIndex != null ? List.of("embedding", "metadata", "deep", "text", "timestamp", "raw")
                : List.of("embedding", "metadata", "deep", "text", "timestamp");
        String sql = upsert ? dialect.upsert(quoted, List.of("id"), columns) : "INSERT INTO " + quoted + " (id, embedding, metadata,"
                + " deep, `text`, `timestamp`" + (nativeIndex != null ? ", raw) VALUES (?, ?, ?, ?, ?, ?, ?)" : ") VALUES (?, ?, ?, ?, ?, ?)");
        List<VectorRecord> ordered = new ArrayList<>(records);
        ordered.sort((a, b) -> a.id().compareTo(b.id()));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int pending = 0;
            for (VectorRecord r : ordered) {
                ps.setString(1, r.id());
                float[] indexed = nativeIndex != null ? NativeIndex.indexable(r.embedding(), nativeIndex.metric()) : r.embedding();
                ps.setBytes(2, VectorCodec.encode(indexed));
                if (nativeIndex != null) {
                    ps.setBytes(7, indexed == r.embedding() ? null : VectorCodec.encode(r.embedding()));
                }
                ps.setString(3, Json.write(r.metadata()));
                ps.setInt(4, depth(r.metadata()) > depthLimit ? 1 : 0);
                if (r.text() == null) {
                    ps.setNull(5, Types.VARCHAR);
                } else {
                    ps.setString(5, r.text());
                }
                ps.setLong(6, r.timestamp());
                ps.addBatch();
                if (++pending == 500) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }
}
