package dev.agentdb.postgres.internal;

import dev.agentdb.BackendUnavailableException;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.VectorRecord;
import dev.agentdb.sql.jdbc.JdbcSession;
import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code insertBatch} on PostgreSQL: the whole batch is one binary {@code COPY ... FROM STDIN
 * (FORMAT BINARY)} ({@link PgCopy}) in one transaction (a savepoint of the caller's), so an existing
 * id (SQLState 23505) aborts it with nothing written.
 *
 * <p>Why the index is sometimes rebuilt: pgvector maintains an HNSW graph row by row about 6x
 * slower than it builds one, and trains IVFFlat centroids only when it builds the index. So a batch
 * of at least {@link #bulkLoadMinRows} rows into an empty HNSW collection, or of at least
 * {@code lists} rows into an empty IVFFlat collection, takes the collection's lock, drops the vector
 * index, copies and builds the index once in the same transaction ({@link PostgresDdl#buildVectorIndex}).
 * Thread-safe. Not API.
 */
public final class PostgresBulkLoad {
    private final JdbcSession session;
    private final PostgresDdl ddl;
    private final int bulkLoadMinRows;

    /**
     * @param session the adapter's session
     * @param ddl the schema's tables and indexes
     * @param bulkLoadMinRows the least batch size into an empty HNSW collection that rebuilds the index
     */
    public PostgresBulkLoad(JdbcSession session, PostgresDdl ddl, int bulkLoadMinRows) {
        this.session = session;
        this.ddl = ddl;
        this.bulkLoadMinRows = bulkLoadMinRows;
    }

    /**
     * @param collection a validated, existing collection
     * @param spec its spec
     * @param records validated records (ids and timestamps set), none of whose ids is stored
     * @throws dev.agentdb.ConflictException when an id exists; nothing is written
     */
    public void insert(String collection, CollectionSpec spec, List<VectorRecord> records) {
        byte[] stream = PgCopy.encode(records);
        // HNSW: build once instead of row by row; IVFFlat: train the centroids on the first batch
        boolean bulk = spec.index().type() == IndexParams.IndexType.HNSW ? records.size() >= bulkLoadMinRows
                : spec.index().type() == IndexParams.IndexType.IVFFLAT && records.size() >= spec.index().lists();
        session.write(collection, c -> {
            boolean rebuild = bulk && isEmpty(c, collection);
            if (rebuild) {
                ddl.lock(c, collection);
                ddl.dropVectorIndexes(c, collection);
            }
            try {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + ddl.table(collection)
                        + " (id, embedding, metadata, text, \"timestamp\") FROM STDIN (FORMAT BINARY)", new ByteArrayInputStream(stream));
            } catch (IOException e) {
                throw new BackendUnavailableException("COPY into collection '" + collection + "' failed: " + e.getMessage(), e);
            }
            if (rebuild) {
                ddl.buildVectorIndex(c, collection, spec);
            }
            return null;
        });
    }

    private boolean isEmpty(Connection c, String collection) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM " + ddl.table(collection) + ")");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
