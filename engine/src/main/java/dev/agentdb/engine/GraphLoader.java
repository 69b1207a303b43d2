package dev.agentdb.engine;

import dev.agentdb.AgentDBException;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.hnsw.GraphCodec;
import dev.agentdb.hnsw.HnswConfig;
import dev.agentdb.hnsw.HnswIndex;
import dev.agentdb.internal.VectorCodec;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Restores a collection's graph from its {@link GraphStorage}, checking it against the records
 * ({@link VectorRows}), or rebuilds it from the records.
 *
 * <p>Load, without recomputing the graph: the nodes are read in ordinal order (tombstones with the
 * vector the graph kept), then the records are streamed once and each one's embedding becomes its
 * live node's vector ({@link HnswIndex.Loader#vector}); nothing is joined in the database. With a
 * helper thread, the calling thread only reads the storage while the helper decodes and restores
 * (two cores: about half the time of a cold load).
 *
 * <p>Lazy load ({@code lazy} and a backend with {@link VectorRows#deferred()}): the nodes are read,
 * then the records' keys and ids only ({@link VectorRows#scanKeys}: the id index, not the
 * embeddings; read by the calling thread while the helper still decodes nodes), which makes the record checks below (every record has a live node and every live
 * node a record) and gives each node its row key; the index is finished with the live nodes'
 * vectors pending ({@link HnswIndex.Loader#finishPending}), and the engine streams the embeddings
 * in afterwards on a thread of its own ({@link VectorFill}). When the keys do not match the live
 * nodes one to one, the load is made again eagerly in the same transaction, which decides between a
 * stale graph and records skipped for their embedding's length.
 *
 * <p>Stale (so rebuilt by the caller): no persisted graph; build parameters that differ from the
 * spec; ordinals that are not dense; a node without neighbour lists, or with lists that do not
 * match its level or point outside the graph; an id with two live nodes; a record without a live
 * node, or a live node without a record; an invalid entry point. A graph or neighbour-list format
 * version this library does not know is refused with {@link ConflictException} (never rebuilt:
 * a newer library wrote it).
 */
final class GraphLoader {

    /**
     * The outcome of a load attempt.
     *
     * @param state the loaded state, or null when stale
     * @param staleReason why the persisted graph is stale, or null
     * @param deferred where the pending vectors of {@code state} are to be streamed from, or null when
     *                 it was loaded eagerly (nothing pending)
     */
    record Result(IndexedCollection state, String staleReason, VectorRows.Deferred deferred) {
    }

    private GraphLoader() {
    }

    /**
     * @param name the collection
     * @param spec its spec (HNSW, dimension fixed)
     * @param graph its persisted graph
     * @param rows its records
     * @param rowCacheBytes the row cache budget of the loaded state, in bytes
     * @param helper a thread to decode and restore on while the calling thread reads the storage, or
     *               null to do both on the calling thread
     * @param lazy whether to leave the live vectors pending when {@code rows} has {@link VectorRows#deferred()}
     * @return the loaded state, or the reason the persisted graph is stale
     * @throws ConflictException when a format version is unknown
     */
    static Result load(String name, CollectionSpec spec, GraphStorage graph, VectorRows rows, long rowCacheBytes,
                       ExecutorService helper, boolean lazy) {
        Map<String, String> header = graph.readHeader();
        if (header.isEmpty()) {
            return stale("no persisted graph");
        }
        HnswConfig config = GraphHeader.matching(name, header, spec);
        if (config == null) {
            return stale("graph parameters " + header + " differ from the collection spec " + spec);
        }
        VectorRows.Deferred deferred = lazy ? rows.deferred() : null;
        Restore restore = new Restore(name, spec, config);
        Keys keys = null;
        if (helper == null) {
            graph.readNodes(restore);
            if (deferred == null) {
                rows.scan(spec.dimension(), restore);
            } else {
                keys = Keys.read(rows);
            }
        } else {
            Pipeline pipeline = new Pipeline(restore, helper);
            try {
                graph.readNodes(pipeline);
                if (deferred == null) {
                    rows.scan(spec.dimension(), pipeline);
                } else {
                    keys = Keys.read(rows); // while the helper still decodes the nodes
                }
            } finally {
                pipeline.finish();
            }
        }
        if (restore.reason != null) {
            return stale(restore.reason);
        }
        int entry = GraphHeader.parseInt(header.get(GraphHeader.ENTRY_NODE), Integer.MIN_VALUE);
        int maxLevel = GraphHeader.parseInt(header.get(GraphHeader.MAX_LEVEL), Integer.MIN_VALUE);
        boolean entryOk = entry == -1 ? restore.nodes.liveCount() == 0 : (entry >= 0 && entry < restore.count);
        if (!entryOk) {
            return stale("entry point " + header.get(GraphHeader.ENTRY_NODE) + " is invalid for " + restore.count + " nodes");
        }
        if (deferred != null && !keys.match(restore.nodes)) {
            return load(name, spec, graph, rows, rowCacheBytes, helper, false);
        }
        if (deferred == null && restore.matched != restore.nodes.liveCount()) {
            return stale("the graph has " + restore.nodes.liveCount() + " live nodes but the collection has " + restore.matched + " records");
        }
        try {
            HnswIndex index = deferred == null ? restore.loader.finish(entry, maxLevel) : restore.loader.finishPending(entry, maxLevel);
            if (index.orphansAwaitingVectors() > 0) {
                // live nodes without an in-link (a graph written before the orphan guard): no search would reach
                // them until the fill relinks them, so the eager load, which relinks them before the first answer
                return load(name, spec, graph, rows, rowCacheBytes, helper, false);
            }
            return new Result(new IndexedCollection(name, spec, index, restore.nodes, false, rowCacheBytes), null,
                    index.vectorsPending() ? deferred : null);
        } catch (AgentDBException e) {
            return stale("the graph could not be restored: " + e.getMessage());
        }
    }

    /**
     * The Java side of a load: checks and decodes each persisted node and each record, in the order
     * the storage gives them (all nodes, then all records), into an {@link HnswIndex.Loader}. The
     * first problem found becomes the stale reason; later items are then ignored. One thread at a
     * time.
     */
    private static final class Restore extends RecordMatcher implements GraphStorage.NodeSink {
        final String name;
        final CollectionSpec spec;
        final HnswIndex.Loader loader;
        int count;

        Restore(String name, CollectionSpec spec, HnswConfig config) {
            super(new NodeMap(1024));
            this.name = name;
            this.spec = spec;
            this.loader = HnswIndex.loader(config);
        }

        @Override
        public void node(int node, String id, int level, boolean deleted, byte[] tombstoneVector, byte[] neighbors) {
            if (neighbors == null) {
                node(node, id, level, deleted, tombstoneVector, null, 0, 0);
            } else {
                node(node, id, level, deleted, tombstoneVector, neighbors, 0, neighbors.length);
            }
        }

        @Override
        public void expect(int nodes) {
            if (count == 0 && reason == null) {
                this.nodes.expect(nodes);
            }
        }

        /** Checks and restores one node, decoding its lists in place ({@link HnswIndex.Loader#node(int, float[], int, boolean, byte[], int, int)}). */
        @Override
        public void node(int node, String id, int level, boolean deleted, byte[] tombstoneVector, byte[] neighbors, int offset,
                         int length) {
            if (reason != null) {
                return;
            }
            try {
                if (node != count) {
                    reason = "node ordinals are not dense (expected " + count + ", found " + node + ")";
                    return;
                }
                if (neighbors == null) {
                    reason = "node " + node + " has no neighbour lists";
                    return;
                }
                float[] vector = null;
                if (deleted) {
                    if (tombstoneVector == null || tombstoneVector.length != spec.dimension() * Float.BYTES) {
                        reason = "tombstone " + node + " (id '" + id + "') has no stored vector of " + spec.dimension() * Float.BYTES + " bytes";
                        return;
                    }
                    vector = VectorCodec.decode(tombstoneVector);
                }
                int layers = layers(name, node, neighbors, offset, length);
                if (layers >= 0 && layers != level + 1) {
                    reason = "node " + node + " has level " + level + " but " + layers + " neighbour lists";
                    return;
                }
                loader.node(node, vector, level, deleted, neighbors, offset, length); // checks the rest of the lists
                if (!nodes.put(node, id, NodeMap.NO_KEY, !deleted)) {
                    reason = "id '" + id + "' has two live nodes";
                    return;
                }
                count++;
            } catch (ConflictException e) {
                throw e;
            } catch (AgentDBException e) {
                reason = "the graph could not be restored: " + e.getMessage();
            }
        }

        @Override
        void give(int node, float[] floats, byte[] littleEndian) {
            if (floats != null) {
                loader.vector(node, floats);
            } else {
                loader.vector(node, littleEndian);
            }
        }
    }

    /**
     * Runs a {@link Restore} on a helper thread while the calling thread reads the storage (the
     * database driver's work and the decoding then take two cores): items travel in batches through a
     * bounded queue, in the order read; a record's embedding is copied, since a storage may reuse its
     * array. {@link #finish()} waits for the helper and rethrows what it threw.
     */
    private static final class Pipeline implements VectorRows.Sink, GraphStorage.NodeSink {
        private static final int BATCH = 256;
        private static final Object[] END = new Object[0];

        private final Restore restore;
        private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(64);
        private final Future<?> consumer;
        private Object[] batch = new Object[BATCH];
        private int filled;

        Pipeline(Restore restore, ExecutorService helper) {
            this.restore = restore;
            this.consumer = helper.submit(this::consume);
        }

        private record NodeItem(int node, String id, int level, boolean deleted, byte[] tombstoneVector, byte[] neighbors,
                                int offset, int length) {
        }

        private record ExpectItem(int nodes) {
        }

        private record RowItem(long key, String id, float[] embedding, byte[] littleEndian) {
        }

        @Override
        public void expect(int nodes) {
            add(new ExpectItem(nodes));
        }

        @Override
        public void node(int node, String id, int level, boolean deleted, byte[] tombstoneVector, byte[] neighbors) {
            add(new NodeItem(node, id, level, deleted, tombstoneVector, neighbors, 0, neighbors == null ? 0 : neighbors.length));
        }

        @Override
        public void node(int node, String id, int level, boolean deleted, byte[] tombstoneVector, byte[] neighbors, int offset,
                         int length) {
            add(new NodeItem(node, id, level, deleted, tombstoneVector, neighbors, offset, length)); // the storage's array, not copied
        }

        @Override
        public void row(long key, String id, float[] embedding) {
            add(new RowItem(key, id, embedding.clone(), null));
        }

        @Override
        public void rowLittleEndian(long key, String id, byte[] embedding) {
            add(new RowItem(key, id, null, embedding)); // the storage's own array, decoded on the helper
        }

        private void add(Object item) {
            batch[filled++] = item;
            if (filled == BATCH) {
                send(batch);
                batch = new Object[BATCH];
                filled = 0;
            }
        }

        private void send(Object[] items) {
            while (!consumer.isDone()) {
                try {
                    if (queue.offer(items, 10, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AgentDBException("interrupted while loading an HNSW graph", e);
                }
            }
        }

        private void consume() {
            try {
                while (true) {
                    Object[] items = queue.take();
                    if (items == END) {
                        return;
                    }
                    for (Object item : items) {
                        if (item instanceof NodeItem n) {
                            restore.node(n.node(), n.id(), n.level(), n.deleted(), n.tombstoneVector(), n.neighbors(), n.offset(), n.length());
                        } else if (item instanceof RowItem r) {
                            restore.match(r.key(), r.id(), r.embedding(), r.littleEndian());
                        } else if (item instanceof ExpectItem e) {
                            restore.expect(e.nodes());
                        } else {
                            break; // the unfilled tail of the last batch
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Sends what is left, waits for the helper, and rethrows what it threw. */
        void finish() {
            if (filled > 0) {
                send(batch);
            }
            send(END);
            HelperTasks.join(consumer, "loading an HNSW graph");
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

    /**
     * The records' keys and ids of a lazy load ({@link VectorRows#scanKeys}), read on the calling
     * thread while the helper still decodes the nodes, then matched against the live nodes.
     */
    private static final class Keys implements VectorRows.KeySink {
        private long[] keys = new long[1024];
        private String[] ids = new String[1024];
        private int size;

        static Keys read(VectorRows rows) {
            Keys k = new Keys();
            rows.scanKeys(k);
            return k;
        }

        @Override
        public void key(long key, String id) {
            if (size == keys.length) {
                keys = java.util.Arrays.copyOf(keys, size * 2);
                ids = java.util.Arrays.copyOf(ids, size * 2);
            }
            keys[size] = key;
            ids[size++] = id;
        }

        /**
         * Gives each live node its record's key.
         *
         * @return whether every record has a live node and every live node a record
         */
        boolean match(NodeMap nodes) {
            int matched = 0;
            for (int i = 0; i < size; i++) {
                int node = nodes.ordinal(ids[i]);
                if (node < 0) {
                    return false;
                }
                nodes.setKey(node, keys[i]);
                matched++;
            }
            return matched == nodes.liveCount();
        }
    }

    private static Result stale(String reason) {
        return new Result(null, reason, null);
    }

    /**
     * Reads the header of one node's encoded lists, refusing an unknown codec version (other damage
     * surfaces as a stale graph when the loader decodes them).
     *
     * @return the layer count, or -1 when the header is malformed (the loader then names the damage)
     */
    private static int layers(String collection, int node, byte[] blob, int offset, int length) {
        if (length < GraphCodec.HEADER_BYTES) {
            return -1;
        }
        int magic = (blob[offset] & 0xFF) << 24 | (blob[offset + 1] & 0xFF) << 16 | (blob[offset + 2] & 0xFF) << 8 | blob[offset + 3] & 0xFF;
        if (magic != GraphCodec.MAGIC) {
            return -1;
        }
        int version = (blob[offset + 4] & 0xFF) << 8 | blob[offset + 5] & 0xFF;
        if (version != GraphCodec.FORMAT_VERSION) {
            throw new ConflictException("the HNSW neighbour lists of node " + node + " of collection '" + collection
                    + "' have codec version " + version + ", unknown to this library (it reads version "
                    + GraphCodec.FORMAT_VERSION + "); upgrade AgentDB");
        }
        int layers = (blob[offset + 6] & 0xFF) << 8 | blob[offset + 7] & 0xFF;
        return layers >= 1 && layers <= HnswIndex.MAX_LEVEL + 1 ? layers : -1;
    }
}
