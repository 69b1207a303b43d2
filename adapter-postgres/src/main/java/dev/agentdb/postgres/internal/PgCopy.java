package dev.agentdb.postgres.internal;

import com.pgvector.PGvector;
import dev.agentdb.VectorRecord;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes records in PostgreSQL's binary {@code COPY} format for the columns
 * {@code (id text, embedding vector, metadata jsonb, text text, timestamp bigint)}. Not API.
 *
 * <p>Why it is fast: one round trip per batch, no SQL parsing per row, and pgvector's binary input
 * ({@code int16 dim, int16 unused, float4[dim]} big-endian, encoded by pgvector-java) skips the text float parsing of
 * {@code INSERT ... VALUES ('[...]')}. The whole batch is one {@code COPY}: a unique violation on
 * any id aborts it, so the batch is stored entirely or not at all.
 */
public final class PgCopy {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    private PgCopy() {
    }

    /**
     * @param records validated records (ids and timestamps set)
     * @return the complete COPY stream: header, one tuple per record, trailer
     */
    public static byte[] encode(List<VectorRecord> records) {
        int dim = records.isEmpty() ? 0 : records.get(0).embedding().length;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(records.size() * (dim * 4 + 128) + 32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(SIGNATURE);
            out.writeInt(0); // flags
            out.writeInt(0); // header extension length
            for (VectorRecord r : records) {
                out.writeShort(5);
                byte[] id = r.id().getBytes(StandardCharsets.UTF_8);
                out.writeInt(id.length);
                out.write(id);
                PGvector v = new PGvector(r.embedding());
                byte[] vector = new byte[v.lengthInBytes()];
                v.toBytes(vector, 0);
                out.writeInt(vector.length);
                out.write(vector);
                byte[] json = PgJson.write(r.metadata()).getBytes(StandardCharsets.UTF_8);
                out.writeInt(json.length + 1);
                out.writeByte(1); // jsonb binary format version
                out.write(json);
                if (r.text() == null) {
                    out.writeInt(-1);
                } else {
                    byte[] text = r.text().getBytes(StandardCharsets.UTF_8);
                    out.writeInt(text.length);
                    out.write(text);
                }
                out.writeInt(8);
                out.writeLong(r.timestamp());
            }
            out.writeShort(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
