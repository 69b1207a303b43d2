package dev.agentdb.sqlite;

import dev.agentdb.AgentDB;
import dev.agentdb.Metric;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The AgentDB v1 entry point, kept so that v1 code compiles and runs unchanged: a database file
 * with one collection, the v1 {@code vectors} table. Equivalent to
 * {@code AgentDB.open("sqlite:" + path).defaultCollection()}.
 *
 * <p>Thread-safe. Logs a deprecation warning once per JVM.
 *
 * @deprecated use {@link AgentDB#open(String)} and {@link VectorCollection}: they add named
 *             collections, filters, transactions and other backends
 */
@Deprecated
public class SQLiteVectorDB implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SQLiteVectorDB.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final AgentDB db;
    private final VectorCollection vectors;

    /**
     * Opens (creating if needed) a database file.
     *
     * @param path a file path such as {@code ./agent.db}, or {@code :memory:}
     * @throws dev.agentdb.BackendUnavailableException when the file cannot be opened
     * @throws dev.agentdb.InvalidInputException when the path is empty
     */
    public SQLiteVectorDB(String path) {
        if (path == null || path.isEmpty()) {
            throw new dev.agentdb.InvalidInputException("path", "must not be empty; use a file path or :memory:");
        }
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("SQLiteVectorDB is deprecated; use AgentDB.open(\"sqlite:{}\") and its collections instead", path);
        }
        this.db = AgentDB.open("sqlite:" + path);
        try {
            this.vectors = db.defaultCollection();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * @param embedding {@code float[dimension]}, finite; the first insert fixes the dimension
     * @param metadata a JSON object, may be null
     * @return the generated id (a random UUID)
     * @throws dev.agentdb.DimensionMismatchException when the length differs from the dimension
     * @throws dev.agentdb.InvalidInputException for NaN/Infinity or oversized metadata
     */
    public String insert(float[] embedding, Map<String, Object> metadata) {
        return vectors.insert(embedding, metadata);
    }

    /**
     * @param record the record; a null id is generated
     * @return its id
     * @throws dev.agentdb.ConflictException when the id exists
     */
    public String insert(VectorRecord record) {
        return vectors.insert(record);
    }

    /**
     * @param records records with distinct ids
     * @return their ids, in order; all are inserted or none
     * @throws dev.agentdb.ConflictException when an id exists
     */
    public List<String> insertBatch(List<VectorRecord> records) {
        return vectors.insertBatch(records);
    }

    /**
     * @param query {@code float[dimension]}
     * @param k neighbours wanted, 1 to {@link dev.agentdb.Limits#MAX_K}
     * @param metric the metric to rank by
     * @param threshold minimum score (see {@link Metric}); lower scores are dropped
     * @return up to k results, closest first
     */
    public List<SearchResult> search(float[] query, int k, Metric metric, double threshold) {
        return vectors.search(query, k, metric, threshold);
    }

    /**
     * @param id a record id
     * @return the record, or null when absent (the v1 contract)
     */
    public VectorRecord get(String id) {
        return vectors.get(id).orElse(null);
    }

    /**
     * @param id a record id
     * @return whether it was deleted
     */
    public boolean delete(String id) {
        return vectors.delete(id);
    }

    /** @return the number of records */
    public long count() {
        return vectors.count();
    }

    /** @return the underlying database, to migrate code to the current API step by step */
    public AgentDB agentDB() {
        return db;
    }

    /** Closes the file. Idempotent. */
    @Override
    public void close() {
        db.close();
    }
}
