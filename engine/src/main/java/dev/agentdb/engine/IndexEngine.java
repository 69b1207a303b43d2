package dev.agentdb.engine;

import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorRecord;
import dev.agentdb.hnsw.HnswIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One adapter's in-house indexes: the loaded {@link IndexedCollection} of each collection, the
 * load-or-rebuild policy, writes that keep graph and records together, compaction, and the search
 * loop ({@link IndexSearch}).
 *
 * <h2>What the adapter does</h2>
 * <ul>
 *   <li>Serialises writers per collection (a write lock, a single writer connection, ...) and calls
 *       the write methods ({@link #load}, {@link #write}, {@link #delete}, {@link #reindex},
 *       {@link #create}) from the thread holding it, inside the transaction that writes the records,
 *       with a {@link GraphStorage} bound to that transaction.</li>
 *   <li>Tells the engine how each transaction ended: {@link #committed} with the collections it
 *       changed, or {@link #discard} them when it rolled back (their in-memory graph holds changes
 *       that are gone; the next use reloads it from storage).</li>
 *   <li>Calls {@link #search} with a {@link SearchReads} for the search's reads.</li>
 * </ul>
 *
 * <h2>Load-or-rebuild</h2>
 * A collection's graph is loaded lazily on first use ({@link GraphLoader}: no graph is recomputed);
 * when the persisted graph is missing or stale it is rebuilt from the records and written in the
 * same transaction, with a WARN (DEBUG for an empty collection). {@link #loadForRead} loads without
 * the write lock from a read snapshot and publishes the result only if no write committed since the
 * caller took {@link #generation}; a stale graph needs {@link #load} (a write) instead, except on a
 * database opened read-only, where {@link #loadReadOnly} rebuilds it in memory and writes nothing.
 *
 * <h2>Lazy loads</h2>
 * {@link #loadForRead} and {@link #loadReadOnly}, when the backend's {@link VectorRows} offer
 * {@link VectorRows#deferred()} (SQLite), read the graph and the records' keys and ids (not their
 * embeddings; records that do not match the live nodes one to one load eagerly instead) and publish
 * the graph with the live nodes' vectors pending: a search that reaches such a node reads the missing vectors of the nodes it is
 * about to score (the unvisited neighbours of the node it expands) in one
 * {@link SearchReads#fetch} of their rows, while a fill thread ({@code VectorFill}) streams every
 * record in, in a read view of its own, and makes the checks of an eager load. A reopened
 * 60,000 x 784 collection answers its first query without reading its 189 MB of embeddings first.
 * Once filled, a search costs one more volatile read than before. Rules:
 * <ul>
 *   <li>Writes wait for the fill: {@link #loadedForWrite} (the adapter's writer path) and
 *       {@link #write}/{@link #delete} wait until every vector is present, so the graph never
 *       changes while vectors are pending.</li>
 *   <li>A fill that finds the graph stale (a record without a live node, a live node without a
 *       record) abandons it: the state is discarded with a WARN, and the next load of that
 *       collection is eager (and rebuilds, as any stale graph). Searches that ran meanwhile
 *       returned rows read from the backend with their filter, as always.</li>
 *   <li>{@link #discard}, {@link #discardAll} (another process's commit) and {@link #close} stop
 *       the fill at its next record; {@link #close} waits for its thread, which releases its read
 *       view as it ends.</li>
 *   <li>{@link #load} (the writer, inside a write transaction) always loads eagerly: a write
 *       follows at once and would wait for the fill anyway.</li>
 *   <li>The fill starts streaming after the first search answered from the state (at most 500 ms
 *       after the load; at once when a writer waits for the vectors): the load runs on that
 *       search's path, and the search fetches what it reaches itself.</li>
 *   <li>A graph whose load finds live nodes without a layer-0 in-link (written before the orphan
 *       guard) loads eagerly, so that they are relinked before the first answer.</li>
 * </ul>
 * A backend without {@link VectorRows#deferred()} (MySQL, MongoDB) loads eagerly, as before.
 *
 * <h2>Compaction</h2>
 * Deletes and upserts tombstone nodes. After a write, when tombstones reach
 * {@value #COMPACT_MIN_TOMBSTONES} and a quarter of the live nodes, the graph is compacted
 * ({@link HnswIndex#compact()}: live nodes copied with their links, tombstones dropped, lists that
 * pointed at them repaired) and persisted whole in the same transaction, so the graph stays within
 * 1.25 times the live nodes (plus the minimum) while the database is open. Each compaction rewrites
 * the graph once per quarter of the live count deleted: amortised, a few node rows per delete.
 *
 * <h2>Parallel writes</h2>
 * A batch of at least {@value #PARALLEL_MIN_RECORDS} records is added to the graph on a shared
 * helper thread while the caller's thread writes the rows and then, every few milliseconds, the
 * nodes the build has changed so far (two cores busy, the database connection still used by one
 * thread only); the graph learns the rows' keys when both are done, then the remaining changes are
 * persisted. Safe because the graph has one writer (the helper; the caller only copies changed
 * nodes under the index's lock, {@link HnswIndex#drainChanges()}), searches read it lock-free as
 * always, and a node whose key is not known yet reads as a vanished row.
 *
 * <p>Thread-safe.
 */
public final class IndexEngine {
    private static final Logger LOG = LoggerFactory.getLogger(IndexEngine.class);

    /** Tombstones below this never trigger a compaction. */
    public static final int COMPACT_MIN_TOMBSTONES = 1_000;
    /** Compaction also needs tombstones of at least this fraction of the live nodes. */
    public static final double COMPACT_TOMBSTONE_RATIO = 0.25;
    /** Batches at least this large build the graph on the helper thread while rows are written. */
    public static final int PARALLEL_MIN_RECORDS = 32;
    /** While the helper builds, the nodes it changed are persisted this often, in ms. */
    static final long DRAIN_INTERVAL_MS = 20;

    private static final Object BUILDER_LOCK = new Object();
    private static volatile ExecutorService builder;

    /** How long {@link #close()} waits for each running fill to stop, in ms. */
    public static final long FILL_STOP_MS = 10_000;

    /** Default budget of each loaded collection's row cache: 64 MiB, in bytes. */
    public static final long DEFAULT_ROW_CACHE_BYTES = 64L << 20;
    /** Config property ({@link dev.agentdb.AgentDBConfig#property}) setting that budget in bytes; 0 turns the cache off. */
    public static final String ROW_CACHE_PROPERTY = "engine.row_cache_bytes";

    private final String backend;
    private final long rowCacheBytes;
    private final ConcurrentHashMap<String, IndexedCollection> loaded = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicInteger rebuilds = new AtomicInteger();
    private final AtomicInteger compactions = new AtomicInteger();
    /** Collections whose last lazy load was found stale by its fill: their next load is eager. */
    private final java.util.Set<String> eager = ConcurrentHashMap.newKeySet();
    /** Fills still running (they remove themselves when they end). */
    private final java.util.Set<VectorFill> fills = ConcurrentHashMap.newKeySet();
    private volatile boolean lastLoadRebuilt;

    /**
     * An engine with the default row cache budget ({@value #DEFAULT_ROW_CACHE_BYTES} bytes per collection).
     *
     * @param backend the backend's name, for log messages (e.g. {@code "sqlite"})
     */
    public IndexEngine(String backend) {
        this(backend, DEFAULT_ROW_CACHE_BYTES);
    }

    /**
     * An engine configured from an adapter's configuration ({@value #ROW_CACHE_PROPERTY}).
     *
     * @param backend the backend's name, for log messages (e.g. {@code "sqlite"})
     * @param config the adapter's configuration
     * @return the engine
     * @throws dev.agentdb.InvalidInputException naming the property when it is not a size in bytes
     */
    public static IndexEngine configured(String backend, dev.agentdb.AgentDBConfig config) {
        String value = config.property(ROW_CACHE_PROPERTY, Long.toString(DEFAULT_ROW_CACHE_BYTES)).trim();
        long bytes;
        try {
            bytes = Long.parseLong(value);
        } catch (NumberFormatException e) {
            bytes = -1;
        }
        if (bytes < 0) {
            throw new dev.agentdb.InvalidInputException(ROW_CACHE_PROPERTY, "'" + value + "' is not a size in bytes (0 turns the row cache off)");
        }
        return new IndexEngine(backend, bytes);
    }

    /**
     * @param backend the backend's name, for log messages (e.g. {@code "sqlite"})
     * @param rowCacheBytes the budget of each loaded collection's cache of result rows, in bytes
     *                      (estimated); 0 turns the cache off. See {@link IndexSearch}.
     * @throws dev.agentdb.InvalidInputException when it is negative
     */
    public IndexEngine(String backend, long rowCacheBytes) {
        if (rowCacheBytes < 0) {
            throw new dev.agentdb.InvalidInputException("rowCacheBytes", "must be 0 or more, was " + rowCacheBytes);
        }
        this.backend = backend;
        this.rowCacheBytes = rowCacheBytes;
    }

    // ------------------------------------------------------------------ loading

    /**
     * @param name a collection
     * @param spec its current spec
     * @return its loaded state when it was loaded for this spec, else null
     */
    public IndexedCollection loaded(String name, CollectionSpec spec) {
        IndexedCollection s = loaded.get(name);
        return s != null && s.spec().equals(spec) ? s : null;
    }

    /**
     * The loaded state a writer may change: like {@link #loaded}, after waiting for the fill of a lazily
     * loaded state (see the class comment). Run by the writer, holding the collection's write lock.
     *
     * @param name a collection
     * @param spec its current spec
     * @return its loaded state with every vector present, or null when none is loaded for this spec
     *         or its fill failed (the caller then loads it with {@link #load})
     */
    public IndexedCollection loadedForWrite(String name, CollectionSpec spec) {
        IndexedCollection s = loaded(name, spec);
        if (s == null || !s.vectorsPending()) {
            return s;
        }
        if (s.awaitVectors()) {
            return s;
        }
        if (loaded.remove(name, s)) {
            bump(name);
        }
        return null;
    }

    /**
     * Loads a collection's state, rebuilding its graph from the records when the persisted one is
     * missing or stale, and registers it. Run by the writer, inside a write transaction; always eager
     * (every vector read before it returns).
     *
     * @param name the collection
     * @param spec its spec
     * @param graph its graph storage in the transaction
     * @param rows its records in the transaction
     * @return the loaded state (with no graph for FLAT or dimension 0)
     * @throws dev.agentdb.ConflictException when the graph's format version is unknown
     */
    public IndexedCollection load(String name, CollectionSpec spec, GraphStorage graph, VectorRows rows) {
        IndexedCollection state;
        if (!hasGraph(spec)) {
            state = new IndexedCollection(name, spec, null, new NodeMap(0), false, 0);
        } else {
            GraphLoader.Result r = GraphLoader.load(name, spec, graph, rows, rowCacheBytes, builder(), false);
            state = r.state() != null ? r.state() : rebuild(name, spec, graph, rows, r.staleReason());
        }
        eager.remove(name);
        counted(state);
        IndexedCollection old = loaded.put(name, state);
        if (old != null) {
            stopFills(name); // a lazily loaded state replaced by the writer (its fill had failed)
        }
        return state;
    }

    /**
     * @param name a collection
     * @return its generation: it changes whenever a write to it commits or its state is discarded
     *         (take it before opening the read snapshot given to {@link #loadForRead})
     */
    public long generation(String name) {
        return generations.computeIfAbsent(name, n -> new AtomicLong()).get();
    }

    /**
     * Loads a collection's state from a read snapshot without writing anything, and registers it
     * unless a write committed (or the state was discarded) since {@code generation} was taken. Lazy
     * when {@code rows} offer {@link VectorRows#deferred()} (see the class comment): the vectors of a
     * registered state are then streamed in by a fill thread; those of an unregistered one are only
     * fetched by the caller's search.
     *
     * @param name the collection
     * @param spec its spec
     * @param generation {@link #generation(String)} taken before the snapshot was opened
     * @param graph its graph storage in the snapshot
     * @param rows its records in the same snapshot
     * @return the state (registered, or usable for the caller's own search only when a write
     *         intervened), or null when the persisted graph is stale and must be rebuilt by {@link #load}
     * @throws dev.agentdb.ConflictException when the graph's format version is unknown
     */
    public IndexedCollection loadForRead(String name, CollectionSpec spec, long generation, GraphStorage graph, VectorRows rows) {
        IndexedCollection state = fromSnapshot(name, spec, graph, rows, false);
        if (state != null) {
            publish(name, generation, state);
        }
        return state;
    }

    /**
     * Registers a state loaded from a read snapshot unless a write committed (or it was discarded)
     * since {@code generation}, and starts the fill of its pending vectors.
     */
    private void publish(String name, long generation, IndexedCollection state) {
        synchronized (generations.computeIfAbsent(name, n -> new AtomicLong())) {
            if (generation(name) == generation && !loaded.containsKey(name)) {
                counted(state);
                loaded.put(name, state);
                VectorRows.Deferred rows = state.takeDeferred();
                if (rows != null) {
                    new VectorFill(state, rows, this::fillFailed, fills).start();
                }
            }
        }
    }

    /** A fill found the lazily loaded graph stale, or could not read the records: load it eagerly next time. */
    private void fillFailed(IndexedCollection state, String reason) {
        LOG.warn("{}: the HNSW graph of collection '{}' was loaded lazily, but its vectors could not be filled in ({});"
                + " it is loaded again, eagerly", backend, state.name(), reason);
        eager.add(state.name());
        if (loaded.remove(state.name(), state)) {
            bump(state.name());
        }
    }

    private void stopFills(String name) {
        for (VectorFill f : fills) {
            if (f.collection().equals(name)) {
                f.stop();
            }
        }
    }

    /**
     * Loads a collection's state for a database opened read-only: like {@link #loadForRead}, except
     * that a missing or stale persisted graph is rebuilt from the records in memory only (with a WARN;
     * nothing is written to {@code graph}, which may be read-only). The rebuilt graph lives until the
     * adapter closes or another connection's commit discards it; a read-write open persists it.
     *
     * @param name the collection
     * @param spec its spec
     * @param generation {@link #generation(String)} taken before the snapshot was opened
     * @param graph its graph storage in the snapshot; only read
     * @param rows its records in the same snapshot
     * @return the state (registered unless a change was signalled since {@code generation}); never null
     * @throws dev.agentdb.ConflictException when the graph's format version is unknown
     */
    public IndexedCollection loadReadOnly(String name, CollectionSpec spec, long generation, GraphStorage graph, VectorRows rows) {
        IndexedCollection state = fromSnapshot(name, spec, graph, rows, true);
        publish(name, generation, state);
        return state;
    }

    /**
     * @return the state read from a snapshot; when its persisted graph is stale, null or (with
     *         {@code rebuildInMemory}) one rebuilt from the rows without writing anything
     */
    private IndexedCollection fromSnapshot(String name, CollectionSpec spec, GraphStorage graph, VectorRows rows,
                                           boolean rebuildInMemory) {
        if (!hasGraph(spec)) {
            return new IndexedCollection(name, spec, null, new NodeMap(0), false, 0);
        }
        GraphLoader.Result r = GraphLoader.load(name, spec, graph, rows, rowCacheBytes, builder(), !eager.contains(name));
        if (r.state() != null) {
            r.state().deferred(r.deferred());
            if (r.deferred() == null) {
                eager.remove(name);
            }
        }
        if (r.state() != null || !rebuildInMemory) {
            return r.state();
        }
        return rebuild(name, spec, READ_ONLY_GRAPH, rows, r.staleReason() + "; in memory only (the database is open"
                + " read-only: open it read-write once to persist the graph)", false);
    }

    /** A graph storage that has nothing and keeps nothing: what an in-memory rebuild writes to. */
    private static final GraphStorage READ_ONLY_GRAPH = new GraphStorage() {
        @Override
        public Map<String, String> readHeader() {
            return Map.of();
        }

        @Override
        public void readNodes(NodeSink sink) {
            // no nodes
        }

        @Override
        public void writeHeader(Map<String, String> entries) {
            // kept in memory only
        }

        @Override
        public void writeNode(int node, String id, int level, boolean deleted, byte[] tombstoneVector, byte[] neighbors) {
            // kept in memory only
        }

        @Override
        public void clear() {
            // nothing persisted
        }
    };

    private IndexedCollection rebuild(String name, CollectionSpec spec, GraphStorage graph, VectorRows rows, String reason) {
        return rebuild(name, spec, graph, rows, reason, true);
    }

    /** @param writing whether the rebuild is part of a write transaction (its graph then mirrors rows not yet committed) */
    private IndexedCollection rebuild(String name, CollectionSpec spec, GraphStorage graph, VectorRows rows, String reason,
                                      boolean writing) {
        long started = System.nanoTime();
        long[] skipped = new long[1];
        IndexedCollection state = GraphLoader.rebuild(name, spec, graph, rows, rowCacheBytes, skipped);
        if (writing) {
            state.beginWrite();
        }
        int n = state.index().size();
        if (n > 0) {
            LOG.warn("{}: rebuilt the HNSW graph of collection '{}' from {} records in {} ms: {}", backend, name, n,
                    (System.nanoTime() - started) / 1_000_000, reason);
        } else {
            LOG.debug("{}: created the empty HNSW graph of collection '{}': {}", backend, name, reason);
        }
        warnSkipped(name, spec, skipped[0]);
        return state;
    }

    private void counted(IndexedCollection state) {
        loads.incrementAndGet();
        if (state.rebuilt()) {
            rebuilds.incrementAndGet();
        }
        lastLoadRebuilt = state.rebuilt();
    }

    // ------------------------------------------------------------------ collection lifecycle (writer)

    /**
     * Prepares the persisted graph of a new (or re-created) collection: clears any graph under its
     * name and writes the header of an empty one when the spec has an HNSW index.
     *
     * @param name the collection
     * @param spec its spec
     * @param graph its graph storage in the creating transaction
     */
    public void create(String name, CollectionSpec spec, GraphStorage graph) {
        discard(name);
        graph.clear();
        if (hasGraph(spec)) {
            graph.writeHeader(GraphHeader.of(GraphHeader.config(spec)));
        }
    }

    /**
     * Discards the persisted graph and builds the one a new spec asks for from the records (none for
     * FLAT), persisting it in the caller's transaction: an explicit reindex, logged at INFO.
     *
     * @param name the collection
     * @param spec its new spec
     * @param graph its graph storage in the transaction
     * @param rows its records in the transaction
     * @return the new state, registered
     */
    public IndexedCollection reindex(String name, CollectionSpec spec, GraphStorage graph, VectorRows rows) {
        discard(name);
        IndexedCollection state;
        if (!hasGraph(spec)) {
            graph.clear();
            state = new IndexedCollection(name, spec, null, new NodeMap(0), false, 0);
        } else {
            long started = System.nanoTime();
            long[] skipped = new long[1];
            state = GraphLoader.rebuild(name, spec, graph, rows, rowCacheBytes, skipped);
            LOG.info("{}: reindexed collection '{}' ({} nodes, m {}, efConstruction {}) in {} ms", backend, name, state.index().size(),
                    spec.index().m(), spec.index().efConstruction(), (System.nanoTime() - started) / 1_000_000);
            warnSkipped(name, spec, skipped[0]);
        }
        state.beginWrite();
        loaded.put(name, state);
        return state;
    }

    /**
     * Forgets a collection's in-memory state (its transaction rolled back, it was dropped, or the
     * storage changed behind the engine's back); the next use loads it again.
     *
     * @param name the collection
     */
    public void discard(String name) {
        bump(name); // first: a load racing this one then cannot publish after the removal below
        loaded.remove(name);
        stopFills(name);
    }

    /** Forgets every collection's in-memory state (e.g. another process changed the database). */
    public void discardAll() {
        generations.values().forEach(AtomicLong::incrementAndGet);
        loaded.clear();
        fills.forEach(VectorFill::stop);
    }

    /**
     * Tells that a transaction which changed these collections committed.
     *
     * @param names the collections it changed
     */
    public void committed(Collection<String> names) {
        for (String name : names) {
            IndexedCollection s = loaded.get(name);
            if (s != null) {
                s.endWrite();
            }
            bump(name);
        }
    }

    private void bump(String name) {
        AtomicLong g = generations.computeIfAbsent(name, n -> new AtomicLong());
        synchronized (g) {
            g.incrementAndGet();
        }
    }

    // ------------------------------------------------------------------ writes (writer)

    /** Writes a batch's rows and returns their row keys ({@link NodeMap#NO_KEY} where unknown), in record order. */
    @FunctionalInterface
    public interface RowWrite<E extends Exception> {
        /**
         * @return the row key of each record, in order; never null
         * @throws E what the backend throws
         */
        long[] write() throws E;
    }

    /**
     * Writes records and their graph nodes together: runs {@code rows} (on the calling thread) and
     * adds each record's node (after tombstoning the id's old node when {@code replace}), in
     * parallel for large batches (see the class comment), then persists the changed nodes. A small
     * batch, or an insert batch with an id that is already live (its rows will be refused),
     * writes the rows first, so a refused batch leaves the graph untouched.
     *
     * @param state the collection's loaded state (with a graph)
     * @param records validated records, ids distinct
     * @param replace whether a record may replace a live id (upsert)
     * @param rows writes the rows in the caller's transaction
     * @param graph the graph storage of that transaction
     * @param beforeGraphChange run once, just before the graph first changes (the adapter notes that
     *                          a rollback of its transaction must {@link #discard} this collection)
     * @param <E> what {@code rows} throws
     * @return the collection's state after the write: a new object after a compaction
     * @throws E from {@code rows}; when the graph had already changed, the caller's rollback discards it
     */
    public <E extends Exception> IndexedCollection write(IndexedCollection state, List<VectorRecord> records, boolean replace,
                                                         RowWrite<E> rows, GraphStorage graph, Runnable beforeGraphChange) throws E {
        requireVectors(state);
        int n = records.size();
        int[] nodes = new int[n];
        ExecutorService helper = n >= PARALLEL_MIN_RECORDS && (replace || noneLive(state, records)) ? builder() : null;
        if (helper == null) {
            long[] keys = rows.write();
            beforeGraphChange.run();
            state.beginWrite();
            addAll(state, records, replace, keys, nodes);
        } else {
            beforeGraphChange.run();
            state.beginWrite();
            Future<?> graphTask = helper.submit(() -> addAll(state, records, replace, null, nodes));
            long[] keys;
            try {
                keys = rows.write();
                persistWhileBuilding(state, graph, graphTask);
            } finally {
                HelperTasks.join(graphTask, "building the HNSW graph");
            }
            for (int i = 0; i < n; i++) {
                state.setKey(nodes[i], keys[i]);
            }
        }
        return flush(state, graph);
    }

    /**
     * Writes the nodes the helper has changed so far, every {@value #DRAIN_INTERVAL_MS} ms until it
     * is done, so that persisting the graph overlaps building it (a node changed again is written
     * again by a later drain or the final flush).
     */
    private static void persistWhileBuilding(IndexedCollection state, GraphStorage graph, Future<?> graphTask) {
        while (true) {
            try {
                graphTask.get(DRAIN_INTERVAL_MS, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                state.drainTo(graph);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // HelperTasks.join waits the build out and keeps the interrupt
            } catch (ExecutionException e) {
                return; // HelperTasks.join reports it
            }
        }
    }

    private static boolean noneLive(IndexedCollection state, List<VectorRecord> records) {
        for (VectorRecord r : records) {
            if (state.nodes().ordinal(r.id()) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static void addAll(IndexedCollection state, List<VectorRecord> records, boolean replace, long[] keys, int[] nodes) {
        for (int i = 0; i < records.size(); i++) {
            VectorRecord r = records.get(i);
            if (replace) {
                state.tombstone(r.id());
            }
            nodes[i] = state.add(r.id(), keys == null ? NodeMap.NO_KEY : keys[i], r.embedding());
        }
    }

    /**
     * Tombstones the nodes of deleted records and persists the change.
     *
     * @param state the collection's loaded state (with a graph)
     * @param ids the ids whose rows the caller deleted in its transaction
     * @param graph the graph storage of that transaction
     * @return the collection's state after the write: a new object after a compaction
     */
    public IndexedCollection delete(IndexedCollection state, Collection<String> ids, GraphStorage graph) {
        requireVectors(state);
        state.beginWrite();
        for (String id : ids) {
            state.tombstone(id);
        }
        return flush(state, graph);
    }

    /** Waits for a lazily loaded state's fill (see the class comment): the graph must not change while vectors are pending. */
    private static void requireVectors(IndexedCollection state) {
        if (state.vectorsPending() && !state.awaitVectors()) {
            throw new dev.agentdb.AgentDBException("the HNSW vectors of collection '" + state.name() + "' could not be loaded;"
                    + " nothing was written (retry: the collection is loaded again)");
        }
    }

    /** Persists the changed nodes, compacting first when tombstones are due (see the class comment). */
    private IndexedCollection flush(IndexedCollection state, GraphStorage graph) {
        int tombstones = state.tombstones();
        if (tombstones < COMPACT_MIN_TOMBSTONES || tombstones < COMPACT_TOMBSTONE_RATIO * state.liveCount()) {
            state.flush(graph);
            return state;
        }
        long started = System.nanoTime();
        IndexedCollection compacted = state.compacted(rowCacheBytes);
        graph.clear();
        graph.writeHeader(GraphHeader.of(compacted.index().config()));
        compacted.flushAll(graph);
        loaded.replace(state.name(), state, compacted);
        compactions.incrementAndGet();
        LOG.info("{}: compacted the HNSW graph of collection '{}': {} tombstones dropped, {} live nodes kept, in {} ms", backend,
                state.name(), tombstones, compacted.liveCount(), (System.nanoTime() - started) / 1_000_000);
        return compacted;
    }

    // ------------------------------------------------------------------ search

    /**
     * Runs a validated search ({@link IndexSearch}).
     *
     * @param state the collection's loaded state, or null for a collection without a graph
     * @param spec the collection's spec (dimension 1 or more)
     * @param request the validated request
     * @param reads the backend's reads for this search
     * @return up to k results, closest first
     */
    public List<SearchResult> search(IndexedCollection state, CollectionSpec spec, SearchRequest request, SearchReads reads) {
        try {
            return IndexSearch.search(state, spec, request, reads);
        } finally {
            if (state != null) {
                state.answered(); // a lazy load's fill waits for the first answer (see the class comment)
            }
        }
    }

    // ------------------------------------------------------------------ diagnostics

    /** @return how many times a state was loaded or rebuilt */
    public int loads() {
        return loads.get();
    }

    /** @return how many of those loads rebuilt the graph from the records */
    public int rebuilds() {
        return rebuilds.get();
    }

    /** @return how many compactions ran */
    public int compactions() {
        return compactions.get();
    }

    /** @return whether the most recent load rebuilt the graph */
    public boolean lastLoadRebuilt() {
        return lastLoadRebuilt;
    }

    /**
     * @param name a collection
     * @return whether its loaded state (if any) still waits for vectors (a lazy load whose fill runs)
     */
    public boolean vectorsPending(String name) {
        IndexedCollection s = loaded.get(name);
        return s != null && s.vectorsPending();
    }

    /**
     * @param name a collection
     * @return whether its state is loaded
     */
    public boolean isLoaded(String name) {
        return loaded.containsKey(name);
    }

    /**
     * Forgets every loaded state and stops the fills of lazily loaded ones, waiting for their threads
     * to end (at most {@value #FILL_STOP_MS} ms each; a fill stops at its next record); the engine stays usable.
     */
    public void close() {
        generations.values().forEach(AtomicLong::incrementAndGet);
        loaded.clear();
        fills.forEach(VectorFill::stop);
        for (VectorFill f : fills) {
            if (!f.stopAndJoin(FILL_STOP_MS)) {
                LOG.warn("{}: the vector fill of collection '{}' did not stop within {} ms", backend, f.collection(), FILL_STOP_MS);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static boolean hasGraph(CollectionSpec spec) {
        return spec.index().type() == IndexParams.IndexType.HNSW && spec.hasDimension();
    }

    private void warnSkipped(String name, CollectionSpec spec, long skipped) {
        if (skipped > 0) {
            LOG.warn("{}: collection '{}': {} records have embeddings whose length is not {} (its dimension); they are not indexed",
                    backend, name, skipped, spec.dimension());
        }
    }

    /** The shared helper threads for graph builds: one fewer than the cores (none on one core). */
    private static ExecutorService builder() {
        ExecutorService b = builder;
        if (b != null) {
            return b;
        }
        int threads = Runtime.getRuntime().availableProcessors() - 1;
        if (threads < 1) {
            return null;
        }
        synchronized (BUILDER_LOCK) {
            if (builder == null) {
                AtomicInteger n = new AtomicInteger();
                builder = Executors.newFixedThreadPool(Math.min(threads, 4), task -> {
                    Thread t = new Thread(task, "agentdb-graph-builder-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
            }
            return builder;
        }
    }
}
