package dev.agentdb;

import dev.agentdb.filter.Filter;
import dev.agentdb.observation.Operation;
import dev.agentdb.observation.OperationObserver;
import dev.agentdb.spi.DatabaseAdapter;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A named set of records sharing one dimension and metric. Obtained from
 * {@link AgentDB#collection(String)} or {@link AgentDB#createCollection(String, CollectionSpec)};
 * cheap to create, thread-safe, and valid until its {@link AgentDB} is closed.
 *
 * <p>Every method validates its input before touching storage, so a refused call changes nothing.
 * The exceptions each method throws are documented on {@link DatabaseAdapter}. On a read-only
 * database ({@link AgentDB#readOnly()}) every method that writes ({@code insert}, {@code insertBatch},
 * {@code upsert}, {@code upsertBatch}, {@code delete}, {@code deleteWhere}, {@code reindex}) throws
 * {@link ReadOnlyException} before anything else.
 */
public final class VectorCollection {
    private final DatabaseAdapter adapter;
    private final String name;
    private final OperationObserver observer;

    VectorCollection(DatabaseAdapter adapter, String name, OperationObserver observer) {
        this.adapter = adapter;
        this.name = name;
        this.observer = observer;
    }

    /** Runs one call through the database's observer; without one, directly (no spec lookup, no record). */
    private <T> T observed(String operation, int topK, int batchSize, Supplier<T> work) {
        if (observer == OperationObserver.NONE) {
            return work.get();
        }
        return observer.observe(Operation.of(operation, adapter.backendType().name(), name,
                adapter.collectionSpec(name).orElse(null), topK, batchSize), work);
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }

    /** @return the collection name */
    public String name() {
        return name;
    }

    /**
     * @return the collection's current dimension, metric and index parameters
     * @throws NotFoundException when the collection was dropped
     */
    public CollectionSpec spec() {
        return adapter.collectionSpec(name).orElseThrow(() -> new NotFoundException("collection '" + name + "' does not exist"));
    }

    /**
     * Inserts a record.
     *
     * @param record the record; null id = generate a UUID, null timestamp = now (ms)
     * @return the record's id
     * @throws DimensionMismatchException when the embedding's length differs from {@code spec().dimension()}
     * @throws InvalidInputException for NaN/Infinity, empty vectors, oversized ids or metadata
     * @throws ConflictException when the id already exists
     */
    public String insert(VectorRecord record) {
        return observed("insert", 0, 1, () -> adapter.insert(name, record));
    }

    /**
     * Inserts an embedding with metadata under a generated id (the AgentDB v1 call shape).
     *
     * @param embedding {@code float[dimension]}, finite
     * @param metadata a JSON object, may be null
     * @return the generated id (a random UUID)
     * @throws DimensionMismatchException when the length differs from the collection's dimension
     * @throws InvalidInputException for NaN/Infinity, empty vectors or oversized metadata
     */
    public String insert(float[] embedding, Map<String, Object> metadata) {
        return observed("insert", 0, 1, () -> adapter.insert(name, VectorRecord.of(embedding, metadata)));
    }

    /**
     * Inserts records atomically: all or none.
     *
     * @param records the records, ids distinct
     * @return their ids, in order
     * @throws InvalidInputException naming {@code records[i]} for the first invalid record
     * @throws ConflictException when an id already exists (nothing is written)
     */
    public List<String> insertBatch(List<VectorRecord> records) {
        return observed("insert_batch", 0, size(records), () -> adapter.insertBatch(name, records));
    }

    /**
     * Inserts or replaces a record by id.
     *
     * @param record the record
     * @return its id
     * @throws InvalidInputException as for {@link #insert(VectorRecord)}
     */
    public String upsert(VectorRecord record) {
        return observed("upsert", 0, 1, () -> adapter.upsert(name, record));
    }

    /**
     * Inserts or replaces records atomically.
     *
     * @param records the records, ids distinct
     * @return their ids, in order
     * @throws InvalidInputException as for {@link #insertBatch(List)}
     */
    public List<String> upsertBatch(List<VectorRecord> records) {
        return observed("upsert_batch", 0, size(records), () -> adapter.upsertBatch(name, records));
    }

    /**
     * @param id the record id
     * @return the record with its embedding, or empty
     */
    public Optional<VectorRecord> get(String id) {
        return observed("get", 0, 0, () -> adapter.get(name, id));
    }

    /**
     * @param id the record id
     * @return whether a record was deleted
     */
    public boolean delete(String id) {
        return observed("delete", 0, 0, () -> adapter.delete(name, id));
    }

    /**
     * @param filter which records to delete; {@code Filter.and()} deletes all
     * @return the number deleted
     * @throws InvalidInputException when the filter is null
     */
    public long deleteWhere(Filter filter) {
        return observed("delete_where", 0, 0, () -> adapter.deleteWhere(name, filter));
    }

    /** @return the number of records */
    public long count() {
        return observed("count", 0, 0, () -> adapter.count(name, null));
    }

    /**
     * @param filter a metadata filter, or null
     * @return the number of matching records
     */
    public long count(Filter filter) {
        return observed("count", 0, 0, () -> adapter.count(name, filter));
    }

    /**
     * Rebuilds the collection's index over its current records with new parameters (another type, or
     * the same parameters for a plain rebuild) and records them in {@link #spec()}; records, dimension
     * and metric are unchanged. Atomic, and part of the calling thread's transaction when there is one.
     * See {@link DatabaseAdapter#reindex(String, IndexParams)}.
     *
     * @param index the new index parameters, e.g. {@code IndexParams.hnsw(32, 200, 64)} or
     *              {@code IndexParams.flat()}; not null
     * @return the collection's new spec
     * @throws InvalidInputException when {@code index} is null or the backend cannot index these
     *         parameters (the old index and spec remain)
     * @throws UnsupportedFeatureException when {@code index} is IVFFLAT and the backend lacks
     *         {@link dev.agentdb.spi.Capability#IVFFLAT_INDEX}
     * @throws NotFoundException when the collection was dropped
     */
    public CollectionSpec reindex(IndexParams index) {
        return observed("reindex", 0, 0, () -> adapter.reindex(name, index).spec());
    }

    /** @return count, dimension, metric, bytes on disk, index parameters */
    public CollectionStats stats() {
        return observed("stats", 0, 0, () -> adapter.stats(name));
    }

    /**
     * Pages through the records in id order.
     *
     * @param afterId start after this id, or null for the first page
     * @param limit page size, 1 to 100,000
     * @return up to limit records, ordered by id
     */
    public List<VectorRecord> scan(String afterId, int limit) {
        return observed("scan", 0, 0, () -> adapter.scan(name, afterId, limit));
    }

    /**
     * k-nearest-neighbour search.
     *
     * @param request query vector, k, and optional filter, threshold, metric, efSearch (HNSW), probes (IVFFlat)
     * @return up to k results ordered by distance ascending
     * @throws DimensionMismatchException when the query's length differs from the collection's dimension
     * @throws InvalidInputException for k outside 1..{@link Limits#MAX_K} or NaN components
     */
    public List<SearchResult> search(SearchRequest request) {
        return observed("search", request == null ? 0 : request.k(), 0, () -> adapter.search(name, request));
    }

    /**
     * @param query {@code float[dimension]}
     * @param k neighbours wanted, 1 to {@link Limits#MAX_K}
     * @return up to k results, closest first
     */
    public List<SearchResult> search(float[] query, int k) {
        return search(SearchRequest.of(query, k));
    }

    /**
     * @param query {@code float[dimension]}
     * @param k neighbours wanted
     * @param filter metadata filter, or null
     * @return up to k matching results, closest first
     */
    public List<SearchResult> search(float[] query, int k, Filter filter) {
        return search(SearchRequest.builder(query).k(k).filter(filter).build());
    }

    /**
     * The AgentDB v1 call shape: search with a metric and a minimum score.
     *
     * @param query {@code float[dimension]}
     * @param k neighbours wanted
     * @param metric metric to rank by (another than the collection's is answered by an exact scan)
     * @param threshold minimum score (see {@link Metric}); results scoring lower are dropped
     * @return up to k results, closest first
     */
    public List<SearchResult> search(float[] query, int k, Metric metric, double threshold) {
        return search(SearchRequest.builder(query).k(k).metric(metric).threshold(threshold).build());
    }

    /**
     * Finds records by metadata: filtered, sorted and paged (see {@link FindRequest}).
     *
     * @param request the query; not null
     * @return up to {@code request.limit()} records with embeddings, in order
     * @throws NotFoundException when the collection no longer exists
     * @throws InvalidInputException for a null request
     */
    public List<VectorRecord> find(FindRequest request) {
        return observed("find", 0, 0, () -> adapter.find(name, request));
    }

    /**
     * The first records matching a filter, by id.
     *
     * @param filter the filter, or null for every record
     * @param limit the most records to return, 1 to {@link Limits#MAX_FIND_LIMIT}
     * @return up to {@code limit} records with embeddings, by id
     * @throws NotFoundException when the collection no longer exists
     * @throws InvalidInputException naming {@code limit} when out of range
     */
    public List<VectorRecord> find(dev.agentdb.filter.Filter filter, int limit) {
        return find(FindRequest.builder().filter(filter).limit(limit).build());
    }

    @Override
    public String toString() {
        return "VectorCollection[" + name + "]";
    }
}
