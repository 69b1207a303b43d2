package dev.agentdb.engine;

import dev.agentdb.AgentDBException;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.hnsw.GraphCodec;
import dev.agentdb.hnsw.HnswConfig;
import dev.agentdb.hnsw.HnswIndex;
import dev.agentdb.internal.VectorCodec;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Restores a collection's graph from its {@link GraphStorage}, checking it against the records
 * ({@link VectorRows}), or rebuilds it from the records.
 *
 * <p>Load, without recomputing the graph: the nodes are read in ordinal order (tombstones with the
 * vector the graph kept), then the records are streamed once and each one's embedding becomes its
 * live node's vector ({@link HnswIndex.Loader#vector}); nothing is joined in the database, and no
 * embedding is held twice.
 *
 * <p>Stale (so rebuilt by the caller): no persisted graph; build parameters that differ from the
 * spec; ordinals that are not dense; a node without neighbour lists, or with lists that do not
 * match its level or point outside the graph; an id with two live nodes; a record without a live
 * node, or a live node without a record; an invalid entry point. A graph or neighbour-list format
 * version this library does not know is refused with {@link ConflictException} (never rebuilt:
 * a newer library wrote it).
 */
final class GraphLoader {

    /** The outcome of a load attempt. */
    record Result(IndexedCollection state, String staleReason) {
    }

    private GraphLoader() {
    }

    /**
     * @param name the collection
     * @param spec its spec (HNSW, dimension fixed)
     * @param graph its persisted graph
     * @param rows its records
     * @param rowCacheBytes the row cache budget of the loaded state, in bytes
     * @return the loaded state, or the reason the persisted graph is stale
     * @throws ConflictException when a format version is unknown
     */
    static Result load(String name, CollectionSpec spec, GraphStorage graph, VectorRows rows, long rowCacheBytes) {
        Map<String, String> header = graph.readHeader();
        if (header.isEmpty()) {
            return stale("no persisted graph");
        }
        HnswConfig config = GraphHeader.matching(name, header, spec);
        if (config == null) {
            return stale("graph parameters " + header + " differ from the collection spec " + spec);
        }
        int entry = GraphHeader.parseInt(header.get(GraphHeader.ENTRY_NODE), Integer.MIN_VALUE);
        int maxLevel = GraphHeader.parseInt(header.get(GraphHeader.MAX_LEVEL), Integer.MIN_VALUE);

        HnswIndex.Loader loader = HnswIndex.loader(config);
        NodeMap nodes = new NodeMap(1024);
        Map<String, Integer> liveNode = new HashMap<>();
        String[] reason = new String[1];
        int[] count = new int[1];
        try {
            graph.readNodes((node, id, level, deleted, tombstoneVector, neighbors) -> {
                if (reason[0] != null) {
                    return;
                }
                if (node != count[0]) {
                    reason[0] = "node ordinals are not dense (expected " + count[0] + ", found " + node + ")";
                    return;
                }
                if (neighbors == null) {
                    reason[0] = "node " + node + " has no neighbour lists";
                    return;
                }
                float[] vector = null;
                if (deleted) {
                    if (tombstoneVector == null || tombstoneVector.length != spec.dimension() * Float.BYTES) {
                        reason[0] = "tombstone " + node + " (id '" + id + "') has no stored vector of " + spec.dimension() * Float.BYTES + " bytes";
                        return;
                    }
                    vector = VectorCodec.decode(tombstoneVector);
                } else if (liveNode.putIfAbsent(id, node) != null) {
                    reason[0] = "id '" + id + "' has two live nodes";
                    return;
                }
                int[][] lists = decodeNeighbors(name, node, neighbors);
                if (lists.length != level + 1) {
                    reason[0] = "node " + node + " has level " + level + " but " + lists.length + " neighbour lists";
                    return;
                }
                loader.node(node, vector, level, deleted, lists);
                nodes.put(node, id, NodeMap.NO_KEY, !deleted);
                count[0]++;
            });
            if (reason[0] != null) {
                return stale(reason[0]);
            }
            int total = count[0];
            boolean entryOk = entry == -1 ? liveNode.isEmpty() : (entry >= 0 && entry < total);
            if (!entryOk) {
                return stale("entry point " + header.get(GraphHeader.ENTRY_NODE) + " is invalid for " + total + " nodes");
            }
            int[] matched = new int[1];
            rows.scan(spec.dimension(), (key, id, embedding) -> {
                if (reason[0] != null) {
                    return;
                }
                Integer node = liveNode.get(id);
                if (node == null) {
                    reason[0] = "record '" + id + "' has no live node";
                    return;
                }
                loader.vector(node, embedding);
                nodes.setKey(node, key);
                matched[0]++;
            });
            if (reason[0] != null) {
                return stale(reason[0]);
            }
            if (matched[0] != liveNode.size()) {
                return stale("the graph has " + liveNode.size() + " live nodes but the collection has " + matched[0] + " records");
            }
            HnswIndex index = loader.finish(entry, maxLevel);
            return new Result(new IndexedCollection(name, spec, index, nodes, false, rowCacheBytes), null);
        } catch (ConflictException e) {
            throw e;
        } catch (AgentDBException e) {
            return stale("the graph could not be restored: " + e.getMessage());
        }
    }

    /**
     * Builds a new graph from the records (in the order {@link VectorRows#scan} gives them) and
     * writes it whole, replacing any persisted graph.
     *
     * @param name the collection
     * @param spec its spec (HNSW, dimension fixed)
     * @param graph its graph storage, in a write transaction
     * @param rows its records
     * @param rowCacheBytes the row cache budget of the new state, in bytes
     * @param skipped receives the number of records skipped for a wrong embedding length (index 0)
     * @return the new state
     */
    static IndexedCollection rebuild(String name, CollectionSpec spec, GraphStorage graph, VectorRows rows, long rowCacheBytes,
                                     long[] skipped) {
        HnswConfig config = GraphHeader.config(spec);
        IndexedCollection state = new IndexedCollection(name, spec, new HnswIndex(config), new NodeMap(1024), true, rowCacheBytes);
        skipped[0] = rows.scan(spec.dimension(), (key, id, embedding) -> state.add(id, key, embedding));
        graph.clear();
        graph.writeHeader(GraphHeader.of(config));
        state.flushAll(graph);
        return state;
    }

    private static Result stale(String reason) {
        return new Result(null, reason);
    }

    /** Decodes one node's lists, refusing an unknown codec version (other damage surfaces as a stale graph). */
    private static int[][] decodeNeighbors(String collection, int node, byte[] blob) {
        if (blob.length >= GraphCodec.HEADER_BYTES) {
            ByteBuffer b = ByteBuffer.wrap(blob);
            int version = Short.toUnsignedInt(b.getShort(4));
            if (b.getInt(0) == GraphCodec.MAGIC && version != GraphCodec.FORMAT_VERSION) {
                throw new ConflictException("the HNSW neighbour lists of node " + node + " of collection '" + collection
                        + "' have codec version " + version + ", unknown to this library (it reads version "
                        + GraphCodec.FORMAT_VERSION + "); upgrade AgentDB");
            }
        }
        return GraphCodec.decode(blob);
    }
}
