package dev.agentdb.sql;

import dev.agentdb.Beta;
import dev.agentdb.VectorRecord;
import dev.agentdb.internal.Json;
import dev.agentdb.internal.VectorCodec;

import java.sql.SQLException;

/**
 * Maps the record columns of a collection table to a {@link VectorRecord}. The query selects them
 * in this order: {@code id, embedding, metadata, text, timestamp} (columns 1 to 5; further columns
 * are ignored), e.g. {@code SELECT id, embedding, metadata, text, "timestamp" FROM ...}.
 *
 * <ul>
 *   <li>{@code id}: text, not null;</li>
 *   <li>{@code embedding}: decoded by the adapter's {@link EmbeddingDecoder} (the backend's vector
 *       encoding); SQL NULL gives a record without embedding (a search that did not select it);</li>
 *   <li>{@code metadata}: JSON object text; SQL NULL or blank gives an empty map;</li>
 *   <li>{@code text}: nullable text;</li>
 *   <li>{@code timestamp}: milliseconds since the epoch, nullable integer.</li>
 * </ul>
 * Immutable and thread-safe when the decoder is.
 */
@Beta
public final class RecordMapper implements RowMapper<VectorRecord> {
    /** Decodes the stored embedding column of a backend. */
    @FunctionalInterface
    public interface EmbeddingDecoder {
        /**
         * @param row the current row
         * @param column the 1-based position of the embedding column
         * @return the components, or null when the column is SQL NULL
         * @throws SQLException when the column cannot be read
         * @throws dev.agentdb.AgentDBException when the stored value is not a vector (a corrupt row)
         */
        float[] decode(SqlRow row, int column) throws SQLException;
    }

    /**
     * Embeddings stored as little-endian float32 bytes (the AgentDB v1 BLOB of SQLite and D1), read with
     * {@link VectorCodec#decode}.
     */
    public static final EmbeddingDecoder FLOAT32_LE_BYTES = (row, column) -> {
        byte[] bytes = row.bytes(column);
        return bytes == null ? null : VectorCodec.decode(bytes);
    };

    private final EmbeddingDecoder embeddings;

    /**
     * @param embeddings decodes column 2; e.g. {@link #FLOAT32_LE_BYTES}, or pgvector's text parsed
     * @throws NullPointerException when it is null
     */
    public RecordMapper(EmbeddingDecoder embeddings) {
        this.embeddings = java.util.Objects.requireNonNull(embeddings, "embeddings");
    }

    /**
     * @param row a row whose columns 1 to 5 are {@code id, embedding, metadata, text, timestamp}
     * @return the record (its metadata an unmodifiable copy, see {@link VectorRecord})
     * @throws SQLException when a column cannot be read
     * @throws dev.agentdb.AgentDBException when the stored metadata is not a JSON object or the
     *         embedding not a vector (a corrupt row)
     */
    @Override
    public VectorRecord map(SqlRow row) throws SQLException {
        return new VectorRecord(row.text(1), embeddings.decode(row, 2), Json.readObject(row.text(3)), row.text(4), row.int64(5));
    }
}
