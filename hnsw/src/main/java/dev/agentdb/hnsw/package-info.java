/**
 * The in-house HNSW index (Malkov &amp; Yashunin, arXiv:1603.09320), storage-agnostic.
 *
 * <p>Adapters use {@link dev.agentdb.hnsw.HnswIndex} (add, delete, search, exactSearch, flush),
 * implement {@link dev.agentdb.hnsw.GraphStore} over their tables, restore with
 * {@link dev.agentdb.hnsw.HnswIndex#loader(dev.agentdb.hnsw.HnswConfig)}, may keep neighbour lists in
 * a BLOB with {@link dev.agentdb.hnsw.GraphCodec}, and compute API distances for their own exact
 * scans with {@link dev.agentdb.hnsw.Distances}. Distance kernels live in
 * {@link dev.agentdb.hnsw.vector}; {@code dev.agentdb.hnsw.internal} is not API.
 */
package dev.agentdb.hnsw;
