package dev.agentdb.d1.internal;

import dev.agentdb.VectorRecord;
import dev.agentdb.internal.Json;
import dev.agentdb.internal.VectorCodec;
import dev.agentdb.sql.RecordMapper;
import dev.agentdb.sql.SqlDialect;

import java.util.HexFormat;
import java.util.List;

/**
 * The SQL of one collection's table in D1: {@code (id TEXT PRIMARY KEY, embedding BLOB NOT NULL, metadata TEXT,
 * norm REAL, timestamp INTEGER, text TEXT)}, the SQLite adapter's shape (embeddings little-endian float32,
 * metadata JSON text, timestamps in ms). Embeddings go in as hex text through {@code unhex()} and come back as
 * {@code hex(embedding)} (JSON cannot carry bytes; hex is 2 characters a byte where D1's own BLOB form, an array
 * of numbers, takes about 4). Immutable. Not API.
 */
public final class D1Table {
    /** Reads {@code id, hex(embedding), metadata, text, timestamp}. */
    public static final RecordMapper RECORDS = new RecordMapper(RecordMapper.FLOAT32_LE_BYTES);

    private final String name;
    private final String quoted;

    private D1Table(String name) {
        this.name = name;
        this.quoted = SqlDialect.SQLITE.quote(name);
    }

    /**
     * @param name a validated collection name
     * @return its table
     */
    public static D1Table of(String name) {
        return new D1Table(name);
    }

    /** @return the collection name */
    public String name() {
        return name;
    }

    /** @return the quoted table name */
    public String quoted() {
        return quoted;
    }

    /** @return the CREATE TABLE statement */
    public String createSql() {
        return "CREATE TABLE " + quoted + " (id TEXT PRIMARY KEY, embedding BLOB NOT NULL, metadata TEXT, norm REAL, "
                + "timestamp INTEGER, text TEXT)";
    }

    /** @return {@code SELECT} of the columns {@link #RECORDS} reads, aliasing the table {@code t} (append WHERE/ORDER) */
    public String selectRecords() {
        return "SELECT t.id, hex(t.embedding), t.metadata, t.text, t.timestamp FROM " + quoted + " t";
    }

    /**
     * @param replace whether existing ids are replaced (upsert) or refused (insert: a UNIQUE violation fails the batch)
     * @return the statement writing the rows of one {@link JsonRows} array bound as its only parameter
     */
    public String insertRows(boolean replace) {
        return "INSERT " + (replace ? "OR REPLACE " : "") + "INTO " + quoted + " (id, embedding, metadata, norm, timestamp, text) "
                + "SELECT json_extract(value, '$[0]'), unhex(json_extract(value, '$[1]')), " + "json_extract(value, '$[2]'), "
                + "json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]') FROM json_each(?)";
    }

    /**
     * @param records validated records
     * @return their rows for {@link #insertRows}
     */
    public static JsonRows rows(List<VectorRecord> records) {
        JsonRows rows = new JsonRows();
        HexFormat hex = HexFormat.of();
        for (VectorRecord r : records) {
            rows.add(r.id(), hex.formatHex(VectorCodec.encode(r.embedding())), Json.write(r.metadata()),
                    VectorCodec.norm(r.embedding()), r.timestamp(), r.text());
        }
        return rows;
    }
}
