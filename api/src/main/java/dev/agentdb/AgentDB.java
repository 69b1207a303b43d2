package dev.agentdb;

import dev.agentdb.internal.AdapterRegistry;
import dev.agentdb.internal.Validation;
import dev.agentdb.observation.Operation;
import dev.agentdb.observation.OperationObserver;
import dev.agentdb.spi.Capability;
import dev.agentdb.spi.DatabaseAdapter;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The entry point: vector collections (and, built on them, agent memory) over one backend.
 * Thread-safe; open once per database and share it; close it to release connections.
 *
 * <pre>{@code
 * try (AgentDB db = AgentDB.open("sqlite:./agent.db")) {
 *     VectorCollection docs = db.createCollection("docs", CollectionSpec.of(384, Metric.COSINE));
 *     docs.insert(VectorRecord.of("a", embedding, Map.of("category", "tech")));
 *     List<SearchResult> hits = docs.search(SearchRequest.builder(query).k(5)
 *             .filter(Filter.eq("category", "tech")).build());
 * }
 * }</pre>
 *
 * <p>The backend is chosen by the URL's scheme among the {@link dev.agentdb.spi.AdapterProvider}s on
 * the class path ({@code sqlite:}, and with more adapters {@code postgresql:}, {@code mysql:}, ...),
 * or wired explicitly with {@link #builder()}.
 *
 * <p>Read-only: {@code AgentDB.open(AgentDBConfig.builder(url).readOnly(true).build())} (or
 * {@code sqlite:./agent.db?mode=ro}) opens an existing database without writing anything and refuses
 * every write with {@link ReadOnlyException}; see {@link AgentDBConfig.Builder#readOnly(boolean)}.
 */
public final class AgentDB implements AutoCloseable {
    /** The default collection: the AgentDB v1 {@code vectors} table on SQLite. */
    public static final String DEFAULT_COLLECTION = DatabaseAdapter.DEFAULT_COLLECTION;

    private final DatabaseAdapter adapter;
    private final OperationObserver observer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AgentDB(DatabaseAdapter adapter, OperationObserver observer) {
        if (adapter.readOnly() && !adapter.capabilities().contains(Capability.READ_ONLY)) {
            adapter.close();
            throw new UnsupportedFeatureException(Capability.READ_ONLY, adapter.backendType().name());
        }
        this.adapter = adapter;
        this.observer = observer;
    }

    /** Runs a database-level call through the observer (see {@link VectorCollection}'s). */
    private <T> T observed(String operation, String collection, CollectionSpec spec, Supplier<T> work) {
        if (observer == OperationObserver.NONE) {
            return work.get();
        }
        return observer.observe(Operation.of(operation, adapter.backendType().name(), collection, spec, 0, 0), work);
    }

    /**
     * Opens the backend named by a URL with default options.
     *
     * @param url e.g. {@code sqlite:./agent.db} or {@code sqlite::memory:}
     * @return an open database
     * @throws InvalidInputException when the URL has no scheme or is malformed
     * @throws BackendUnavailableException when no adapter handles the scheme (the message lists
     *         those available) or the backend cannot be opened
     */
    public static AgentDB open(String url) {
        return open(AgentDBConfig.of(url));
    }

    /**
     * Opens the backend named by a configuration.
     *
     * @param config the configuration
     * @return an open database
     * @throws BackendUnavailableException when no adapter handles the URL or the backend cannot be opened
     *         (for {@link AgentDBConfig#readOnly()}: also a missing database, or one without an AgentDB schema)
     * @throws ConflictException when two adapters claim the URL at the same priority
     * @throws ReadOnlyException for {@link AgentDBConfig#readOnly()} when the stored schema needs an
     *         upgrade, which only a read-write open performs
     * @throws UnsupportedFeatureException for {@link AgentDBConfig#readOnly()} when the adapter lacks
     *         {@link Capability#READ_ONLY}
     */
    public static AgentDB open(AgentDBConfig config) {
        if (config == null) {
            throw new InvalidInputException("config", "must not be null");
        }
        return new AgentDB(AdapterRegistry.open(config), OperationObserver.NONE);
    }

    /** @return a builder for wiring an adapter explicitly */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a handle on an existing collection. The default collection {@value #DEFAULT_COLLECTION}
     * always exists: it is created on first use (cosine, default index, dimension fixed by its first insert).
     *
     * @param name the collection name
     * @return the collection
     * @throws InvalidInputException for an illegal name
     * @throws NotFoundException when it does not exist (also the default collection of a
     *         {@linkplain #readOnly() read-only} database that has none: it cannot be created)
     */
    public VectorCollection collection(String name) {
        Validation.collectionName(name);
        if (DEFAULT_COLLECTION.equals(name)) {
            return defaultCollection();
        }
        if (!adapter.hasCollection(name)) {
            throw new NotFoundException("collection '" + name + "' does not exist; create it with createCollection(name, spec)");
        }
        return new VectorCollection(adapter, name, observer);
    }

    /**
     * @return the default collection {@value #DEFAULT_COLLECTION} (the v1 table), created on first use
     * @throws NotFoundException on a {@linkplain #readOnly() read-only} database that has no default
     *         collection (it cannot be created)
     */
    public VectorCollection defaultCollection() {
        if (!adapter.hasCollection(DEFAULT_COLLECTION)) {
            if (adapter.readOnly()) {
                throw new NotFoundException("the default collection '" + DEFAULT_COLLECTION + "' does not exist, and a database"
                        + " opened read-only cannot create it");
            }
            adapter.createCollection(DEFAULT_COLLECTION, new CollectionSpec(0, Metric.COSINE, IndexParams.DEFAULT));
        }
        return new VectorCollection(adapter, DEFAULT_COLLECTION, observer);
    }

    /**
     * Creates a collection, or returns it when it exists with an equal spec.
     *
     * @param name collection name matching {@link Limits#COLLECTION_NAME}
     * @param spec dimension, metric and index parameters
     * @return the collection
     * @throws InvalidInputException for an illegal name or spec
     * @throws ConflictException when it exists with a different spec
     * @throws ReadOnlyException on a {@linkplain #readOnly() read-only} database when it would create
     *         the collection (an existing one with an equal spec is returned)
     */
    public VectorCollection createCollection(String name, CollectionSpec spec) {
        observed("create_collection", name, spec, () -> {
            adapter.createCollection(name, spec);
            return null;
        });
        return new VectorCollection(adapter, name, observer);
    }

    /**
     * Drops a collection with all its records and its index.
     *
     * @param name collection name
     * @return whether it existed
     * @throws ReadOnlyException on a {@linkplain #readOnly() read-only} database
     */
    public boolean dropCollection(String name) {
        return observed("drop_collection", name, null, () -> adapter.dropCollection(name));
    }

    /**
     * @param name collection name
     * @return whether it exists
     */
    public boolean hasCollection(String name) {
        return adapter.hasCollection(name);
    }

    /** @return every collection with its spec, sorted by name */
    public List<CollectionInfo> listCollections() {
        return adapter.listCollections();
    }

    /**
     * Runs work in one transaction bound to the calling thread; operations on this database from
     * that thread inside {@code work} commit or roll back together.
     *
     * @param work the work
     * @param <T> result type
     * @return what work returned
     * @throws UnsupportedFeatureException when the backend has no transactions
     * @throws ReadOnlyException from a write inside {@code work} on a {@linkplain #readOnly() read-only}
     *         database (a transaction that only reads works there)
     */
    public <T> T inTransaction(Supplier<T> work) {
        return adapter.transaction(work);
    }

    /**
     * Like {@link #inTransaction(Supplier)} for work without a result.
     *
     * @param work the work
     * @throws UnsupportedFeatureException when the backend has no transactions
     */
    public void useTransaction(Runnable work) {
        adapter.transaction(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs native SQL with bound parameters (SQL backends only).
     *
     * @param sql one statement with {@code ?} placeholders
     * @param params bound values
     * @return rows as column-to-value maps, empty for non-queries
     * @throws UnsupportedFeatureException when the backend has no {@link Capability#RAW_SQL}
     * @throws ReadOnlyException for a statement that writes on a {@linkplain #readOnly() read-only} database
     */
    public List<Map<String, Object>> executeRaw(String sql, Object... params) {
        return adapter.executeRaw(sql, params == null ? List.of() : java.util.Arrays.asList(params));
    }

    /**
     * @return whether the database is read-only ({@link AgentDBConfig#readOnly()}, or a URL that asks
     *         for it such as {@code sqlite:./agent.db?mode=ro}): every write throws {@link ReadOnlyException}
     */
    public boolean readOnly() {
        return adapter.readOnly();
    }

    /** @return the backend family */
    public BackendType backendType() {
        return adapter.backendType();
    }

    /** @return the adapter's optional abilities */
    public Set<Capability> capabilities() {
        return adapter.capabilities();
    }

    /** @return the schema version stored in the backend */
    public int migrationVersion() {
        return adapter.getMigrationVersion();
    }

    /** @return a health probe result; never throws */
    public HealthStatus health() {
        return adapter.health();
    }

    /** @return the adapter underneath, for SPI-level tools (migration, the compatibility kit) */
    public DatabaseAdapter adapter() {
        return adapter;
    }

    /** Closes the adapter. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            adapter.close();
        }
    }

    /** Wires an {@link AgentDB} explicitly. */
    public static final class Builder {
        private DatabaseAdapter adapter;
        private AgentDBConfig config;
        private OperationObserver observer = OperationObserver.NONE;

        private Builder() {
        }

        /**
         * Sets the adapter to wrap. When set, it takes precedence over {@link #url(String)} and
         * {@link #config(AgentDBConfig)}.
         *
         * @param value an open adapter; the AgentDB takes ownership and closes it; null clears an
         *        earlier adapter
         * @return this builder
         */
        public Builder adapter(DatabaseAdapter value) {
            this.adapter = value;
            return this;
        }

        /**
         * Sets the backend URL, with every other configuration option at its default. Replaces any
         * earlier {@link #url(String)} or {@link #config(AgentDBConfig)}; used only when no adapter
         * is given.
         *
         * @param value a backend URL such as {@code sqlite:./agent.db}; not null or blank
         * @return this builder
         * @throws InvalidInputException naming {@code url} when the value is null, blank or has no
         *         scheme (checked immediately, not at {@link #build()})
         */
        public Builder url(String value) {
            this.config = AgentDBConfig.of(value);
            return this;
        }

        /**
         * Sets the full configuration. Replaces any earlier {@link #url(String)} or
         * {@link #config(AgentDBConfig)}; used only when no adapter is given.
         *
         * @param value an already validated configuration; null clears an earlier URL or config
         * @return this builder
         */
        public Builder config(AgentDBConfig value) {
            this.config = value;
            return this;
        }

        /**
         * Sets who watches every API call (timers, traces), e.g.
         * {@code MicrometerObserver.of(observationRegistry)} for Micrometer observations named
         * {@code db.vector.client.operation}.
         *
         * @param value the observer; null for none ({@link OperationObserver#NONE}, the default)
         * @return this builder
         */
        public Builder observer(OperationObserver value) {
            this.observer = value == null ? OperationObserver.NONE : value;
            return this;
        }

        /**
         * @return the open database
         * @throws InvalidInputException when neither an adapter nor a URL/config was given
         * @throws BackendUnavailableException and the other exceptions of {@link AgentDB#open(AgentDBConfig)}
         *         when a URL/config is opened
         */
        public AgentDB build() {
            if (adapter != null) {
                return new AgentDB(adapter, observer);
            }
            if (config == null) {
                throw new InvalidInputException("adapter", "give an adapter, a url or a config");
            }
            return new AgentDB(AdapterRegistry.open(config), observer);
        }
    }
}
