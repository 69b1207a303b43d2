package dev.agentdb.sharding;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.AgentDBException;
import dev.agentdb.BackendType;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.CollectionStats;
import dev.agentdb.ConflictException;
import dev.agentdb.FindRequest;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.Sort;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.filter.FilterValues;
import dev.agentdb.spi.Capability;
import dev.agentdb.spi.DatabaseAdapter;
import dev.agentdb.spi.StateStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One logical database over several databases of one backend (its shards), each opened by that
 * backend's own adapter. A record lives on the shard its id is placed on ({@link ShardRing}:
 * rendezvous hashing, so adding a shard moves about 1/n of the records); every collection, with its
 * spec, exists on every shard.
 *
 * <ul>
 *   <li>Single-id operations ({@code get}, {@code delete}) go to the id's shard; batches are split by
 *       shard and the parts written in parallel; state values go to the shard of their key.</li>
 *   <li>{@code count}, {@code deleteWhere}, {@code scan}, {@code find} and {@code search} run on every
 *       shard in parallel and are merged as one database would answer: counts summed; scans merged by
 *       id (code point order); finds asked for {@code offset + limit} rows of each shard and merged in
 *       the order of {@link Sort#comparator}; searches asked for k of each shard (the same request,
 *       filter and threshold included) and merged by (distance, id). Every shard's top k together hold
 *       the global top k, so a merged search is exactly the search of one database holding every row
 *       (approximate only as each shard's index is).</li>
 *   <li>Atomicity: a batch is atomic on each shard (the backend's rule). {@code insertBatch} is
 *       all-or-nothing across shards too while the process lives: when one shard's part fails, the
 *       parts already written elsewhere are deleted again (they were new ids) before the error is
 *       rethrown; a process killed in between can leave them. {@code upsertBatch}, {@code deleteWhere},
 *       {@code createCollection}, {@code dropCollection} and {@code reindex} are atomic per shard only:
 *       after a failure, repeating the same call completes it (each is idempotent).</li>
 *   <li>No transactions across shards: {@link Capability#TRANSACTIONS} and {@link Capability#RAW_SQL}
 *       are never declared; the others are declared when every shard declares them.</li>
 *   <li>The ring is recorded in every shard (state key {@value #RING_KEY}: the sorted shard names) and
 *       checked at open, with the schema version: a shard listed that belongs to another ring, or whose
 *       version differs, is refused with a {@link BackendUnavailableException} naming it, since rows
 *       placed for one set of shards are not found with another. To add or remove a shard, migrate
 *       the data into a new set of databases ({@code agentdb migrate}).</li>
 * </ul>
 *
 * <p>Thread-safe as the shard adapters are. Fan-out runs on a pool of daemon threads (one per shard,
 * created when needed), shut down by {@link #close()}.
 */
public final class ShardedAdapter extends DatabaseAdapter {
    /** The state key ({@link StateStore#ENGINE}) under which each shard records the ring it belongs to. */
    public static final String RING_KEY = "sharding/ring";

    private static final Comparator<SearchResult> BY_DISTANCE = Comparator.comparingDouble(SearchResult::distance)
            .thenComparing(SearchResult::id, FilterValues::compareCodePoints);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ShardRing ring;
    private final List<DatabaseAdapter> shards;
    private final BackendType backendType;
    private final Set<Capability> capabilities;
    private final ExecutorService fanOut;

    /**
     * Opens the sharded database over shards already open, and checks (and, on a writable database
     * whose shards recorded none yet, records) the ring.
     *
     * @param config the configuration of the sharded database (its read-only flag applies to it as a
     *               whole; the shards should be opened with the same)
     * @param shards each shard's name (for D1, the database id) and its open adapter; 1 or more, all of
     *               one backend type; this adapter owns and closes them (also when this constructor throws)
     * @throws InvalidInputException naming {@code shards} for none, blank or equal names, or shards of
     *         different backends
     * @throws BackendUnavailableException when a shard belongs to another ring or has another schema version,
     *         or a read-only database's shards recorded no ring
     */
    public ShardedAdapter(AgentDBConfig config, Map<String, DatabaseAdapter> shards) {
        super(config);
        try {
            this.ring = new ShardRing(Objects.requireNonNull(shards, "shards").keySet());
            List<DatabaseAdapter> ordered = new ArrayList<>();
            for (String name : ring.names()) {
                ordered.add(Objects.requireNonNull(shards.get(name), "shard " + name));
            }
            this.shards = List.copyOf(ordered);
            this.backendType = this.shards.get(0).backendType();
            Set<Capability> common = EnumSet.allOf(Capability.class);
            for (DatabaseAdapter s : this.shards) {
                if (!s.backendType().equals(backendType)) {
                    throw new InvalidInputException("shards", "all shards must be of one backend; found " + backendType + " and "
                            + s.backendType());
                }
                common.retainAll(s.capabilities());
            }
            common.remove(Capability.TRANSACTIONS);
            common.remove(Capability.RAW_SQL);
            this.capabilities = Set.copyOf(common);
            int pool = POOLS.incrementAndGet();
            this.fanOut = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "agentdb-shards-" + pool);
                t.setDaemon(true);
                return t;
            });
            checkShards();
        } catch (RuntimeException e) {
            throw closeAll(shards.values(), e);
        }
    }

    /**
     * Closes adapters, also when one fails.
     *
     * @param adapters the adapters to close
     * @param failure the exception to add their failures to as suppressed, or null
     * @return {@code failure}, or the first close failure when it was null (with the later ones
     *         suppressed), or null when there was neither
     */
    public static RuntimeException closeAll(Iterable<DatabaseAdapter> adapters, RuntimeException failure) {
        for (DatabaseAdapter a : adapters) {
            try {
                a.close();
            } catch (RuntimeException e) {
                failure = collect(failure, e);
            }
        }
        return failure;
    }

    /** @return {@code failure} with {@code e} suppressed in it, or {@code e} when there was none yet */
    private static RuntimeException collect(RuntimeException failure, RuntimeException e) {
        if (failure == null) {
            return e;
        }
        failure.addSuppressed(e);
        return failure;
    }

    /** Same schema version everywhere; the same ring recorded everywhere (recorded now where none is). */
    private void checkShards() {
        List<Integer> versions = onEach(DatabaseAdapter::getMigrationVersion);
        for (int i = 1; i < versions.size(); i++) {
            if (!versions.get(i).equals(versions.get(0))) {
                throw new BackendUnavailableException("shard '" + ring.names().get(i) + "' is at schema version " + versions.get(i)
                        + ", shard '" + ring.names().get(0) + "' at " + versions.get(0) + "; every shard must be at one version");
            }
        }
        String expected = ring.toString();
        List<Optional<String>> recorded = onEach(s -> s.readState(StateStore.ENGINE, RING_KEY));
        for (int i = 0; i < shards.size(); i++) {
            Optional<String> have = recorded.get(i);
            if (have.isPresent() && !have.get().equals(expected)) {
                throw new BackendUnavailableException("shard '" + ring.names().get(i) + "' belongs to the shard set " + have.get()
                        + ", not to " + expected + ": rows are placed by the set of shards, so a set cannot gain or lose one in place;"
                        + " migrate the data into a new set of databases (agentdb migrate)");
            }
            if (have.isEmpty()) {
                if (readOnly()) {
                    throw new BackendUnavailableException("shard '" + ring.names().get(i) + "' records no shard set and the database"
                            + " is opened read-only; open it once writable to record " + expected);
                }
                shards.get(i).writeState(StateStore.ENGINE, RING_KEY, expected);
            }
        }
    }

    /** @return the ring: the shards' names and the placement of ids */
    public ShardRing ring() {
        return ring;
    }

    /** @return the shards' adapters, in the order of {@link ShardRing#names()} */
    public List<DatabaseAdapter> shards() {
        return shards;
    }

    @Override
    public BackendType backendType() {
        return backendType;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    // ------------------------------------------------------------------ collections

    @Override
    protected void doCreateCollection(String name, CollectionSpec spec) {
        onEach(s -> s.createCollection(name, spec)); // idempotent per shard: a repeated call completes a failed one
    }

    @Override
    protected boolean doDropCollection(String name) {
        return onEach(s -> s.dropCollection(name)).contains(true);
    }

    /** Present only when every shard has it, so that a create that failed part-way is completed by the next. */
    @Override
    protected Optional<CollectionSpec> doCollectionSpec(String name) {
        List<Optional<CollectionSpec>> specs = onEach(s -> s.collectionSpec(name));
        Optional<CollectionSpec> first = specs.get(0);
        for (int i = 0; i < specs.size(); i++) {
            Optional<CollectionSpec> spec = specs.get(i);
            if (spec.isEmpty()) {
                return Optional.empty();
            }
            if (!spec.get().equals(first.orElseThrow())) {
                throw new ConflictException("collection '" + name + "' has the spec " + spec.get() + " on shard '" + ring.names().get(i)
                        + "' and " + first.get() + " on shard '" + ring.names().get(0) + "'");
            }
        }
        return first;
    }

    /** Every collection any shard has (one a failed create or drop left on some shards too: repeat that call). */
    @Override
    protected List<CollectionInfo> doListCollections() {
        Map<String, CollectionInfo> all = new TreeMap<>();
        for (List<CollectionInfo> list : onEach(DatabaseAdapter::listCollections)) {
            for (CollectionInfo c : list) {
                all.putIfAbsent(c.name(), c);
            }
        }
        return new ArrayList<>(all.values());
    }

    @Override
    protected void doSetDimension(String name, int dimension) {
        CollectionSpec spec = collectionSpec(name).orElseThrow();
        onEach(s -> s.createCollection(name, spec.withDimension(dimension))); // records it where it is not yet
    }

    @Override
    protected void doReindex(String collection, CollectionSpec newSpec) {
        onEach(s -> s.reindex(collection, newSpec.index()));
    }

    // ------------------------------------------------------------------ records

    @Override
    protected void doInsertBatch(String collection, List<VectorRecord> records) {
        Map<Integer, List<VectorRecord>> parts = split(records);
        List<Integer> order = new ArrayList<>(parts.keySet());
        List<Future<List<String>>> running = new ArrayList<>();
        for (int shard : order) {
            running.add(fanOut.submit(() -> shards.get(shard).insertBatch(collection, parts.get(shard))));
        }
        RuntimeException failure = null;
        List<Integer> written = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            try {
                join(running.get(i));
                written.add(order.get(i));
            } catch (RuntimeException e) {
                failure = collect(failure, e);
            }
        }
        if (failure == null) {
            return;
        }
        for (int shard : written) { // all-or-nothing: take back the parts other shards took
            for (VectorRecord r : parts.get(shard)) {
                try {
                    shards.get(shard).delete(collection, r.id());
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }

    @Override
    protected void doUpsertBatch(String collection, List<VectorRecord> records) {
        Map<Integer, List<VectorRecord>> parts = split(records);
        List<Future<List<String>>> running = new ArrayList<>();
        parts.forEach((shard, part) -> running.add(fanOut.submit(() -> shards.get(shard).upsertBatch(collection, part))));
        joinAll(running);
    }

    @Override
    protected Optional<VectorRecord> doGet(String collection, String id) {
        return shardOf(id).get(collection, id);
    }

    @Override
    protected boolean doDelete(String collection, String id) {
        return shardOf(id).delete(collection, id);
    }

    @Override
    protected long doDeleteWhere(String collection, Filter filter) {
        return onEach(s -> s.deleteWhere(collection, filter)).stream().mapToLong(Long::longValue).sum();
    }

    @Override
    protected long doCount(String collection, Filter filter) {
        return onEach(s -> s.count(collection, filter)).stream().mapToLong(Long::longValue).sum();
    }

    @Override
    protected List<VectorRecord> doScan(String collection, String afterId, int limit) {
        List<VectorRecord> all = new ArrayList<>();
        onEach(s -> s.scan(collection, afterId, limit)).forEach(all::addAll);
        all.sort(Comparator.comparing(VectorRecord::id, FilterValues::compareCodePoints));
        return all.size() > limit ? new ArrayList<>(all.subList(0, limit)) : all;
    }

    /**
     * Each shard's first {@code offset + limit} rows in the request's order, merged in that order; past
     * {@link Limits#MAX_FIND_LIMIT} rows per shard, the bounded scan of {@link DatabaseAdapter}.
     */
    @Override
    protected List<VectorRecord> doFind(String collection, FindRequest request) {
        long wanted = request.offset() + request.limit();
        if (wanted > Limits.MAX_FIND_LIMIT) {
            return super.doFind(collection, request);
        }
        FindRequest.Builder each = FindRequest.builder().filter(request.filter()).limit((int) wanted);
        if (!request.sort().isEmpty()) {
            each.sort(request.sort().toArray(new Sort[0]));
        }
        FindRequest perShard = each.build();
        List<VectorRecord> all = new ArrayList<>();
        onEach(s -> s.find(collection, perShard)).forEach(all::addAll);
        all.sort(Sort.comparator(request.sort()));
        int from = (int) Math.min(all.size(), request.offset());
        return new ArrayList<>(all.subList(from, Math.min(all.size(), from + request.limit())));
    }

    @Override
    protected List<SearchResult> doSearch(String collection, CollectionSpec spec, SearchRequest request) {
        List<SearchResult> all = new ArrayList<>();
        onEach(s -> s.search(collection, request)).forEach(all::addAll);
        all.sort(BY_DISTANCE);
        return all.size() > request.k() ? new ArrayList<>(all.subList(0, request.k())) : all;
    }

    /** Counts and bytes summed over the shards; spec and index implementation as the first shard reports them. */
    @Override
    protected CollectionStats doStats(String collection) {
        List<CollectionStats> all = onEach(s -> s.stats(collection));
        CollectionStats first = all.get(0);
        long count = 0;
        long indexed = 0;
        long bytes = 0;
        for (CollectionStats s : all) {
            count += s.count();
            indexed += s.indexedCount();
            bytes = bytes < 0 || s.bytesOnDisk() < 0 ? -1 : bytes + s.bytesOnDisk();
        }
        return new CollectionStats(first.name(), count, first.dimension(), first.metric(), first.index(), bytes, indexed,
                first.indexImplementation());
    }

    // ------------------------------------------------------------------ state, schema, health

    @Override
    protected Optional<String> doReadState(StateStore store, String key) {
        return shardOf(key).readState(store, key);
    }

    @Override
    protected void doWriteState(StateStore store, String key, String value) {
        shardOf(key).writeState(store, key, value);
    }

    @Override
    protected boolean doDeleteState(StateStore store, String key) {
        return shardOf(key).deleteState(store, key);
    }

    /**
     * @return the schema version of every shard after migrating each
     * @throws dev.agentdb.ReadOnlyException on a read-only database
     */
    @Override
    public int runMigration() {
        requireWritable("migrate the schema");
        return onEach(DatabaseAdapter::runMigration).stream().mapToInt(Integer::intValue).min().orElseThrow();
    }

    /** @return the lowest schema version of the shards (they are checked to be equal at open) */
    @Override
    public int getMigrationVersion() {
        return onEach(DatabaseAdapter::getMigrationVersion).stream().mapToInt(Integer::intValue).min().orElseThrow();
    }

    @Override
    protected String doPing() {
        List<String> details = onEach(s -> {
            var h = s.health();
            if (!h.up()) {
                throw new BackendUnavailableException("shard is down: " + h.detail());
            }
            return h.detail();
        });
        return shards.size() + " shards " + ring + (details.isEmpty() ? "" : ": " + details.get(0));
    }

    /** Closes every shard (also when one fails: the first failure is thrown after, the others suppressed) and the fan-out threads. */
    @Override
    public void close() {
        fanOut.shutdownNow();
        RuntimeException failure = closeAll(shards, null);
        if (failure != null) {
            throw failure;
        }
    }

    // ------------------------------------------------------------------ fan-out

    private DatabaseAdapter shardOf(String key) {
        return shards.get(ring.shardOf(key));
    }

    /** @return the records by shard index, each part in the batch's order */
    private Map<Integer, List<VectorRecord>> split(List<VectorRecord> records) {
        Map<Integer, List<VectorRecord>> parts = new LinkedHashMap<>();
        for (VectorRecord r : records) {
            parts.computeIfAbsent(ring.shardOf(r.id()), k -> new ArrayList<>()).add(r);
        }
        return parts;
    }

    /** Runs work on every shard, in parallel when there are several; results in shard order; the first failure is thrown. */
    private <T> List<T> onEach(Function<DatabaseAdapter, T> work) {
        if (shards.size() == 1) {
            return List.of(work.apply(shards.get(0)));
        }
        List<Future<T>> running = new ArrayList<>();
        for (DatabaseAdapter s : shards) {
            running.add(fanOut.submit(() -> work.apply(s)));
        }
        return joinAll(running);
    }

    /** @return every result, in order, once all have finished; the first failure thrown, the others suppressed in it */
    private static <T> List<T> joinAll(List<? extends Future<T>> running) {
        List<T> out = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<T> f : running) {
            try {
                out.add(join(f));
            } catch (RuntimeException e) {
                failure = collect(failure, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    /** Waits for a shard's work; its exception is rethrown as it was (an AgentDB exception stays one). */
    private static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new AgentDBException("interrupted while waiting for a shard", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new AgentDBException("a shard failed: " + cause, cause);
        }
    }
}
