/**
 * The in-house index engine that every adapter without a native ANN index shares (SQLite today;
 * MySQL/MariaDB without {@code VECTOR}, MongoDB without {@code $vectorSearch}, Cloudflare D1 next).
 *
 * <p>What it does, once for every backend: keeps one {@link dev.agentdb.hnsw.HnswIndex} per
 * collection in memory with the mapping between node ordinals, record ids and the backend's row
 * keys ({@link dev.agentdb.engine.NodeMap}); loads it from the backend's persisted graph or rebuilds
 * it from the records when that graph is missing or stale ({@link dev.agentdb.engine.GraphLoader});
 * persists every change through {@link dev.agentdb.engine.GraphStorage} in the transaction that
 * writes the records; compacts tombstones while the database is open; and runs the search loop
 * ({@link dev.agentdb.engine.IndexSearch}): filter to accepted nodes, graph candidates, rows read in
 * one consistent read, exact re-score when a write raced the search, top-k, threshold, re-ask when
 * rows vanished.
 *
 * <p>What a backend implements: {@link dev.agentdb.engine.GraphStorage} (graph rows in and out),
 * {@link dev.agentdb.engine.VectorRows} (every record's embedding, for load and rebuild) and
 * {@link dev.agentdb.engine.SearchReads} (ids matching a filter, rows by key or id, an exact scan).
 * None of them mentions JDBC, so HTTP (D1) and document (MongoDB) backends implement them too.
 * Entry point: {@link dev.agentdb.engine.IndexEngine}.
 *
 * <p>This package is an SPI for adapter authors, {@link dev.agentdb.Beta} until four adapters use it.
 */
@dev.agentdb.Beta
package dev.agentdb.engine;
