package dev.agentdb.spi;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendType;
import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.CollectionStats;
import dev.agentdb.ConflictException;
import dev.agentdb.DimensionMismatchException;
import dev.agentdb.HealthStatus;
import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.NotFoundException;
import dev.agentdb.ReadOnlyException;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.UnsupportedFeatureException;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.internal.Json;
import dev.agentdb.internal.Validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The backend SPI: one subclass per database family. The public methods are final; they validate
 * input once for every backend against {@link Limits} (names and their case, ids, dimensions, finite
 * components, metadata size and depth, the value domain of every string, k, efSearch; filters are
 * valid by construction), assign generated ids and timestamps, and then call the protected
 * {@code do*} hooks, which see only valid input. This is the Template Method shape of Spring AI's
 * {@code AbstractObservationVectorStore}.
 *
 * <p>Contract for implementers:
 * <ul>
 *   <li>Thread-safe: the facade calls one adapter from many threads.</li>
 *   <li>{@link #doInsertBatch} and {@link #doUpsertBatch} are atomic: all records or none; so is
 *       {@link #doReindex}: the new index and spec, or the old ones.</li>
 *   <li>Inserting an existing id throws {@link ConflictException}; nothing is written.</li>
 *   <li>Scores and distances follow {@link dev.agentdb.Metric} exactly.</li>
 *   <li>A refused operation leaves stored data unchanged.</li>
 *   <li>{@link #doTransaction} binds a transaction to the calling thread; the adapter's own
 *       operations called inside it from that thread join it.</li>
 *   <li>A {@linkplain #readOnly() read-only} adapter never sees a write hook called: the public
 *       methods refuse writes with {@link ReadOnlyException} first. Its own public methods that
 *       write ({@link #runMigration()}, {@link #executeRaw} statements that write) call
 *       {@link #requireWritable(String)}; it writes nothing when it opens.</li>
 * </ul>
 * The compatibility kit ({@code agentdb-compat-tests}) checks all of this against a real backend.
 */
@dev.agentdb.Beta
public abstract class DatabaseAdapter implements AutoCloseable {

    /** The AgentDB v1 table name, which is also the default collection on every backend. */
    public static final String DEFAULT_COLLECTION = "vectors";

    private final AgentDBConfig config;
    private final boolean readOnly;
    private final Map<String, CollectionSpec> specCache = new ConcurrentHashMap<>();

    /**
     * An adapter that is read-only exactly when {@link AgentDBConfig#readOnly()} says so.
     *
     * @param config the configuration this adapter was opened with; never null
     */
    protected DatabaseAdapter(AgentDBConfig config) {
        this(config, false);
    }

    /**
     * An adapter that may be read-only for a reason of its own as well, such as a URL asking for it
     * (SQLite's {@code ?mode=ro}).
     *
     * @param config the configuration this adapter was opened with; never null
     * @param readOnly true when the adapter is read-only whatever the configuration says; the adapter
     *        is read-only when this or {@link AgentDBConfig#readOnly()} is true
     */
    protected DatabaseAdapter(AgentDBConfig config, boolean readOnly) {
        this.config = config;
        this.readOnly = readOnly || config.readOnly();
    }

    /** @return the configuration this adapter was opened with */
    public final AgentDBConfig config() {
        return config;
    }

    /**
     * @return whether this adapter is read-only ({@link AgentDBConfig#readOnly()}, or its URL asked
     *         for it): every write of the public methods throws {@link ReadOnlyException}
     */
    public final boolean readOnly() {
        return readOnly;
    }

    /** @return the backend family: the adapter's one identity, in every message, probe and report */
    public abstract BackendType backendType();

    /** @return the optional abilities of this adapter; immutable */
    public abstract Set<Capability> capabilities();


    // ------------------------------------------------------------------ collections

    /**
     * Creates a collection, or returns the existing one when its spec is equal (idempotent).
     *
     * @param name collection name matching {@link Limits#COLLECTION_NAME}
     * @param spec dimension (1 to {@link Limits#MAX_DIMENSION}), metric, index parameters
     * @return the collection's info
     * @throws InvalidInputException for an illegal name or spec
     * @throws UnsupportedFeatureException when the spec asks for an IVFFLAT index and the adapter lacks
     *         {@link Capability#IVFFLAT_INDEX} (nothing is created)
     * @throws ConflictException when the collection exists with a different spec, or another collection's
     *         name differs from {@code name} only in case (names are unique ignoring case on every backend)
     * @throws ReadOnlyException on a {@linkplain #readOnly() read-only} adapter when it would create the
     *         collection or record its dimension; an existing collection with an equal spec is returned
     */
    public final CollectionInfo createCollection(String name, CollectionSpec spec) {
        Validation.collectionName(name);
        if (spec == null) {
            throw new InvalidInputException("spec", "must not be null");
        }
        requireIndexSupported(spec.index());
        if (!spec.hasDimension() && !DEFAULT_COLLECTION.equals(name)) {
            throw new InvalidInputException("dimension", "must be between 1 and " + Limits.MAX_DIMENSION + ", was 0");
        }
        refuseCaseVariant(name);
        Optional<CollectionSpec> existing = collectionSpec(name);
        if (existing.isPresent()) {
            CollectionSpec have = existing.get();
            boolean compatible = have.metric() == spec.metric() && have.index().equals(spec.index())
                    && (have.dimension() == spec.dimension() || spec.dimension() == 0 || have.dimension() == 0);
            if (!compatible) {
                throw new ConflictException("collection '" + name + "' already exists with " + describe(have)
                        + "; requested " + describe(spec));
            }
            if (have.dimension() == 0 && spec.dimension() > 0) {
                writable("record the dimension of collection", name);
                fixDimension(name, spec.dimension());
                have = have.withDimension(spec.dimension());
            }
            return new CollectionInfo(name, have);
        }
        writable("create collection", name);
        doCreateCollection(name, spec);
        cacheSpec(name, spec);
        return new CollectionInfo(name, spec);
    }

    /**
     * Replaces a collection's index with one built over its current records with new parameters, and
     * records the parameters in the collection's spec ({@link #collectionSpec} reads them back, also
     * after reopening). Any change of type or parameters is allowed (HNSW to FLAT drops the index, FLAT
     * to HNSW builds one, HNSW with another {@code m}, HNSW to IVFFLAT where supported), and so are the
     * same parameters: a plain rebuild, e.g. to retrain IVFFlat centroids on more rows than the index
     * was first built on. Records, dimension and metric are unchanged.
     *
     * <p>Atomic: when it fails, the old index and spec remain. Inside {@link #transaction(Supplier)} it
     * joins the calling thread's transaction and rolls back with it. The build reads every record, so
     * its time grows with the collection; writers to the collection wait meanwhile, and on some
     * backends readers too (see the adapter's documentation).
     *
     * @param collection collection name
     * @param index the new index parameters; not null
     * @return the collection's name and new spec
     * @throws InvalidInputException for an illegal name, a null {@code index}, or parameters the backend
     *         cannot index (e.g. an HNSW index above pgvector's dimension limit); nothing changes
     * @throws NotFoundException when the collection does not exist
     * @throws UnsupportedFeatureException when {@code index} is IVFFLAT and the adapter lacks
     *         {@link Capability#IVFFLAT_INDEX} (nothing changes)
     * @throws ReadOnlyException on a {@linkplain #readOnly() read-only} adapter, before anything else
     */
    public final CollectionInfo reindex(String collection, IndexParams index) {
        writable("reindex", collection);
        Validation.collectionName(collection);
        if (index == null) {
            throw new InvalidInputException("index", "must not be null; use IndexParams.flat() for no index");
        }
        requireIndexSupported(index);
        CollectionSpec have = requireCollection(collection);
        CollectionSpec spec = new CollectionSpec(have.dimension(), have.metric(), index);
        doReindex(collection, spec);
        cacheSpec(collection, spec);
        return new CollectionInfo(collection, spec);
    }

    /**
     * Drops a collection and everything in it (its index included).
     *
     * @param name collection name
     * @return true when it existed
     * @throws InvalidInputException for an illegal name
     * @throws ReadOnlyException on a {@linkplain #readOnly() read-only} adapter, before anything else
     */
    public final boolean dropCollection(String name) {
        writable("drop collection", name);
        Validation.collectionName(name);
        specCache.remove(name);
        boolean dropped = doDropCollection(name);
        specCache.remove(name);
        return dropped;
    }

    /**
     * @param name collection name
     * @return whether it exists
     * @throws InvalidInputException for an illegal name
     */
    public final boolean hasCollection(String name) {
        return collectionSpec(name).isPresent();
    }

    /**
     * @param name collection name
     * @return its spec, or empty when it does not exist
     * @throws InvalidInputException for an illegal name
     */
    public final Optional<CollectionSpec> collectionSpec(String name) {
        CollectionSpec cached = name == null ? null : specCache.get(name);
        if (cached != null) {
            return Optional.of(cached); // a cached name was validated when it was cached: no pattern match per search
        }
        Validation.collectionName(name);
        Optional<CollectionSpec> loaded = doCollectionSpec(name);
        loaded.ifPresent(s -> cacheSpec(name, s));
        return loaded;
    }

    /**
     * One rule on every backend: SQLite table names ignore case and PostgreSQL folds unquoted names,
     * so two collections whose names differ only in case would collide on one backend and not on
     * another (and confuse people on both).
     */
    private void refuseCaseVariant(String name) {
        for (CollectionInfo other : doListCollections()) {
            if (!other.name().equals(name) && other.name().equalsIgnoreCase(name)) {
                throw new ConflictException("collection '" + name + "' differs from the existing collection '" + other.name()
                        + "' only in case; collection names are unique ignoring case (see Limits.COLLECTION_NAME)");
            }
        }
    }

    /**
     * Caches a spec, except one without a dimension: the default collection's dimension is fixed by the
     * first insert of ANY client of the database, so until then it is read from the registry each time.
     */
    private void cacheSpec(String name, CollectionSpec spec) {
        if (spec.hasDimension()) {
            specCache.put(name, spec);
        } else {
            specCache.remove(name);
        }
    }

    /** @return every collection, sorted by name */
    public final List<CollectionInfo> listCollections() {
        List<CollectionInfo> all = new ArrayList<>(doListCollections());
        all.sort((a, b) -> a.name().compareTo(b.name()));
        return all;
    }

    // ------------------------------------------------------------------ records

    /**
     * Inserts one record.
     *
     * @param collection collection name
     * @param record the record; a null id is replaced by a random UUID, a null timestamp by now (ms)
     * @return the record's id
     * @throws NotFoundException when the collection does not exist
     * @throws DimensionMismatchException when the embedding's length differs from the collection's dimension
     * @throws InvalidInputException for NaN/Infinity components, an empty vector, an id or metadata over its limit
     * @throws ConflictException when the id already exists (nothing is written)
     * @throws ReadOnlyException on a {@linkplain #readOnly() read-only} adapter, before anything else
     */
    public final String insert(String collection, VectorRecord record) {
        writable("insert into", collection);
        return insertBatch(collection, List.of(record)).get(0);
    }

    /**
     * Inserts records atomically: all of them or, on any error, none.
     *
     * @param collection collection name
     * @param records the records (ids must be distinct within the batch)
     * @return their ids, in order
     * @throws NotFoundException when the collection does not exist
     * @throws InvalidInputException naming {@code records[i]...} for the first invalid record, or duplicate ids in the batch
     * @throws ConflictException when an id already exists (nothing is written)
     * @throws ReadOnlyException on a {@linkplain #readOnly() read-only} adapter, before anything else
     */
    public final List<String> insertBatch(String collection, List<VectorRecord> records) {
        writable("insert into", collection);
        List<VectorRecord> prepared = prepare(collection, records);
        if (prepared.isEmpty()) {
            return List.of();
        }
        doInsertBatch(collection, prepared);
        return ids(prepared);
    }

    /**
     * Inserts or replaces one record (by id).
     *
     * @param collection collection name
     * @param record the record; a null id is replaced by a random UUID
     * @return the record's id
     * @throws NotFoundException when the collection does not exist
     * @throws InvalidInputException as for {@link #insert}
     * @throws ReadOnlyException on a {@linkplain #readOnly() read-only} adapter, before anything else
     */
    public final String upsert(String collection, VectorRecord record) {
        writable("upsert into", collection);
        return upsertBatch(collection, List.of(record)).get(0);
    }

    /**
     * Inserts or replaces records atomically.
     *
     * @param collection collection name
     * @param records the records (ids distinct within the batch)
     * @return their ids, in order
     * @throws NotFoundException when the collection does not exist
     * @throws InvalidInputException as for {@link #insertBatch}
     * @throws ReadOnlyException on a {@linkplain #readOnly() read-only} adapter, before anything else
     */
    public final List<String> upsertBatch(String collection, List<VectorRecord> records) {
        writable("upsert into", collection);
        List<VectorRecord> prepared = prepare(collection, records);
        if (prepared.isEmpty()) {
            return List.of();
        }
        doUpsertBatch(collection, prepared);
        return ids(prepared);
    }

    /**
     * @param collection collection name
     * @param id record id
     * @return the record (embedding included), or empty
     * @throws NotFoundException when the collection does not exist
     */
    public final Optional<VectorRecord> get(String collection, String id) {
        requireCollection(collection);
        Validation.id("id", id);
        return doGet(collection, id);
    }

    /**
     * @param collection collection name
     * @param id record id
     * @return true when a record was deleted
     * @throws NotFoundException when the collection does not exist
     * @throws ReadOnlyException on a {@linkplain #readOnly() read-only} adapter, before anything else
     */
    public final boolean delete(String collection, String id) {
        writable("delete from", collection);
        requireCollection(collection);
        Validation.id("id", id);
        return doDelete(collection, id);
    }

    /**
     * Deletes every record whose metadata match the filter, atomically.
     *
     * @param collection collection name
     * @param filter the filter; must not be null (use {@code Filter.and()} to match all)
     * @return the number of records deleted
     * @throws NotFoundException when the collection does not exist
     * @throws ReadOnlyException on a {@linkplain #readOnly() read-only} adapter, before anything else
     */
    public final long deleteWhere(String collection, Filter filter) {
        writable("delete from", collection);
        requireCollection(collection);
        if (filter == null) {
            throw new InvalidInputException("filter", "must not be null; use Filter.and() to match every record");
        }
        return doDeleteWhere(collection, filter);
    }

    /**
     * @param collection collection name
     * @param filter a filter, or null to count all
     * @return the number of (matching) records
     * @throws NotFoundException when the collection does not exist
     */
    public final long count(String collection, Filter filter) {
        requireCollection(collection);
        return doCount(collection, filter);
    }

    /**
     * Pages through a collection in id order (keyset pagination): the building block of export and
     * migration.
     *
     * @param collection collection name
     * @param afterId return ids strictly greater than this (by Unicode code point order), or null to start
     * @param limit page size, 1 to {@link Limits#MAX_SCAN_PAGE}
     * @return up to {@code limit} records with embeddings, ordered by id
     * @throws NotFoundException when the collection does not exist
     * @throws InvalidInputException for a limit out of range or an {@code afterId} that is no valid id
     */
    public final List<VectorRecord> scan(String collection, String afterId, int limit) {
        requireCollection(collection);
        if (afterId != null) {
            Validation.id("afterId", afterId);
        }
        if (limit < 1 || limit > Limits.MAX_SCAN_PAGE) {
            throw new InvalidInputException("limit", "must be between 1 and " + Limits.MAX_SCAN_PAGE + ", was " + limit);
        }
        return doScan(collection, afterId, limit);
    }

    /**
     * Finds records by metadata: those matching the filter, in the order of the sort keys (then by
     * id), one page of them; see {@link dev.agentdb.FindRequest} and {@link dev.agentdb.Sort} for the
     * rules, identical on every backend.
     *
     * @param collection collection name
     * @param request the query; not null
     * @return up to {@code request.limit()} records with embeddings, in order; never null
     * @throws NotFoundException when the collection does not exist
     * @throws InvalidInputException for a null request or an illegal name
     */
    public final List<VectorRecord> find(String collection, dev.agentdb.FindRequest request) {
        requireCollection(collection);
        if (request == null) {
            throw new InvalidInputException("request", "must not be null; use FindRequest.builder().build() for the first records by id");
        }
        return doFind(collection, request);
    }

    /**
     * k-nearest-neighbour search; see {@link SearchRequest} for the semantics of each field.
     *
     * @param collection collection name
     * @param request the query
     * @return up to k results, closest first
     * @throws NotFoundException when the collection does not exist
     * @throws DimensionMismatchException when the query's length differs from the collection's dimension
     * @throws InvalidInputException for k outside 1..{@link Limits#MAX_K}, NaN components, efSearch out of range,
     *         probes outside 1..{@link Limits#MAX_LISTS}
     */
    public final List<SearchResult> search(String collection, SearchRequest request) {
        CollectionSpec spec = requireCollection(collection);
        if (request == null) {
            throw new InvalidInputException("request", "must not be null");
        }
        Validation.vector("vector", request.vector());
        if (request.k() < 1 || request.k() > Limits.MAX_K) {
            throw new InvalidInputException("k", "must be between 1 and " + Limits.MAX_K + ", was " + request.k());
        }
        if (request.efSearch() != null && (request.efSearch() < 1 || request.efSearch() > Limits.MAX_EF)) {
            throw new InvalidInputException("efSearch", "must be between 1 and " + Limits.MAX_EF + ", was " + request.efSearch());
        }
        if (request.probes() != null && (request.probes() < 1 || request.probes() > Limits.MAX_LISTS)) {
            throw new InvalidInputException("probes", "must be between 1 and " + Limits.MAX_LISTS + ", was " + request.probes());
        }
        if (request.threshold() != null && !Double.isFinite(request.threshold())) {
            throw new InvalidInputException("threshold", "must be finite, was " + request.threshold());
        }
        if (!spec.hasDimension()) {
            return List.of(); // the default collection before its first insert
        }
        if (request.vector().length != spec.dimension()) {
            throw new DimensionMismatchException("vector", collection, spec.dimension(), request.vector().length);
        }
        return doSearch(collection, spec, request);
    }

    /**
     * @param collection collection name
     * @return count, dimension, metric, bytes on disk and index parameters
     * @throws NotFoundException when the collection does not exist
     */
    public final CollectionStats stats(String collection) {
        requireCollection(collection);
        return doStats(collection);
    }

    // ------------------------------------------------------------------ engine state

    /** Engine-state keys: letters, digits and {@code _ . : / -}, 1 to 200 characters. */
    public static final java.util.regex.Pattern STATE_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9_.:/\\-]{1,200}");
    /** Largest engine-state value, in bytes of UTF-8 (64 KiB). */
    public static final int MAX_STATE_BYTES = 65_536;

    /**
     * Reads a value of the backend's engine state ({@link StateStore#ENGINE}): same as
     * {@code readState(StateStore.ENGINE, key)}.
     *
     * @param key a key matching {@link #STATE_KEY}
     * @return the value, or empty
     * @throws InvalidInputException for an illegal key
     */
    public final Optional<String> readState(String key) {
        return readState(StateStore.ENGINE, key);
    }

    /**
     * Reads a value of one of the backend's state stores: small key-value tables that tools keep
     * beside the collections (for example the checkpoints of {@code agentdb migrate} in
     * {@link StateStore#MIGRATION_CHECKPOINTS}). Not for user data. Each store is separate: the same
     * key in two stores holds two values. Inside {@link #transaction(Supplier)} it sees the
     * transaction's own writes.
     *
     * @param store which store; not null
     * @param key a key matching {@link #STATE_KEY}
     * @return the value, or empty (also when the store was never written)
     * @throws InvalidInputException for a null store or an illegal key
     */
    public final Optional<String> readState(StateStore store, String key) {
        checkStateStore(store);
        checkStateKey(key);
        return doReadState(store, key);
    }

    /**
     * Writes an engine-state value ({@link StateStore#ENGINE}): same as
     * {@code writeState(StateStore.ENGINE, key, value)}.
     *
     * @param key a key matching {@link #STATE_KEY}
     * @param value the value, at most {@link #MAX_STATE_BYTES} bytes of UTF-8; not null
     * @throws InvalidInputException for an illegal key or an oversized or null value
     * @throws ReadOnlyException on a {@linkplain #readOnly() read-only} adapter
     */
    public final void writeState(String key, String value) {
        writeState(StateStore.ENGINE, key, value);
    }

    /**
     * Writes (inserts or replaces) a value of a state store. Inside {@link #transaction(Supplier)} it
     * commits or rolls back with the rest of the transaction (a batch of records and the checkpoint
     * that covers it, say).
     *
     * @param store which store; not null
     * @param key a key matching {@link #STATE_KEY}
     * @param value the value, at most {@link #MAX_STATE_BYTES} bytes of UTF-8; not null
     * @throws InvalidInputException for a null store, an illegal key or an oversized or null value
     * @throws ReadOnlyException on a {@linkplain #readOnly() read-only} adapter, before anything else
     */
    public final void writeState(StateStore store, String key, String value) {
        writable("write state", key);
        checkStateStore(store);
        checkStateKey(key);
        if (value == null) {
            throw new InvalidInputException("value", "must not be null; use deleteState to remove a key");
        }
        int bytes = Json.utf8Length(value);
        if (bytes > MAX_STATE_BYTES) {
            throw new InvalidInputException("value", bytes + " bytes exceeds the limit " + MAX_STATE_BYTES + " bytes");
        }
        doWriteState(store, key, value);
    }

    /**
     * Removes an engine-state value ({@link StateStore#ENGINE}): same as
     * {@code deleteState(StateStore.ENGINE, key)}.
     *
     * @param key a key matching {@link #STATE_KEY}
     * @return whether it existed
     * @throws InvalidInputException for an illegal key
     * @throws ReadOnlyException on a {@linkplain #readOnly() read-only} adapter
     */
    public final boolean deleteState(String key) {
        return deleteState(StateStore.ENGINE, key);
    }

    /**
     * Removes a value of a state store (joins the calling thread's transaction like
     * {@link #writeState(StateStore, String, String)}).
     *
     * @param store which store; not null
     * @param key a key matching {@link #STATE_KEY}
     * @return whether it existed
     * @throws InvalidInputException for a null store or an illegal key
     * @throws ReadOnlyException on a {@linkplain #readOnly() read-only} adapter, before anything else
     */
    public final boolean deleteState(StateStore store, String key) {
        writable("delete state", key);
        checkStateStore(store);
        checkStateKey(key);
        return doDeleteState(store, key);
    }

    private static void checkStateStore(StateStore store) {
        if (store == null) {
            throw new InvalidInputException("store", "must not be null; expected one of " + java.util.Arrays.toString(StateStore.values()));
        }
    }

    private static void checkStateKey(String key) {
        if (key == null || !STATE_KEY.matcher(key).matches()) {
            throw new InvalidInputException("key", "'" + Validation.abbreviate(key) + "' is not a state key: expected "
                    + STATE_KEY.pattern());
        }
    }

    // ------------------------------------------------------------------ transactions, schema, raw

    /**
     * Runs work in one transaction bound to the calling thread: the adapter's operations called by
     * that thread inside {@code work} commit together, or roll back together when it throws. On a
     * {@linkplain #readOnly() read-only} adapter the transaction reads (one consistent view where the
     * backend gives one) and any write inside it throws {@link ReadOnlyException}, rolling it back.
     *
     * @param work the work; its exceptions propagate after rollback
     * @param <T> the result type
     * @return what work returned
     * @throws UnsupportedFeatureException when the adapter lacks {@link Capability#TRANSACTIONS}
     */
    public final <T> T transaction(Supplier<T> work) {
        if (!capabilities().contains(Capability.TRANSACTIONS)) {
            throw new UnsupportedFeatureException(Capability.TRANSACTIONS, backendType().name());
        }
        try {
            return doTransaction(work);
        } catch (RuntimeException e) {
            specCache.clear(); // a rolled-back create/drop must not linger in the cache
            throw e;
        }
    }

    /**
     * Migrates the backend's schema to this library's version (idempotent).
     *
     * @return the schema version after migrating
     * @throws ConflictException when the stored schema is newer than this library understands
     * @throws ReadOnlyException on a {@linkplain #readOnly() read-only} adapter (implementations call
     *         {@link #requireWritable(String)} first)
     */
    public abstract int runMigration();

    /** @return the schema version stored in the backend (0 when never migrated) */
    public abstract int getMigrationVersion();

    /**
     * Runs native SQL with bound parameters. For administration and tests; bypasses validation.
     *
     * @param sql one SQL statement with {@code ?} placeholders
     * @param params the bound values, in order
     * @return the rows of a query (column name to value), or an empty list for other statements
     * @throws UnsupportedFeatureException when the adapter lacks {@link Capability#RAW_SQL}
     * @throws ReadOnlyException on a {@linkplain #readOnly() read-only} adapter for a statement that
     *         writes (implementations refuse what they recognise as a write before sending it, and
     *         translate the backend's own refusal)
     */
    public List<Map<String, Object>> executeRaw(String sql, List<Object> params) {
        throw new UnsupportedFeatureException(Capability.RAW_SQL, backendType().name());
    }

    /**
     * Probes the backend.
     *
     * @return up with latency, or down with the error message; never throws
     */
    public final HealthStatus health() {
        long start = System.nanoTime();
        try {
            String detail = doPing();
            return new HealthStatus(true, backendType().name(), (System.nanoTime() - start) / 1_000_000, detail);
        } catch (RuntimeException e) {
            return new HealthStatus(false, backendType().name(), (System.nanoTime() - start) / 1_000_000, String.valueOf(e.getMessage()));
        }
    }

    /** Closes connections and releases the index. Idempotent. */
    @Override
    public abstract void close();

    // ------------------------------------------------------------------ hooks

    /**
     * Creates the collection's storage and index and records its spec in the backend's registry.
     * The name is valid and the collection does not exist.
     *
     * @param name the collection name, already checked against {@link Limits#COLLECTION_NAME}
     * @param spec the validated spec: dimension 1 to {@link Limits#MAX_DIMENSION} (0 only for
     *             {@link #DEFAULT_COLLECTION}), metric, and an index type the adapter supports; never null
     */
    protected abstract void doCreateCollection(String name, CollectionSpec spec);

    /**
     * Drops the collection's storage, index and registry entry; a no-op when it does not exist.
     *
     * @param name the collection name, already validated
     * @return whether it existed
     */
    protected abstract boolean doDropCollection(String name);

    /**
     * Reads a collection's spec from the backend's registry. Called once per collection; the result
     * is cached (except while the dimension is 0).
     *
     * @param name the collection name, already validated
     * @return the stored spec of the collection, or empty when it does not exist; never null
     */
    protected abstract Optional<CollectionSpec> doCollectionSpec(String name);

    /** @return all collections, in any order */
    protected abstract List<CollectionInfo> doListCollections();

    /**
     * Fixes the dimension of a collection created with dimension 0 (the default v1 collection of an
     * empty database) on its first insert. Called at most once per collection, before the insert.
     *
     * @param name the collection name, already validated; the collection exists with dimension 0
     * @param dimension the embedding length to record, 1 to {@link Limits#MAX_DIMENSION}
     */
    protected abstract void doSetDimension(String name, int dimension);

    /**
     * Refuses metadata the backend cannot store as given, called for every record of an insert or
     * upsert after the portable validation and before anything is written (also before the default
     * collection's dimension is recorded). The default accepts everything.
     *
     * @param field the field to name in errors: {@code metadata}, or {@code records[i].metadata} in a
     *              batch of more than one record
     * @param metadata the record's validated metadata, or null
     * @throws InvalidInputException naming the offending value's path under {@code field}
     */
    protected void checkStorable(String field, Map<String, Object> metadata) {
        // every value the portable validation accepts can be stored
    }

    /**
     * Inserts validated records atomically: all of them or none.
     *
     * @param collection the name of an existing collection
     * @param records 1 or more validated records, ids distinct and set, timestamps set, each embedding
     *                {@code float[dimension]} of the collection; never null
     * @throws ConflictException when an id already exists in the collection (nothing is written)
     */
    protected abstract void doInsertBatch(String collection, List<VectorRecord> records);

    /**
     * Inserts or replaces (by id) validated records atomically: all of them or none.
     *
     * @param collection the name of an existing collection
     * @param records 1 or more validated records, ids distinct and set, timestamps set, each embedding
     *                {@code float[dimension]} of the collection; never null
     */
    protected abstract void doUpsertBatch(String collection, List<VectorRecord> records);

    /**
     * Reads one record.
     *
     * @param collection the name of an existing collection
     * @param id a validated record id, never null
     * @return the record with its embedding, or empty when the id is absent; never null
     */
    protected abstract Optional<VectorRecord> doGet(String collection, String id);

    /**
     * Deletes one record.
     *
     * @param collection the name of an existing collection
     * @param id a validated record id, never null
     * @return whether a record was deleted (false when the id was absent)
     */
    protected abstract boolean doDelete(String collection, String id);

    /**
     * Deletes every record whose metadata match the filter, atomically.
     *
     * @param collection the name of an existing collection
     * @param filter the filter, never null; an empty {@code Filter.and()} matches every record
     * @return the number of records deleted, 0 or more
     */
    protected abstract long doDeleteWhere(String collection, Filter filter);

    /**
     * Counts records.
     *
     * @param collection the name of an existing collection
     * @param filter the filter, or null to count every record
     * @return the number of (matching) records, 0 or more
     */
    protected abstract long doCount(String collection, Filter filter);

    /**
     * Reads one page of records in id order (keyset pagination).
     *
     * @param collection the name of an existing collection
     * @param afterId return only ids strictly greater than this, by Unicode code point order; null
     *                to start from the first id
     * @param limit the page size, 1 to 100,000
     * @return up to {@code limit} records with embeddings, ordered by id; empty at the end; never null
     */
    protected abstract List<VectorRecord> doScan(String collection, String afterId, int limit);

    /**
     * Runs a validated find. This default pages through {@link #doScan} and keeps the first
     * {@code offset + limit} matching records of the order in a bounded heap: correct on every
     * backend, in memory bounded by {@code offset + limit} records, but it reads the whole
     * collection. Adapters whose database can filter, sort and page (SQL, MongoDB) override it.
     *
     * @param collection the name of an existing collection
     * @param request the validated request
     * @return up to {@code request.limit()} records with embeddings, in the order of
     *         {@link dev.agentdb.Sort#comparator}; never null
     */
    protected List<VectorRecord> doFind(String collection, dev.agentdb.FindRequest request) {
        java.util.Comparator<VectorRecord> order = dev.agentdb.Sort.comparator(request.sort());
        int keep = (int) Math.min(Integer.MAX_VALUE - 8, request.offset() + request.limit());
        java.util.PriorityQueue<VectorRecord> best = new java.util.PriorityQueue<>(Math.min(keep, 1024) + 1, order.reversed());
        String after = null;
        while (true) {
            List<VectorRecord> page = doScan(collection, after, 1_000);
            for (VectorRecord r : page) {
                if (request.filter() == null || request.filter().test(r.metadata())) {
                    best.add(r);
                    if (best.size() > keep) {
                        best.poll();
                    }
                }
            }
            if (page.size() < 1_000) {
                break;
            }
            after = page.get(page.size() - 1).id();
        }
        List<VectorRecord> all = new ArrayList<>(best);
        all.sort(order);
        int from = (int) Math.min(all.size(), request.offset());
        return new ArrayList<>(all.subList(from, Math.min(all.size(), from + request.limit())));
    }

    /**
     * Runs a validated search whose vector has the collection's dimension. Results follow the
     * semantics of {@link SearchRequest} and the distances and scores of {@link dev.agentdb.Metric}.
     *
     * @param collection the name of an existing collection
     * @param spec the collection's spec (dimension 1 or more), as cached by the facade
     * @param request the validated query: vector of {@code float[spec.dimension()]}, k 1 to
     *                {@link Limits#MAX_K}, efSearch, probes and threshold in range or null
     * @return up to {@code k} results, closest first, ties broken by id; never null
     */
    protected abstract List<SearchResult> doSearch(String collection, CollectionSpec spec, SearchRequest request);

    /**
     * Reads a collection's statistics.
     *
     * @param collection the name of an existing collection
     * @return the collection's statistics: count, dimension, metric, bytes on disk, index parameters
     */
    protected abstract CollectionStats doStats(String collection);

    /**
     * Replaces the collection's index with one built over its current records for {@code newSpec}, and
     * stores {@code newSpec} in the registry, atomically (on failure the old index and spec remain),
     * joining the calling thread's transaction. The collection exists; {@code newSpec} has its
     * dimension and metric and validated index parameters (IVFFLAT only when the adapter declares
     * {@link Capability#IVFFLAT_INDEX}).
     *
     * @param collection the collection name
     * @param newSpec the spec to build and record
     */
    protected abstract void doReindex(String collection, CollectionSpec newSpec);

    /**
     * Reads a value of a state store; the store is not null and the key valid.
     *
     * @param store the store
     * @param key the key
     * @return the value, or empty (also when the store's table does not exist yet)
     */
    protected abstract Optional<String> doReadState(StateStore store, String key);

    /**
     * Inserts or replaces a value of a state store (store not null, key and size valid), joining the
     * thread's transaction.
     *
     * @param store the store
     * @param key the key
     * @param value the value
     */
    protected abstract void doWriteState(StateStore store, String key, String value);

    /**
     * Removes a value of a state store (store not null, key valid), joining the thread's transaction.
     *
     * @param store the store
     * @param key the key
     * @return whether the key existed (and was removed)
     */
    protected abstract boolean doDeleteState(StateStore store, String key);

    /**
     * Runs work in a thread-bound transaction (only called when TRANSACTIONS is declared): commits
     * when {@code work} returns, rolls back and rethrows when it throws. Adapters that declare
     * {@link Capability#TRANSACTIONS} override this; the default refuses.
     *
     * @param work the work to run on the calling thread; never null
     * @param <T> the result type
     * @return what {@code work} returned
     * @throws UnsupportedFeatureException always, in this default implementation
     */
    protected <T> T doTransaction(Supplier<T> work) {
        throw new UnsupportedFeatureException(Capability.TRANSACTIONS, backendType().name());
    }

    /** @return a short detail such as the server version; throws when the backend does not answer */
    protected abstract String doPing();

    // ------------------------------------------------------------------ shared plumbing

    /**
     * @param collection a collection name
     * @return its spec
     * @throws InvalidInputException for an illegal name
     * @throws NotFoundException when it does not exist
     */
    protected final CollectionSpec requireCollection(String collection) {
        return collectionSpec(collection).orElseThrow(() -> new NotFoundException(
                "collection '" + collection + "' does not exist; create it with createCollection(name, spec)"));
    }

    /**
     * Refuses a write on a {@linkplain #readOnly() read-only} adapter; does nothing otherwise. The
     * public write methods of this class call it first; adapters call it in their own public methods
     * that write ({@link #runMigration()}, {@link #executeRaw}).
     *
     * @param operation what would be written, for the message, e.g. {@code "insert into 'docs'"}
     * @throws ReadOnlyException naming the operation when the adapter is read-only
     */
    protected final void requireWritable(String operation) {
        if (readOnly) {
            throw new ReadOnlyException(operation);
        }
    }

    /** {@link #requireWritable} with the message built only when refused: {@code what 'name'}. */
    private void writable(String what, String name) {
        if (readOnly) {
            throw new ReadOnlyException(what + " '" + Validation.abbreviate(name) + "'");
        }
    }

    /** Drops cached specs, e.g. after another process may have changed the schema. */
    protected final void invalidateSpecCache() {
        specCache.clear();
    }

    private void requireIndexSupported(IndexParams index) {
        if (index.type() == IndexParams.IndexType.IVFFLAT && !capabilities().contains(Capability.IVFFLAT_INDEX)) {
            throw new UnsupportedFeatureException(Capability.IVFFLAT_INDEX, backendType().name());
        }
    }

    private void fixDimension(String collection, int dimension) {
        doSetDimension(collection, dimension);
        specCache.computeIfPresent(collection, (k, s) -> s.withDimension(dimension));
    }

    /** Validates a batch, assigns ids and timestamps, and fixes the default collection's dimension. */
    private List<VectorRecord> prepare(String collection, List<VectorRecord> records) {
        CollectionSpec spec = requireCollection(collection);
        if (records == null) {
            throw new InvalidInputException("records", "must not be null");
        }
        int dimension = spec.dimension();
        long now = System.currentTimeMillis();
        Set<String> seen = new HashSet<>();
        List<VectorRecord> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            String at = records.size() == 1 ? "" : "records[" + i + "].";
            VectorRecord r = records.get(i);
            if (r == null) {
                throw new InvalidInputException("records[" + i + "]", "must not be null");
            }
            Validation.vector(at + "embedding", r.embedding());
            int expected = dimension == 0 ? r.embedding().length : dimension;
            if (dimension == 0) {
                dimension = expected; // the first record fixes the default collection's dimension
            }
            if (r.embedding().length != expected) {
                throw new DimensionMismatchException(at + "embedding", collection, expected, r.embedding().length);
            }
            String id = r.id() == null ? UUID.randomUUID().toString() : r.id();
            Validation.id(at + "id", id);
            if (!seen.add(id)) {
                throw new InvalidInputException(at + "id", "'" + Validation.abbreviate(id) + "' appears more than once in the batch");
            }
            Validation.metadata(at + "metadata", r.metadata());
            Validation.text(at + "text", r.text());
            checkStorable(at + "metadata", r.metadata());
            out.add(new VectorRecord(id, r.embedding(), r.metadata(), r.text(), r.timestamp() == null ? now : r.timestamp()));
        }
        if (!spec.hasDimension() && !out.isEmpty()) {
            fixDimension(collection, dimension);
        }
        return out;
    }

    private static List<String> ids(List<VectorRecord> records) {
        List<String> ids = new ArrayList<>(records.size());
        for (VectorRecord r : records) {
            ids.add(r.id());
        }
        return ids;
    }

    private static String describe(CollectionSpec s) {
        return "dimension " + s.dimension() + ", metric " + s.metric() + ", index " + s.index();
    }
}
