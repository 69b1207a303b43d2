package dev.agentdb.sqlite.internal;

import dev.agentdb.VectorRecord;
import dev.agentdb.internal.Json;
import dev.agentdb.internal.Validation;
import dev.agentdb.internal.VectorCodec;
import dev.agentdb.sql.RecordMapper;
import dev.agentdb.sql.jdbc.ResultSetRow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The SQL shape of one collection's table. Every collection is a table named as the collection,
 * always double-quoted, with the AgentDB v1 columns
 * {@code (id TEXT PRIMARY KEY, embedding BLOB NOT NULL, metadata TEXT, norm REAL, timestamp INTEGER)}.
 *
 * <p>Text and timestamps:
 * <ul>
 *   <li>Collections other than {@code vectors} have one more nullable column, {@code text}; their
 *       {@code timestamp} holds milliseconds and is read as is.</li>
 *   <li>The default collection {@code vectors} keeps the v1 table exactly as v1 created it (v1 code
 *       keeps reading and writing it). Its optional text lives in the side table
 *       {@value #V1_EXT}{@code (id, timestamp, text)}, which also marks the rows AgentDB wrote: for
 *       those (side row present with the same timestamp) {@code timestamp} is milliseconds, read as
 *       is; for rows written by v1 code (no side row) a value below {@value #SECONDS_BEFORE} is
 *       seconds (v1's {@code DEFAULT (unixepoch())}) and is multiplied by 1000. AgentDB always writes
 *       milliseconds. An {@code AFTER DELETE} trigger drops the side row when v1 code deletes the row.</li>
 * </ul>
 * Not API.
 */
public final class CollectionTable {
    private static final RecordMapper RECORDS = new RecordMapper(RecordMapper.FLOAT32_LE_BYTES);

    /** The default collection and AgentDB v1 table name. */
    public static final String V1 = "vectors";
    /** The side table holding text and the millisecond marker of rows AgentDB wrote into {@code vectors}. */
    public static final String V1_EXT = "agentdb_vectors_ext";
    /** v1 timestamps below this are seconds since the epoch (1e11 s is in the year 5138; 1e11 ms is March 1973). */
    public static final long SECONDS_BEFORE = 100_000_000_000L;

    /** The exact AgentDB v1 DDL of the default collection. */
    public static final String V1_DDL = "CREATE TABLE vectors (id TEXT PRIMARY KEY, embedding BLOB NOT NULL, metadata TEXT, "
            + "norm REAL, timestamp INTEGER DEFAULT (unixepoch()))";
    /** DDL of the side table of {@code vectors}. */
    public static final String V1_EXT_DDL = "CREATE TABLE IF NOT EXISTS " + V1_EXT
            + " (id TEXT PRIMARY KEY, timestamp INTEGER, text TEXT)";
    /** Trigger that keeps the side table in step with deletes done by v1 code. */
    public static final String V1_EXT_TRIGGER = "CREATE TRIGGER IF NOT EXISTS agentdb_vectors_ext_cleanup AFTER DELETE ON vectors "
            + "BEGIN DELETE FROM " + V1_EXT + " WHERE id = OLD.id; END";

    /** Statement texts of {@link #selectHits} kept per shape, for fewer placeholders than this. */
    private static final int HIT_SQL_CACHED = 65;

    private final String name;
    private final String quoted;
    private final boolean v1;
    private final String[][] hitSql = new String[4][HIT_SQL_CACHED];

    private CollectionTable(String name) {
        this.name = Validation.collectionName(name);
        this.quoted = "\"" + name + "\"";
        this.v1 = V1.equals(name);
    }

    /**
     * @param name a collection name; validated again here (pattern and reserved prefixes), so it is
     *             safe to splice double-quoted
     * @return the table shape
     */
    public static CollectionTable of(String name) {
        return new CollectionTable(name);
    }

    /** @return the collection name */
    public String name() {
        return name;
    }

    /** @return the double-quoted table name */
    public String quoted() {
        return quoted;
    }

    /** @return whether this is the v1 {@code vectors} table */
    public boolean isV1() {
        return v1;
    }

    /** @return the CREATE TABLE statement for this collection */
    public String createSql() {
        if (v1) {
            return V1_DDL;
        }
        return "CREATE TABLE " + quoted + " (id TEXT PRIMARY KEY, embedding BLOB NOT NULL, metadata TEXT, norm REAL, "
                + "timestamp INTEGER DEFAULT (unixepoch()), text TEXT)";
    }

    /** @return the FROM clause, aliasing the table as {@code t} */
    public String from() {
        return v1 ? quoted + " t LEFT JOIN " + V1_EXT + " x ON x.id = t.id AND x.timestamp IS t.timestamp" : quoted + " t";
    }

    /** @return {@code SELECT} of the six columns {@link #readRecord} reads, FROM included (append WHERE/ORDER) */
    public String selectRecords() {
        return "SELECT t.id, t.embedding, t.metadata, " + (v1 ? "x.text" : "t.text") + ", t.timestamp, "
                + (v1 ? "x.id IS NOT NULL" : "1") + " FROM " + from();
    }

    /**
     * @return the expression of a row's timestamp in milliseconds, as {@link #readRecord} returns it
     *         (the v1 seconds rule of the class comment applied), for ordering
     */
    public String timestampMillis() {
        return v1 ? "(CASE WHEN x.id IS NULL AND t.timestamp < " + SECONDS_BEFORE + " THEN t.timestamp * 1000 ELSE t.timestamp END)"
                : "t.timestamp";
    }

    /** @return {@code SELECT rowid, id, embedding} of every row in rowid order (insertion order, for graph builds) */
    public String selectVectors() {
        return "SELECT t.rowid, t.id, t.embedding FROM " + quoted + " t ORDER BY t.rowid";
    }

    /**
     * @return one row of two JSON arrays: the rowids and the ids of every row, in the same order,
     *         which SQLite answers from the id's unique index alone (the embeddings are not read)
     */
    public String selectKeys() {
        return "SELECT json_group_array(t.rowid), json_group_array(t.id) FROM " + quoted + " t";
    }

    /**
     * @return one row: the number of rows, and one blob of a self-describing element per row,
     *         {@code rowid,idBytes:} in ASCII then the id's bytes (order-free; a UTF-8 database
     *         only), from the id's unique index alone
     */
    public String selectKeyElements() {
        return "SELECT count(*), CAST(group_concat(t.rowid || ',' || length(CAST(t.id AS BLOB)) || ':' || t.id, '') AS BLOB) FROM "
                + quoted + " t";
    }

    /**
     * @param where a condition on {@code t} (a translated filter), or null for every row
     * @return {@code SELECT rowid, id, embedding} of the rows that satisfy it
     */
    public String selectVectors(String where) {
        return "SELECT t.rowid, t.id, t.embedding FROM " + quoted + " t" + (where == null ? "" : " WHERE " + where);
    }

    /**
     * The statement a search reads its result rows with: columns {@code id, embedding (or NULL),
     * metadata, text}, rows chosen by {@code t.rowid IN (...)} (or {@code t.id IN (...)}) with
     * {@code slots} placeholders, and a filter condition on {@code t} when given. Texts without a
     * filter are kept (one per shape), since a search builds one per query.
     *
     * @param byRowid whether the placeholders are rowids (else ids)
     * @param slots the number of placeholders, 1 or more
     * @param withEmbedding whether to read the embedding
     * @param where a condition on {@code t}, or null
     * @return the SQL
     */
    public String selectHits(boolean byRowid, int slots, boolean withEmbedding, String where) {
        int shape = (byRowid ? 2 : 0) | (withEmbedding ? 1 : 0);
        if (where == null && slots < HIT_SQL_CACHED) {
            String cached = hitSql[shape][slots];
            if (cached != null) {
                return cached;
            }
        }
        StringBuilder sql = new StringBuilder(96 + slots * 3).append("SELECT t.id, ")
                .append(withEmbedding ? "t.embedding" : "NULL").append(", t.metadata, ").append(v1 ? "x.text" : "t.text")
                .append(" FROM ").append(from()).append(" WHERE ").append(byRowid ? "t.rowid" : "t.id").append(" IN (?");
        for (int i = 1; i < slots; i++) {
            sql.append(", ?");
        }
        sql.append(')');
        if (where != null) {
            return sql.append(" AND (").append(where).append(')').toString();
        }
        String text = sql.toString();
        if (slots < HIT_SQL_CACHED) {
            hitSql[shape][slots] = text;
        }
        return text;
    }

    /**
     * Reads a row of {@link #selectRecords()}: the shared {@link RecordMapper} (columns id,
     * embedding, metadata, text, timestamp), then the v1 timestamp rule of the class comment
     * (column 6 tells whether AgentDB wrote the row, so its timestamp is already milliseconds).
     *
     * @param rs a result set positioned on a row
     * @return the record (timestamp in ms, see class doc)
     * @throws SQLException from the driver
     */
    public VectorRecord readRecord(ResultSet rs) throws SQLException {
        ResultSetRow row = new ResultSetRow(rs, v -> v);
        VectorRecord r = RECORDS.map(row);
        Long timestamp = r.timestamp();
        if (timestamp != null && timestamp < SECONDS_BEFORE && row.int32(6) == 0) {
            return new VectorRecord(r.id(), r.embedding(), r.metadata(), r.text(), timestamp * 1000L);
        }
        return r;
    }

    /**
     * Opens prepared statements that insert or replace rows of this table (and its side table).
     *
     * @param c the writer connection, inside a transaction
     * @return a row writer; close it
     * @throws SQLException from the driver
     */
    public RowWriter writer(Connection c) throws SQLException {
        return new RowWriter(c);
    }

    /** Prepared inserts and updates of one table; not thread-safe. */
    public final class RowWriter implements AutoCloseable {
        private final Connection c;
        private PreparedStatement insert;
        private PreparedStatement update;
        private PreparedStatement ext;

        private RowWriter(Connection c) {
            this.c = c;
        }

        /**
         * Inserts a row.
         *
         * @param r a validated record with id and timestamp set
         * @return the new row's {@code rowid}
         * @throws SQLException from the driver, a primary key violation when the id exists
         */
        public long insert(VectorRecord r) throws SQLException {
            if (insert == null) {
                insert = c.prepareStatement(v1
                        ? "INSERT INTO " + quoted + " (id, embedding, metadata, norm, timestamp) VALUES (?, ?, ?, ?, ?) RETURNING rowid"
                        : "INSERT INTO " + quoted + " (id, embedding, metadata, norm, timestamp, text) VALUES (?, ?, ?, ?, ?, ?) RETURNING rowid");
            }
            bind(insert, r, 1);
            insert.setString(1, r.id());
            if (!v1) {
                setText(insert, 6, r.text());
            }
            long rowid = rowid(insert);
            writeExt(r);
            return rowid;
        }

        /**
         * Replaces the stored columns of an existing row.
         *
         * @param r a validated record with id and timestamp set
         * @return the updated row's {@code rowid}, or -1 when no row has the id
         * @throws SQLException from the driver
         */
        public long update(VectorRecord r) throws SQLException {
            if (update == null) {
                update = c.prepareStatement("UPDATE " + quoted + " SET embedding = ?, metadata = ?, norm = ?, timestamp = ?"
                        + (v1 ? "" : ", text = ?") + " WHERE id = ? RETURNING rowid");
            }
            bind(update, r, 0);
            if (v1) {
                update.setString(5, r.id());
            } else {
                setText(update, 5, r.text());
                update.setString(6, r.id());
            }
            long rowid = rowid(update);
            if (rowid != -1) {
                writeExt(r);
            }
            return rowid;
        }

        /**
         * Inserts a row or replaces the one with its id.
         *
         * @param r a validated record with id and timestamp set
         * @return the row's {@code rowid}
         * @throws SQLException from the driver
         */
        public long upsert(VectorRecord r) throws SQLException {
            long rowid = update(r);
            return rowid != -1 ? rowid : insert(r);
        }

        private long rowid(PreparedStatement ps) throws SQLException {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }

        private void bind(PreparedStatement ps, VectorRecord r, int offset) throws SQLException {
            ps.setBytes(offset + 1, VectorCodec.encode(r.embedding()));
            ps.setString(offset + 2, Json.write(r.metadata()));
            ps.setDouble(offset + 3, VectorCodec.norm(r.embedding()));
            ps.setLong(offset + 4, r.timestamp());
        }

        private void writeExt(VectorRecord r) throws SQLException {
            if (!v1) {
                return;
            }
            if (ext == null) {
                ext = c.prepareStatement("INSERT OR REPLACE INTO " + V1_EXT + " (id, timestamp, text) VALUES (?, ?, ?)");
            }
            ext.setString(1, r.id());
            ext.setLong(2, r.timestamp());
            setText(ext, 3, r.text());
            ext.executeUpdate();
        }

        private void setText(PreparedStatement ps, int index, String text) throws SQLException {
            if (text == null) {
                ps.setNull(index, Types.VARCHAR);
            } else {
                ps.setString(index, text);
            }
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement ps : new PreparedStatement[] {insert, update, ext}) {
                if (ps != null) {
                    ps.close();
                }
            }
        }
    }
}
