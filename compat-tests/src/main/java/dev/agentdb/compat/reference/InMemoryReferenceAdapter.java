package dev.agentdb.compat.reference;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendType;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.CollectionStats;
import dev.agentdb.ConflictException;
import dev.agentdb.Metric;
import dev.agentdb.NotFoundException;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorRecord;
import dev.agentdb.compat.TestVectors;
import dev.agentdb.filter.Filter;
import dev.agentdb.filter.FilterValues;
import dev.agentdb.internal.Json;
import dev.agentdb.spi.Capability;
import dev.agentdb.spi.DatabaseAdapter;
import dev.agentdb.spi.StateStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The reference adapter: the smallest complete {@link DatabaseAdapter}, and the skeleton to copy
 * when writing a new one. It passes the whole compatibility kit, so each hook below shows what the
 * kit expects of that hook, without any database in the way: records live in sorted maps, filters
 * are evaluated by the portable oracle {@link Filter#test(Map)}, and every search is an exact
 * brute-force scan.
 *
 * <p>What the base class already does, so a hook never has to: validate names, ids, dimensions,
 * finite components, metadata size, {@code k}, {@code efSearch}, {@code probes}; assign generated ids
 * and timestamps; cache collection specs; fix the default collection's dimension on its first insert
 * (through {@link #doSetDimension}); refuse IVFFLAT without {@link Capability#IVFFLAT_INDEX} and
 * transactions without {@link Capability#TRANSACTIONS}. The hooks see valid input only.
 *
 * <p>What a real adapter changes, hook by hook:
 * <ul>
 *   <li>state: a connection pool opened in the constructor (or the provider), closed in
 *       {@link #close()}; collections as tables or documents, their specs in a registry table;</li>
 *   <li>{@link #doInsertBatch}/{@link #doUpsertBatch}/{@link #doReindex}: one database transaction
 *       each, so a failure writes nothing (the kit's batch-atomicity contract checks it);</li>
 *   <li>filters ({@link #doCount}, {@link #doDeleteWhere}, {@link #doSearch}): translated to the
 *       backend's query language by one translator class, values always bound, never spliced; the
 *       kit's {@code FilterCases} pin the semantics (missing keys, arrays, numbers vs strings);</li>
 *   <li>{@link #doSearch}: the backend's ANN index, or the shared in-house HNSW engine, returning
 *       the same scores and distances as {@link Metric} defines; a filtered search must read the
 *       matching ids and the result rows consistently (one snapshot), or writers flipping metadata
 *       can make it return records outside the filter (the kit's concurrency contract catches it);</li>
 *   <li>{@link #doTransaction}: a transaction bound to the calling thread that the other hooks join
 *       when called from that thread;</li>
 *   <li>{@link #capabilities()}: only what the backend really does; the kit skips, with a message,
 *       the tests of capabilities not declared, and checks that their calls are refused;</li>
 *   <li>read-only ({@link AgentDBConfig#readOnly()}, {@link Capability#READ_ONLY}): the base class
 *       refuses every write of the API before a hook runs; the adapter opens its connections
 *       read-only, writes nothing when it opens (no schema, no migration: a missing database or
 *       schema is an error, as in the constructor below), and refuses raw SQL that writes
 *       ({@link #requireWritable(String)}) and {@link #runMigration()}.</li>
 * </ul>
 *
 * <p>Durability here is per JVM: all state of one URL lives in a {@link Store} kept in a static map,
 * so closing and reopening the same URL reaches the same data, which is what {@link Capability#DURABLE}
 * lets the kit observe. Nothing is ever evicted from that map; the adapter is meant for tests.
 *
 * <p>Thread-safe: every hook holds the store's monitor; a transaction holds it for its whole
 * duration and restores a snapshot when the work throws. (One lock is the simplest correct answer;
 * a real backend relies on its own isolation instead.)
 *
 * <p>It is not registered with {@link java.util.ServiceLoader} by this jar, so {@code memref:} URLs
 * do not appear on the class path of every project that depends on the kit. Wire it explicitly,
 * {@code AgentDB.builder().adapter(new InMemoryReferenceAdapter(AgentDBConfig.of("memref:x"))).build()},
 * or register {@link InMemoryReferenceProvider} in a test's own
 * {@code META-INF/services/dev.agentdb.spi.AdapterProvider}.
 */
public final class InMemoryReferenceAdapter extends DatabaseAdapter {
    /** This adapter's backend identity: a third party names its own with {@link BackendType#of}. */
    public static final BackendType BACKEND = BackendType.of("memref");
    private static final Map<String, Store> STORES = new ConcurrentHashMap<>();
    /** Ids sort by Unicode code point, as every backend must return them from {@code scan}. */
    private static final Comparator<String> CODE_POINT_ORDER = FilterValues::compareCodePoints;

    private final Store store;

    /** All collections and state of one URL. */
    static final class Store {
        TreeMap<String, Coll> collections = new TreeMap<>();
        EnumMap<StateStore, TreeMap<String, String>> state = emptyState();

        static EnumMap<StateStore, TreeMap<String, String>> emptyState() {
            EnumMap<StateStore, TreeMap<String, String>> out = new EnumMap<>(StateStore.class);
            for (StateStore s : StateStore.values()) {
                out.put(s, new TreeMap<>());
            }
            return out;
        }

        EnumMap<StateStore, TreeMap<String, String>> copyState() {
            EnumMap<StateStore, TreeMap<String, String>> out = new EnumMap<>(StateStore.class);
            state.forEach((s, m) -> out.put(s, new TreeMap<>(m)));
            return out;
        }

        TreeMap<String, Coll> copy() {
            TreeMap<String, Coll> out = new TreeMap<>();
            collections.forEach((name, c) -> out.put(name, c.copy()));
            return out;
        }
    }

    /** One collection: its spec and its records by id. */
    static final class Coll {
        CollectionSpec spec;
        final TreeMap<String, VectorRecord> records = new TreeMap<>(CODE_POINT_ORDER);

        Coll(CollectionSpec spec) {
            this.spec = spec;
        }

        Coll copy() {
            Coll c = new Coll(spec);
            c.records.putAll(records);
            return c;
        }
    }

    /**
     * Opens the store of a URL, creating it on first use unless read-only. A real adapter connects
     * here (or receives a pool from its provider) and runs its schema migration when
     * {@link AgentDBConfig#autoMigrate()} and not {@link AgentDBConfig#readOnly()}.
     *
     * @param config the configuration; its URL (any string, e.g. {@code memref:test-1}) names the store
     * @throws BackendUnavailableException when read-only and no store of that URL exists (nothing is created)
     */
    public InMemoryReferenceAdapter(AgentDBConfig config) {
        super(config);
        if (config.readOnly()) {
            this.store = STORES.get(config.url());
            if (store == null) {
                throw new BackendUnavailableException("no database '" + config.url() + "': a database opened read-only is never created");
            }
        } else {
            this.store = STORES.computeIfAbsent(config.url(), u -> new Store());
        }
    }

    @Override
    public BackendType backendType() {
        return BACKEND;
    }

    /**
     * Transactions (one lock and a snapshot), durability (per JVM, see the class comment) and read-only
     * handles on an existing store; no ANN index.
     */
    @Override
    public Set<Capability> capabilities() {
        return Set.copyOf(EnumSet.of(Capability.TRANSACTIONS, Capability.DURABLE, Capability.READ_ONLY));
    }

    /** No schema to migrate: always version 1; refused when read-only, as every migration is. */
    @Override
    public int runMigration() {
        requireWritable("migrate the schema of '" + config().url() + "'");
        return 1;
    }

    @Override
    public int getMigrationVersion() {
        return 1;
    }

    /** Nothing to release: the store outlives the adapter on purpose, so reopening the URL reaches it. */
    @Override
    public void close() {
        // a real adapter closes its pool here (idempotently)
    }

    /** The base class checked that the collection exists; a concurrent drop may still remove it. */
    private Coll coll(String name) {
        Coll c = store.collections.get(name);
        if (c == null) {
            throw new NotFoundException("collection '" + name + "' does not exist");
        }
        return c;
    }

    /** A defensive, JSON-normalised copy, as a real backend's round trip would give (used in and out). */
    private static VectorRecord copy(VectorRecord r) {
        return new VectorRecord(r.id(), r.embedding().clone(), Json.readObject(Json.write(r.metadata())), r.text(),
                r.timestamp());
    }

    @Override
    protected void doCreateCollection(String name, CollectionSpec spec) {
        synchronized (store) {
            store.collections.putIfAbsent(name, new Coll(spec));
        }
    }

    @Override
    protected boolean doDropCollection(String name) {
        synchronized (store) {
            return store.collections.remove(name) != null;
        }
    }

    @Override
    protected Optional<CollectionSpec> doCollectionSpec(String name) {
        synchronized (store) {
            Coll c = store.collections.get(name);
            return c == null ? Optional.empty() : Optional.of(c.spec);
        }
    }

    @Override
    protected List<CollectionInfo> doListCollections() {
        synchronized (store) {
            List<CollectionInfo> out = new ArrayList<>();
            store.collections.forEach((name, c) -> out.add(new CollectionInfo(name, c.spec)));
            return out;
        }
    }

    /** Only the spec changes: every search here is an exact scan, whatever the index parameters. */
    @Override
    protected void doReindex(String collection, CollectionSpec newSpec) {
        synchronized (store) {
            coll(collection).spec = newSpec;
        }
    }

    @Override
    protected void doSetDimension(String name, int dimension) {
        synchronized (store) {
            Coll c = coll(name);
            c.spec = c.spec.withDimension(dimension);
        }
    }

    /** Checks every id before writing any, so a conflict writes nothing (all or none). */
    @Override
    protected void doInsertBatch(String collection, List<VectorRecord> records) {
        synchronized (store) {
            Coll c = coll(collection);
            for (VectorRecord r : records) {
                if (c.records.containsKey(r.id())) {
                    throw new ConflictException("record '" + r.id() + "' already exists in collection '" + collection + "'");
                }
            }
            for (VectorRecord r : records) {
                c.records.put(r.id(), copy(r));
            }
        }
    }

    @Override
    protected void doUpsertBatch(String collection, List<VectorRecord> records) {
        synchronized (store) {
            Coll c = coll(collection);
            for (VectorRecord r : records) {
                c.records.put(r.id(), copy(r));
            }
        }
    }

    @Override
    protected Optional<VectorRecord> doGet(String collection, String id) {
        synchronized (store) {
            return Optional.ofNullable(coll(collection).records.get(id)).map(InMemoryReferenceAdapter::copy);
        }
    }

    @Override
    protected boolean doDelete(String collection, String id) {
        synchronized (store) {
            return coll(collection).records.remove(id) != null;
        }
    }

    @Override
    protected long doDeleteWhere(String collection, Filter filter) {
        synchronized (store) {
            long n = 0;
            for (Iterator<VectorRecord> it = coll(collection).records.values().iterator(); it.hasNext(); ) {
                if (filter.test(it.next().metadata())) {
                    it.remove();
                    n++;
                }
            }
            return n;
        }
    }

    @Override
    protected long doCount(String collection, Filter filter) {
        synchronized (store) {
            return coll(collection).records.values().stream().filter(r -> filter == null || filter.test(r.metadata())).count();
        }
    }

    @Override
    protected List<VectorRecord> doScan(String collection, String afterId, int limit) {
        synchronized (store) {
            TreeMap<String, VectorRecord> records = coll(collection).records;
            List<VectorRecord> out = new ArrayList<>();
            for (VectorRecord r : (afterId == null ? records : records.tailMap(afterId, false)).values()) {
                if (out.size() == limit) {
                    break;
                }
                out.add(copy(r));
            }
            return out;
        }
    }

    /**
     * Exact search: filter, distance per {@link Metric} (the kit's ground truth,
     * {@link TestVectors#distance}; a real adapter computes it in its backend or engine), threshold on
     * the score, then the k closest, ties broken by id. The filter and the rows are read under one lock, so a result always
     * satisfies the filter even while other threads upsert.
     */
    @Override
    protected List<SearchResult> doSearch(String collection, CollectionSpec spec, SearchRequest request) {
        Metric metric = request.metric() != null ? request.metric() : spec.metric();
        List<SearchResult> all = new ArrayList<>();
        synchronized (store) {
            for (VectorRecord r : coll(collection).records.values()) {
                if (request.filter() != null && !request.filter().test(r.metadata())) {
                    continue;
                }
                double distance = TestVectors.distance(metric, request.vector(), r.embedding());
                double score = metric.scoreOf(distance);
                if (request.threshold() != null && score < request.threshold()) {
                    continue;
                }
                all.add(new SearchResult(r.id(), score, distance, copy(r).metadata(), r.text(),
                        request.includeVectors() ? r.embedding().clone() : null));
            }
        }
        all.sort(Comparator.comparingDouble(SearchResult::distance).thenComparing(SearchResult::id, CODE_POINT_ORDER));
        return all.size() > request.k() ? new ArrayList<>(all.subList(0, request.k())) : all;
    }

    /** Bytes on disk unknown (-1); no ANN index, so nothing is indexed (0). */
    @Override
    protected CollectionStats doStats(String collection) {
        synchronized (store) {
            Coll c = coll(collection);
            return new CollectionStats(collection, c.records.size(), c.spec.dimension(), c.spec.metric(), c.spec.index(),
                    -1, 0, CollectionStats.NONE);
        }
    }

    /**
     * Holds the lock for the whole work (the hooks called inside re-enter it from the same thread,
     * which is how they join the transaction) and restores a snapshot when the work throws.
     */
    @Override
    protected <T> T doTransaction(Supplier<T> work) {
        synchronized (store) {
            TreeMap<String, Coll> snapshot = store.copy();
            EnumMap<StateStore, TreeMap<String, String>> stateSnapshot = store.copyState();
            try {
                return work.get();
            } catch (RuntimeException | Error e) {
                store.collections = snapshot;
                store.state = stateSnapshot;
                throw e;
            }
        }
    }

    @Override
    protected Optional<String> doReadState(StateStore which, String key) {
        synchronized (store) {
            return Optional.ofNullable(store.state.get(which).get(key));
        }
    }

    @Override
    protected void doWriteState(StateStore which, String key, String value) {
        synchronized (store) {
            store.state.get(which).put(key, value);
        }
    }

    @Override
    protected boolean doDeleteState(StateStore which, String key) {
        synchronized (store) {
            return store.state.get(which).remove(key) != null;
        }
    }

    /** A real adapter runs a trivial query here ({@code SELECT 1}) and returns the server version. */
    @Override
    protected String doPing() {
        return "in-memory reference";
    }
}
