package dev.agentdb;

/**
 * A snapshot of a collection's size and shape.
 *
 * @param name the collection name
 * @param count number of live records
 * @param dimension embedding length (0 for an empty v1 collection whose dimension is not fixed yet)
 * @param metric the collection's metric
 * @param index the index parameters
 * @param bytesOnDisk bytes the collection's rows and index occupy in the backend, or -1 when the
 *                    backend cannot tell
 * @param indexedCount number of records reachable through the ANN index (equals {@code count} when
 *                     the index is complete; 0 for a FLAT collection)
 */
public record CollectionStats(String name, long count, int dimension, Metric metric, IndexParams index,
                              long bytesOnDisk, long indexedCount) {
}
