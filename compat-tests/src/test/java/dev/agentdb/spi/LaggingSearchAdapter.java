package dev.agentdb.spi;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendType;
import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.CollectionStats;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorRecord;
import dev.agentdb.compat.reference.InMemoryReferenceAdapter;
import dev.agentdb.filter.Filter;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A test double of an eventually consistent search index: the reference adapter, except that
 * searches outside a transaction see only what {@link #publish(String)} last copied into a
 * separate search view. A kit test that searches after writing without calling
 * {@code awaitSearchable} (which publishes) fails on it, which is how the kit's own tests prove
 * that every contract calls the hook wherever it relies on search seeing its writes.
 *
 * <p>Inside a transaction, searches read the records themselves (a transaction sees its own
 * writes; the kit never waits inside one). Lives in {@code dev.agentdb.spi} to call the reference
 * adapter's protected hooks directly, so that no validation or spec cache runs twice.
 */
public final class LaggingSearchAdapter extends DatabaseAdapter {
    private static final int PAGE = 10_000;
    private static final ThreadLocal<Boolean> IN_TRANSACTION = ThreadLocal.withInitial(() -> false);

    // Typed as DatabaseAdapter: its protected hooks are accessible from this package.
    private final DatabaseAdapter records;
    private final DatabaseAdapter searchView;

    /** @param url names the data, e.g. {@code memlag:<uuid>}; the same URL reaches the same data and view */
    public LaggingSearchAdapter(String url) {
        this(AgentDBConfig.of(url));
    }

    /**
     * @param config its URL names the data, e.g. {@code memlag:<uuid>}; the same URL reaches the same
     *               data and view; {@link AgentDBConfig#readOnly()} opens an existing one read-only
     */
    public LaggingSearchAdapter(AgentDBConfig config) {
        super(config);
        this.records = new InMemoryReferenceAdapter(config);
        this.searchView = new InMemoryReferenceAdapter(AgentDBConfig.builder(config.url() + "/search-view")
                .readOnly(config.readOnly()).build());
    }

    /**
     * Makes a collection's current records (or its absence) what searches see.
     *
     * @param collection the collection name
     * @return the number of records now searchable
     */
    public long publish(String collection) {
        searchView.doDropCollection(collection);
        Optional<CollectionSpec> spec = records.doCollectionSpec(collection);
        if (spec.isEmpty()) {
            return 0;
        }
        searchView.doCreateCollection(collection, spec.get());
        long n = 0;
        String after = null;
        while (true) {
            List<VectorRecord> page = records.doScan(collection, after, PAGE);
            if (page.isEmpty()) {
                return n;
            }
            searchView.doUpsertBatch(collection, page);
            n += page.size();
            after = page.get(page.size() - 1).id();
        }
    }

    @Override
    protected List<SearchResult> doSearch(String collection, CollectionSpec spec, SearchRequest request) {
        if (IN_TRANSACTION.get()) {
            return records.doSearch(collection, spec, request);
        }
        Optional<CollectionSpec> published = searchView.doCollectionSpec(collection);
        if (published.isEmpty() || published.get().dimension() != spec.dimension()) {
            return List.of(); // not indexed yet
        }
        return searchView.doSearch(collection, spec, request);
    }

    @Override
    protected <T> T doTransaction(Supplier<T> work) {
        return records.doTransaction(() -> {
            IN_TRANSACTION.set(true);
            try {
                return work.get();
            } finally {
                IN_TRANSACTION.set(false);
            }
        });
    }

    @Override
    public BackendType backendType() {
        return BackendType.of("memlag");
    }

    @Override
    public Set<Capability> capabilities() {
        return records.capabilities();
    }

    @Override
    public int runMigration() {
        return records.runMigration();
    }

    @Override
    public int getMigrationVersion() {
        return records.getMigrationVersion();
    }

    @Override
    public void close() {
        records.close();
        searchView.close();
    }

    @Override
    protected void doCreateCollection(String name, CollectionSpec spec) {
        records.doCreateCollection(name, spec);
    }

    @Override
    protected boolean doDropCollection(String name) {
        return records.doDropCollection(name);
    }

    @Override
    protected Optional<CollectionSpec> doCollectionSpec(String name) {
        return records.doCollectionSpec(name);
    }

    @Override
    protected List<CollectionInfo> doListCollections() {
        return records.doListCollections();
    }

    @Override
    protected void doSetDimension(String name, int dimension) {
        records.doSetDimension(name, dimension);
    }

    @Override
    protected void doInsertBatch(String collection, List<VectorRecord> batch) {
        records.doInsertBatch(collection, batch);
    }

    @Override
    protected void doUpsertBatch(String collection, List<VectorRecord> batch) {
        records.doUpsertBatch(collection, batch);
    }

    @Override
    protected Optional<VectorRecord> doGet(String collection, String id) {
        return records.doGet(collection, id);
    }

    @Override
    protected boolean doDelete(String collection, String id) {
        return records.doDelete(collection, id);
    }

    @Override
    protected long doDeleteWhere(String collection, Filter filter) {
        return records.doDeleteWhere(collection, filter);
    }

    @Override
    protected long doCount(String collection, Filter filter) {
        return records.doCount(collection, filter);
    }

    @Override
    protected List<VectorRecord> doScan(String collection, String afterId, int limit) {
        return records.doScan(collection, afterId, limit);
    }

    @Override
    protected CollectionStats doStats(String collection) {
        return records.doStats(collection);
    }

    @Override
    protected void doReindex(String collection, CollectionSpec newSpec) {
        records.doReindex(collection, newSpec);
    }

    @Override
    protected Optional<String> doReadState(StateStore store, String key) {
        return records.doReadState(store, key);
    }

    @Override
    protected void doWriteState(StateStore store, String key, String value) {
        records.doWriteState(store, key, value);
    }

    @Override
    protected boolean doDeleteState(StateStore store, String key) {
        return records.doDeleteState(store, key);
    }

    @Override
    protected String doPing() {
        return records.doPing();
    }
}
