package dev.agentdb.observation;

import dev.agentdb.CollectionSpec;
import dev.agentdb.Metric;

/**
 * One call of the public API, as an {@link OperationObserver} sees it.
 *
 * @param name the operation, one of {@code insert}, {@code insert_batch}, {@code upsert},
 *             {@code upsert_batch}, {@code get}, {@code delete}, {@code delete_where}, {@code count},
 *             {@code scan}, {@code search}, {@code find}, {@code reindex}, {@code stats},
 *             {@code create_collection}, {@code drop_collection}; never null
 * @param backend the backend's name ({@link dev.agentdb.BackendType#name()}, e.g. {@code sqlite},
 *                {@code postgres}, {@code mysql}); never null
 * @param collection the collection the call works on; never null
 * @param dimension the collection's dimension (floats per embedding), or 0 when unknown
 * @param metric the collection's metric, or null when unknown
 * @param topK the {@code k} of a search, or 0 for other operations
 * @param batchSize the number of records of a batch write, or 0 for other operations
 */
public record Operation(String name, String backend, String collection, int dimension, Metric metric, int topK, int batchSize) {

    /**
     * @param name the operation
     * @param backend the backend's name
     * @param collection the collection
     * @param spec the collection's spec, or null when unknown (dimension 0 and metric null then)
     * @param topK the {@code k} of a search, or 0
     * @param batchSize the records of a batch write, or 0
     * @return the operation
     */
    public static Operation of(String name, String backend, String collection, CollectionSpec spec, int topK, int batchSize) {
        return new Operation(name, backend, collection, spec == null ? 0 : spec.dimension(), spec == null ? null : spec.metric(),
                topK, batchSize);
    }
}
