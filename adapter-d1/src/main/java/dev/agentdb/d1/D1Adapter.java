package dev.agentdb.d1;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.AgentDBException;
import dev.agentdb.BackendType;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.CollectionStats;
import dev.agentdb.ConflictException;
import dev.agentdb.FindRequest;
import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.NotFoundException;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorRecord;
import dev.agentdb.d1.internal.D1Batch;
import dev.agentdb.d1.internal.D1Client;
import dev.agentdb.d1.internal.D1Errors;
import dev.agentdb.d1.internal.D1Exception;
import dev.agentdb.d1.internal.D1Executor;
import dev.agentdb.d1.internal.D1Filters;
import dev.agentdb.d1.internal.D1GraphStorage;
import dev.agentdb.d1.internal.D1Result;
import dev.agentdb.d1.internal.D1Schema;
import dev.agentdb.d1.internal.D1SearchReads;
import dev.agentdb.d1.internal.D1Table;
import dev.agentdb.d1.internal.D1Url;
import dev.agentdb.d1.internal.D1VectorRows;
import dev.agentdb.d1.internal.JsonRows;
import dev.agentdb.engine.IndexEngine;
import dev.agentdb.engine.IndexedCollection;
import dev.agentdb.engine.NodeMap;
import dev.agentdb.filter.Filter;
import dev.agentdb.internal.Validation;
import dev.agentdb.spi.Capability;
import dev.agentdb.spi.DatabaseAdapter;
import dev.agentdb.spi.StateStore;
import dev.agentdb.sql.CollectionRegistry;
import dev.agentdb.sql.RawSql;
import dev.agentdb.sql.SqlDialect;
import dev.agentdb.sql.SqlFragment;
import dev.agentdb.sql.SqlOrder;
import dev.agentdb.sql.StateTables;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Cloudflare D1 over its REST API: {@code d1://ACCOUNT_ID/DATABASE_ID[?endpoint=http://127.0.0.1:PORT]}, the API
 * token from {@code ?token=}, the config property {@code d1.token} or {@code CLOUDFLARE_API_TOKEN} (never logged,
 * never in messages, {@code toString} or health: errors name where the token came from).
 *
 * <h2>Storage</h2>
 * D1 is SQLite: each collection is a table {@code (id TEXT PRIMARY KEY, embedding BLOB, metadata TEXT, norm REAL,
 * timestamp INTEGER, text TEXT)} with embeddings as little-endian float32 (sent as hex through {@code unhex()},
 * read as {@code hex()}); registry {@code agentdb_collections}, graph tables {@code hnsw_metadata},
 * {@code hnsw_graph}, {@code hnsw_tombstones}, state stores, all versioned by scripts {@code db/agentdb/d1}
 * ({@link dev.agentdb.migrations.ScriptedVersioning}). Filters and sorts are the shared SQL layer's SQLite
 * dialect ({@link dev.agentdb.sql.SqliteJsonFilterTranslator}, {@link SqlOrder}; a filter whose SQL would break D1's
 * statement limit is evaluated in Java with {@link Filter#test} over paged reads), every value bound.
 *
 * <h2>Writes: one D1 batch each</h2>
 * D1 has no {@code BEGIN}; a batch runs as one transaction. Every write operation reads what it needs first
 * (committed state), then sends all its statements (rows, graph nodes, registry) as one batch, guarded by the
 * collection's version ({@code agentdb_index_versions}, see the internal {@code D1Batch}): if another process
 * or handle wrote the collection since this one read it, D1 rolls the batch back whole and the operation is
 * retried from fresh reads (up to {@value #MAX_CONFLICT_RETRIES} times, then {@link ConflictException}). A
 * batch whose outcome is unknown (dropped connection, timeout, 5xx) is resolved by reading the version row
 * back (its random writer token tells whether it committed) and sent again only if it did not: no write is
 * applied twice, none is lost silently. Rows are written with multi-row statements that bind one JSON array
 * (under D1's 100-parameter limit); a batch of records above {@value #MAX_RECORDS_PER_BATCH} records or
 * about {@value #MAX_BATCH_BYTES} bytes is written as several consecutive D1 transactions, in order: each
 * is atomic, the whole is not; after a failure, repeating an upsert resumes it (idempotent); an insert that
 * failed part-way reports the ids written before as conflicts, so resume it with upsert. Inserts check for
 * existing ids first (a {@link ConflictException} naming one, nothing written). {@link Capability#TRANSACTIONS}
 * is not declared.
 *
 * <h2>Index</h2>
 * The shared in-house HNSW engine ({@link IndexEngine}): graph persisted in the same batch as the rows, loaded
 * on first use (nodes paged), rebuilt from the rows when missing or stale; exact scans for FLAT collections and
 * other metrics. Before each indexed search and each write the collection's version is read (one request): when
 * another writer moved it, the in-memory graph is reloaded. Writers of one adapter are serialised by a lock.
 *
 * <h2>D1 limits</h2>
 * Enforced before sending (typed {@link InvalidInputException} naming the limit): 100 bound parameters
 * (statements of the adapter with more, e.g. large filters, bind their values as one JSON array), SQL statements
 * of 100,000 bytes, strings/BLOBs/rows of 2,000,000 bytes (a BLOB travels as hex: 1,000,000 bytes of BLOB per
 * bound value in raw SQL). JSON numbers are doubles in D1's JavaScript: integers beyond 2^53 are bound as text
 * with {@code CAST(? AS INTEGER)} (or inside a JSON array, which SQLite reads exactly), so filters on huge
 * integers are exact; metadata is stored and read as JSON text, so its integers are exact; raw SQL results with
 * integers beyond 2^53 come back rounded (a D1 limit).
 *
 * <h2>Read-only</h2>
 * {@link AgentDBConfig#readOnly()}: nothing is written on open (no migration; a database without the schema is a
 * {@link BackendUnavailableException}, an older schema a {@link dev.agentdb.ReadOnlyException}); every write is
 * refused before it is sent, raw SQL too when {@link RawSql#mayRead} does not recognise it as a query or its SQLite
 * program ({@code EXPLAIN}) would open a write transaction (e.g. {@code WITH ... DELETE}); a stale graph
 * is rebuilt in memory only. D1 itself cannot be asked to refuse writes per request: a token with only D1 read
 * permission makes the API refuse them as well.
 *
 * <p>Thread-safe. Configuration properties: {@code d1.token}, {@value #REQUEST_TIMEOUT_PROPERTY} (ms, default
 * {@value #DEFAULT_REQUEST_TIMEOUT_MS}), {@value #MAX_RETRIES_PROPERTY} (default {@value #DEFAULT_MAX_RETRIES}),
 * {@value #RATE_LIMIT_PROPERTY} (a client-side sliding-window limit of API requests per 5 minutes: 1,200 on
 * Cloudflare's endpoint, off elsewhere; 0 turns it off).
 */
public final class D1Adapter extends DatabaseAdapter {
    /** Config property: the request timeout in milliseconds. */
    public static final String REQUEST_TIMEOUT_PROPERTY = "d1.request_timeout_ms";
    /** Default request timeout, in milliseconds (D1's longest query is 30 s). */
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
    /** Config property: how many times a failed request that is safe to repeat is sent again. */
    public static final String MAX_RETRIES_PROPERTY = "d1.max_retries";
    /** Default retries. */
    public static final int DEFAULT_MAX_RETRIES = 6;
    /**
     * Config property: API requests allowed per {@value #RATE_WINDOW_MS} ms, client-side (0 = no limit). Default:
     * {@value #CLOUDFLARE_REQUESTS_PER_WINDOW} (Cloudflare's global API limit) for the default endpoint, no limit for another
     * one (the emulator).
     */
    public static final String RATE_LIMIT_PROPERTY = "d1.requests_per_5min";
    /** Cloudflare's global API limit per 5 minutes. */
    public static final int CLOUDFLARE_REQUESTS_PER_WINDOW = 1_200;
    /** The rate limit's window, in ms: 5 minutes. */
    public static final long RATE_WINDOW_MS = 300_000;
    /** How many times an operation refused by the write guard (another writer) is retried, after a jittered pause. */
    public static final int MAX_CONFLICT_RETRIES = 40;
    /** The longest pause before retrying an operation refused by the write guard, in ms. */
    public static final long MAX_CONFLICT_PAUSE_MS = 500;
    /** The most records written in one D1 batch. */
    public static final int MAX_RECORDS_PER_BATCH = 2_000;
    /** About the largest request body of one batch, in bytes. */
    public static final long MAX_BATCH_BYTES = 8L << 20;

    private final D1Url url;
    private final D1Client client;
    private final CollectionRegistry registry = new CollectionRegistry(SqlDialect.SQLITE, null, CollectionRegistry.Layout.WITH_IVFFLAT);
    private final StateTables states = new StateTables(SqlDialect.SQLITE, null, StateTables.Creation.MIGRATED);
    private final D1Filters filters = new D1Filters();
    private final IndexEngine engine;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** The version of each collection that its loaded in-memory graph reflects. */
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final Set<Capability> capabilities = Collections.unmodifiableSet(EnumSet.of(Capability.RAW_SQL, Capability.DURABLE,
            Capability.READ_ONLY));
    private volatile boolean schemaReady;

    /**
     * Opens the database the config's URL names, checks that it answers and (with {@link AgentDBConfig#autoMigrate()})
     * migrates its schema.
     *
     * @param config a {@code d1://} configuration
     * @throws InvalidInputException naming {@code url} when the URL is malformed
     * @throws BackendUnavailableException when the API cannot be reached, refuses the token (naming its source)
     *         or does not know the database, or (read-only) the database has no AgentDB schema
     * @throws ConflictException when the stored schema is newer than this library
     * @throws dev.agentdb.ReadOnlyException when opened read-only and the schema needs an upgrade
     */
    public D1Adapter(AgentDBConfig config) {
        super(config);
        this.url = D1Url.parse(config, System.getenv());
        long perWindow = longProperty(config, RATE_LIMIT_PROPERTY,
                url.cloudflare() ? CLOUDFLARE_REQUESTS_PER_WINDOW : 0);
        this.client = new D1Client(url, config.connectTimeoutMs(),
                longProperty(config, REQUEST_TIMEOUT_PROPERTY, DEFAULT_REQUEST_TIMEOUT_MS),
                (int) longProperty(config, MAX_RETRIES_PROPERTY, DEFAULT_MAX_RETRIES),
                new dev.agentdb.d1.internal.RateLimiter((int) Math.min(Integer.MAX_VALUE, perWindow), RATE_WINDOW_MS, System::nanoTime));
        this.engine = IndexEngine.configured("d1", config);
        doPing();
        if (readOnly()) {
            int current = getMigrationVersion();
            if (current == 0) {
                throw new BackendUnavailableException("the D1 database " + url + " has no AgentDB schema; it cannot be opened "
                        + "read-only before a read-write open (or `agentdb upgrade`) has created it");
            }
            dev.agentdb.migrations.SchemaVersioning.refuseNewer(current, D1Schema.VERSION);
            if (current < D1Schema.VERSION) {
                throw new dev.agentdb.ReadOnlyException("upgrade the schema of " + url + " from version " + current + " to "
                        + D1Schema.VERSION, "refused: the database was opened read-only; open it read-write once to upgrade it", null);
            }
            schemaReady = true;
        } else if (config.autoMigrate()) {
            runMigration();
        } else {
            schemaReady = getMigrationVersion() == D1Schema.VERSION;
        }
    }

    private static long longProperty(AgentDBConfig config, String key, long defaultValue) {
        String v = config.property(key, null);
        if (v == null) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key, "must be a non-negative integer, was '" + v + "'");
        }
    }

    /** @return {@link BackendType#D1} */
    @Override
    public BackendType backendType() {
        return BackendType.D1;
    }

    /** @return RAW_SQL, DURABLE and READ_ONLY (no TRANSACTIONS: D1 has no interactive transactions) */
    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    // ------------------------------------------------------------------ schema

    /**
     * Applies the missing scripts of {@code db/agentdb/d1}, each in one batch with its history row. Idempotent.
     *
     * @return the schema version
     * @throws ConflictException when the stored schema is newer
     */
    @Override
    public int runMigration() {
        requireWritable("migrate the schema of " + url);
        int v = D1Schema.versioning(client).migrate();
        schemaReady = true;
        invalidateSpecCache();
        return v;
    }

    /** @return the stored schema version, 0 when never migrated */
    @Override
    public int getMigrationVersion() {
        return D1Schema.versioning(client).currentVersion();
    }

    private void requireSchema() {
        if (!schemaReady) {
            throw new BackendUnavailableException("the D1 database " + url + " has no AgentDB schema version " + D1Schema.VERSION
                    + " yet (opened with autoMigrate off); call runMigration() first");
        }
    }

    // ------------------------------------------------------------------ the write path

    /** One write operation's statements: the batch and the graph storage writing into it. */
    private final class Write {
        final D1Batch batch;
        final D1Executor sql;
        private D1GraphStorage graph;

        Write(String key) {
            this.batch = new D1Batch(key);
            this.sql = D1Executor.collecting(client, batch);
        }

        D1GraphStorage graph() {
            if (graph == null) {
                graph = D1GraphStorage.writer(client, batch, batch.key());
            }
            return graph;
        }

        void flush() {
            if (graph != null) {
                graph.flush();
            }
        }
    }

    @FunctionalInterface
    private interface WriteWork<T> {
        T run(Write w) throws SQLException;
    }

    /**
     * Runs a write operation on one collection (see the class comment): under the write lock, reads the
     * collection's version, drops a stale in-memory graph, runs {@code work} (reads at once, writes collected),
     * sends the batch guarded by that version; retried from scratch when another writer got in first.
     */
    private <T> T write(String what, String collection, WriteWork<T> work) {
        writeLock.lock();
        try {
            for (int attempt = 0; ; attempt++) {
                Write w = new Write(collection);
                try {
                    long version = D1Batch.version(client, collection);
                    Long known = versions.get(collection);
                    if (known == null || known != version) {
                        forget(collection);
                    }
                    T result = work.run(w);
                    w.flush();
                    if (!w.batch.isEmpty()) {
                        long after = w.batch.commit(client, version);
                        if (engine.isLoaded(collection)) {
                            versions.put(collection, after);
                        }
                        engine.committed(List.of(collection));
                    } else if (engine.isLoaded(collection)) {
                        versions.put(collection, version);
                    }
                    return result;
                } catch (D1Batch.Conflict e) {
                    forget(collection);
                    if (attempt >= MAX_CONFLICT_RETRIES) {
                        throw new ConflictException("cannot " + what + ": other writers kept changing '" + collection + "' ("
                                + (attempt + 1) + " attempts)", e);
                    }
                    pause(attempt);
                } catch (D1Exception e) {
                    forget(collection);
                    throw D1Errors.translate(e, what, url.redacted());
                } catch (SQLException e) {
                    forget(collection);
                    throw new AgentDBException("cannot " + what + " in D1 " + url + ": " + e.getMessage(), e);
                } catch (RuntimeException | Error e) {
                    forget(collection);
                    throw e;
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Sleeps a random time up to {@code min(MAX_CONFLICT_PAUSE_MS, 10 * 2^attempt)} ms, so competing writers spread out. */
    private static void pause(int attempt) {
        long cap = Math.min(MAX_CONFLICT_PAUSE_MS, 10L << Math.min(attempt, 10));
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.agentdb.AgentDBException("interrupted while retrying a D1 write", e);
        }
    }

    private void forget(String collection) {
        engine.discard(collection);
        versions.remove(collection);
    }

    private <T> T read(String what, WriteWork<T> work) {
        try {
            return work.run(null);
        } catch (D1Exception e) {
            throw D1Errors.translate(e, what, url.redacted());
        } catch (SQLException e) {
            throw new AgentDBException("cannot " + what + " in D1 " + url + ": " + e.getMessage(), e);
        }
    }

    private D1Executor direct() {
        return D1Executor.direct(client);
    }

    // ------------------------------------------------------------------ collections

    @Override
    protected void doCreateCollection(String name, CollectionSpec spec) {
        requireSchema();
        D1Table table = D1Table.of(name);
        write("create collection '" + name + "'", name, w -> {
            if (registry.find(direct(), name).isPresent()) {
                throw new ConflictException("collection '" + name + "' already exists");
            }
            if (D1Schema.tableExists(client, name)) {
                throw new ConflictException("cannot create collection '" + name + "': the database already has a table of that name "
                        + "that is not an AgentDB collection");
            }
            w.sql.update(table.createSql(), List.of());
            registry.insert(w.sql, name, spec, System.currentTimeMillis());
            engine.create(name, spec, w.graph());
            return null;
        });
    }

    @Override
    protected boolean doDropCollection(String name) {
        D1Table table = D1Table.of(name);
        try {
            return write("drop collection '" + name + "'", name, w -> {
                forget(name);
                if (registry.find(direct(), name).isEmpty()) {
                    return false;
                }
                registry.delete(w.sql, name);
                w.sql.update("DROP TABLE IF EXISTS " + table.quoted(), List.of());
                w.graph().clear();
                return true;
            });
        } finally {
            forget(name);
        }
    }

    /** In one batch: the registry's new index parameters and the graph rebuilt from the rows (none for FLAT). */
    @Override
    protected void doReindex(String collection, CollectionSpec newSpec) {
        requireSchema();
        D1Table table = D1Table.of(collection);
        write("reindex '" + collection + "'", collection, w -> {
            if (registry.find(direct(), collection).isEmpty()) {
                throw new NotFoundException("collection '" + collection + "' does not exist (dropped by another client?)");
            }
            registry.updateIndex(w.sql, collection, newSpec.index());
            engine.reindex(collection, newSpec, w.graph(), new D1VectorRows(client, table));
            return null;
        });
    }

    @Override
    protected Optional<CollectionSpec> doCollectionSpec(String name) {
        requireSchema();
        return read("read collection '" + name + "'", w -> registry.find(direct(), name));
    }

    @Override
    protected List<CollectionInfo> doListCollections() {
        requireSchema();
        return read("list collections", w -> registry.list(direct()));
    }

    @Override
    protected void doSetDimension(String name, int dimension) {
        write("fix the dimension of '" + name + "'", name, w -> {
            forget(name);
            registry.setDimension(w.sql, name, dimension);
            return null;
        });
        forget(name);
    }

    // ------------------------------------------------------------------ writes

    @Override
    protected void doInsertBatch(String collection, List<VectorRecord> records) {
        writeRecords(collection, records, false);
    }

    @Override
    protected void doUpsertBatch(String collection, List<VectorRecord> records) {
        writeRecords(collection, records, true);
    }

    /** Checks inserts for existing ids, then writes the records in batches of bounded size (see the class comment). */
    private void writeRecords(String collection, List<VectorRecord> records, boolean upsert) {
        CollectionSpec spec = requireCollection(collection);
        D1Table table = D1Table.of(collection);
        if (!upsert) {
            refuseExisting(table, records);
        }
        int from = 0;
        while (from < records.size()) {
            int to = from;
            long bytes = 0;
            while (to < records.size() && to - from < MAX_RECORDS_PER_BATCH && (to == from || bytes < MAX_BATCH_BYTES)) {
                VectorRecord r = records.get(to++);
                bytes += 8L * r.embedding().length + 2L * (r.id().length() + (r.text() == null ? 0 : r.text().length())) + 64
                        + 16L * r.metadata().size();
            }
            List<VectorRecord> part = records.subList(from, to);
            write((upsert ? "upsert into '" : "insert into '") + collection + "'", collection, w -> {
                writePart(w, table, spec, part, upsert);
                return null;
            });
            from = to;
        }
    }

    private void writePart(Write w, D1Table table, CollectionSpec spec, List<VectorRecord> records, boolean upsert) throws SQLException {
        IndexedCollection state = state(w, table, spec);
        if (state.index() == null) {
            writeRows(w, table, records, upsert);
            return;
        }
        engine.write(state, records, upsert, () -> {
            writeRows(w, table, records, upsert);
            long[] keys = new long[records.size()];
            Arrays.fill(keys, NodeMap.NO_KEY);
            return keys;
        }, w.graph(), () -> { });
    }

    private static void writeRows(Write w, D1Table table, List<VectorRecord> records, boolean upsert) {
        for (String array : D1Table.rows(records).arrays()) {
            w.batch.add(table.insertRows(upsert), List.of(array));
        }
    }

    /** Refuses an insert batch holding an id the collection has, before anything is written. */
    private void refuseExisting(D1Table table, List<VectorRecord> records) {
        List<String> ids = new ArrayList<>(records.size());
        for (VectorRecord r : records) {
            ids.add(r.id());
        }
        for (String array : idArrays(ids)) {
            List<String> found = read("insert into '" + table.name() + "'", w -> direct().query("SELECT id FROM " + table.quoted()
                    + " WHERE id IN (SELECT value FROM json_each(?)) LIMIT 1", List.of(array), row -> row.text(1)));
            if (!found.isEmpty()) {
                throw new ConflictException("id '" + Validation.abbreviate(found.get(0)) + "' already exists in collection '"
                        + table.name() + "'; use upsert to replace it (nothing was written)");
            }
        }
    }

    /** @return the ids as JSON arrays of at most about {@link JsonRows#MAX_ARRAY_BYTES} bytes each */
    private static List<String> idArrays(List<String> ids) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder("[");
        long bytes = 0;
        for (String id : ids) {
            String quoted = dev.agentdb.internal.Json.canonical(id);
            if (bytes > 0 && bytes + quoted.length() * 3L > JsonRows.MAX_ARRAY_BYTES) {
                out.add(b.append(']').toString());
                b.setLength(1);
                bytes = 0;
            }
            b.append(bytes == 0 ? "" : ",").append(quoted);
            bytes += quoted.length() * 3L + 1;
        }
        if (bytes > 0 || out.isEmpty()) {
            out.add(b.append(']').toString());
        }
        return out;
    }

    @Override
    protected boolean doDelete(String collection, String id) {
        return deleteIds(collection, null, id) > 0;
    }

    @Override
    protected long doDeleteWhere(String collection, Filter filter) {
        return deleteIds(collection, filter, null);
    }

    /** Deletes one id (filter null) or every row matching a filter (id null), tombstoning their nodes, in one batch. */
    private long deleteIds(String collection, Filter filter, String id) {
        CollectionSpec spec = requireCollection(collection);
        D1Table table = D1Table.of(collection);
        return write("delete from '" + collection + "'", collection, w -> {
            IndexedCollection state = state(w, table, spec);
            SqlFragment where = id == null ? filters.sql(filter) : new SqlFragment("t.id = ?", List.of(id));
            List<String> doomed;
            if (where == null) {
                List<String> found = new ArrayList<>();
                D1Filters.scanMatching(client, table, "", filter, row -> found.add(row.text(1)));
                doomed = found;
            } else {
                doomed = direct().query("SELECT t.id FROM " + table.quoted() + " t WHERE " + where.sql(), where.params(), row -> row.text(1));
            }
            if (doomed.isEmpty()) {
                return 0L;
            }
            for (String array : idArrays(doomed)) {
                w.batch.add("DELETE FROM " + table.quoted() + " WHERE id IN (SELECT value FROM json_each(?))", List.of(array));
            }
            if (state.index() != null) {
                engine.delete(state, doomed, w.graph());
            }
            return (long) doomed.size();
        });
    }

    /** The collection's loaded state for a write, loaded (or rebuilt into the batch) now. */
    private IndexedCollection state(Write w, D1Table table, CollectionSpec spec) throws SQLException {
        IndexedCollection state = engine.loaded(table.name(), spec);
        if (state != null) {
            return state;
        }
        // a caller holding a spec read before a reindex must not rebuild the old graph: the registry decides
        spec = registry.find(direct(), table.name()).orElse(spec);
        state = engine.loaded(table.name(), spec);
        if (state != null) {
            return state;
        }
        state = engine.load(table.name(), spec, w.graph(), new D1VectorRows(client, table));
        state.beginWrite();
        return state;
    }

    /** The collection's loaded state for a search: current with the collection's version, reloaded when it moved. */
    private IndexedCollection searchState(String collection, CollectionSpec spec) {
        D1Table table = D1Table.of(collection);
        long version = read("read the version of '" + collection + "'", w -> D1Batch.version(client, collection));
        IndexedCollection state = engine.loaded(collection, spec);
        Long known = versions.get(collection);
        if (state != null && known != null && known == version) {
            return state;
        }
        if (state != null && !writeLock.isHeldByCurrentThread()) {
            forget(collection);
        }
        long generation = engine.generation(collection);
        if (readOnly()) { // a stale graph is rebuilt in memory only
            state = engine.loadReadOnly(collection, spec, generation, D1GraphStorage.reader(client, collection),
                    new D1VectorRows(client, table));
            versions.put(collection, version);
            return state;
        }
        state = engine.loadForRead(collection, spec, generation, D1GraphStorage.reader(client, collection), new D1VectorRows(client, table));
        if (state != null) {
            versions.put(collection, version);
            return state;
        }
        return write("load the index of '" + collection + "'", collection, w -> state(w, table, spec));
    }

    // ------------------------------------------------------------------ reads

    @Override
    protected Optional<VectorRecord> doGet(String collection, String id) {
        D1Table table = D1Table.of(collection);
        return read("get from '" + collection + "'", w -> direct().queryFirst(table.selectRecords() + " WHERE t.id = ?", List.of(id),
                D1Table.RECORDS));
    }

    @Override
    protected long doCount(String collection, Filter filter) {
        D1Table table = D1Table.of(collection);
        SqlFragment where = filters.sql(filter);
        if (where == null) {
            long[] n = new long[1];
            read("count '" + collection + "'", w -> {
                D1Filters.scanMatching(client, table, "", filter, row -> n[0]++);
                return null;
            });
            return n[0];
        }
        return read("count '" + collection + "'", w -> direct().query("SELECT count(*) FROM " + table.quoted() + " t WHERE " + where.sql(),
                where.params(), row -> row.int64(1)).get(0));
    }

    @Override
    protected List<VectorRecord> doScan(String collection, String afterId, int limit) {
        D1Table table = D1Table.of(collection);
        List<Object> params = new ArrayList<>();
        if (afterId != null) {
            params.add(afterId);
        }
        params.add(limit);
        String sql = table.selectRecords() + (afterId == null ? "" : " WHERE t.id > ?") + " ORDER BY t.id LIMIT ?";
        return read("scan '" + collection + "'", w -> direct().query(sql, params, D1Table.RECORDS));
    }

    /** Filters, orders ({@link SqlOrder}) and pages in D1, one request. */
    @Override
    protected List<VectorRecord> doFind(String collection, FindRequest request) {
        D1Table table = D1Table.of(collection);
        SqlFragment where = request.filter() == null ? null : filters.sql(request.filter());
        if (request.filter() != null && where == null) {
            return findInJava(table, request);
        }
        SqlFragment order = SqlOrder.orderBy(SqlDialect.SQLITE, request.sort(), "t.metadata", "t.id", "t.timestamp");
        SqlFragment page = SqlDialect.SQLITE.limit(request.limit(), request.offset());
        List<Object> params = new ArrayList<>(where == null ? List.of() : where.params());
        params.addAll(order.params());
        params.addAll(page.params());
        String sql = table.selectRecords() + (where == null ? "" : " WHERE " + where.sql()) + " ORDER BY " + order.sql() + " " + page.sql();
        return read("find in '" + collection + "'", w -> direct().query(sql, params, D1Table.RECORDS));
    }

    /** A find whose filter is too large for D1's SQL: matching records read by pages, sorted and paged in Java ({@link dev.agentdb.Sort#comparator}). */
    private List<VectorRecord> findInJava(D1Table table, FindRequest request) {
        List<String> ids = new ArrayList<>();
        read("find in '" + table.name() + "'", w -> {
            D1Filters.scanMatching(client, table, "", request.filter(), row -> ids.add(row.text(1)));
            return null;
        });
        List<VectorRecord> all = new ArrayList<>(ids.size());
        for (String array : idArrays(ids)) {
            all.addAll(read("find in '" + table.name() + "'", w -> direct().query(table.selectRecords()
                    + " WHERE t.id IN (SELECT value FROM json_each(?))", List.of(array), D1Table.RECORDS)));
        }
        all.removeIf(r -> !request.filter().test(r.metadata()));
        all.sort(dev.agentdb.Sort.comparator(request.sort()));
        int from = (int) Math.min(all.size(), request.offset());
        int to = (int) Math.min(all.size(), from + (long) request.limit());
        return new ArrayList<>(all.subList(from, to));
    }

    @Override
    protected List<SearchResult> doSearch(String collection, CollectionSpec spec, SearchRequest request) {
        Metric metric = request.metric() == null ? spec.metric() : request.metric();
        boolean indexed = spec.index().type() == IndexParams.IndexType.HNSW && metric == spec.metric();
        IndexedCollection state = indexed ? searchState(collection, spec) : null;
        return engine.search(state, spec, request, new D1SearchReads(client, D1Table.of(collection), filters));
    }

    /**
     * Bytes are the stored payload: the lengths of every column value of the rows (id, embedding, metadata,
     * text, 16 bytes for norm and timestamp) plus the graph rows (ids, neighbour lists, tombstone vectors, 16 bytes
     * per row); D1's pages and indexes are not counted.
     */
    @Override
    protected CollectionStats doStats(String collection) {
        CollectionSpec spec = requireCollection(collection);
        D1Table table = D1Table.of(collection);
        long[] sizes = read("stats of '" + collection + "'", w -> {
            D1Result r = direct().run("SELECT count(*), coalesce(sum(length(t.id) + length(t.embedding) + coalesce(length(t.metadata), 0) "
                    + "+ coalesce(length(t.text), 0) + 16), 0), (SELECT coalesce(sum(length(id) + length(neighbors) + 16), 0) FROM hnsw_graph "
                    + "WHERE collection = ?), (SELECT coalesce(sum(length(vector) + 16), 0) FROM hnsw_tombstones WHERE collection = ?) FROM "
                    + table.quoted() + " t", List.of(collection, collection));
            List<Object> row = r.rows().get(0);
            return new long[] {((Number) row.get(0)).longValue(),
                    ((Number) row.get(1)).longValue() + ((Number) row.get(2)).longValue() + ((Number) row.get(3)).longValue()};
        });
        long indexed = 0;
        if (spec.index().type() == IndexParams.IndexType.HNSW && spec.hasDimension()) {
            indexed = searchState(collection, spec).liveCount();
        }
        return new CollectionStats(collection, sizes[0], spec.dimension(), spec.metric(), spec.index(), sizes[1], indexed,
                CollectionStats.implementationOf(spec.index(), CollectionStats.IN_HOUSE));
    }

    // ------------------------------------------------------------------ raw SQL, state, health

    /**
     * Runs one statement through the API (not in a batch). Parameters as {@link dev.agentdb.d1.internal.D1Params}
     * binds them ({@code byte[]} and {@code float[]} as BLOBs through {@code unhex}, huge integers exactly); D1's
     * limits apply (100 parameters). After a statement other than {@code SELECT}/{@code EXPLAIN} the in-memory
     * indexes and cached specs are dropped. Not retried on an ambiguous failure (the statement may not be idempotent).
     *
     * @param sql one statement with {@code ?} placeholders
     * @param params bound values, in order; may be null
     * @return a query's rows as column-to-value maps (BLOBs as lists of byte values, as D1 returns them), else empty
     */
    @Override
    public List<Map<String, Object>> executeRaw(String sql, List<Object> params) {
        if (sql == null || sql.isBlank()) {
            throw new InvalidInputException("sql", "must not be empty");
        }
        if (!RawSql.mayRead(sql)) {
            requireWritable("raw SQL '" + Validation.abbreviate(sql.strip()) + "'");
        }
        List<Object> values = params == null ? List.of() : params;
        if (readOnly() && writes(sql, values)) {
            requireWritable("raw SQL '" + Validation.abbreviate(sql.strip()) + "'");
        }
        try {
            return read("run raw SQL", w -> direct().execute(sql, values));
        } finally {
            String s = sql.stripLeading();
            if (!(s.regionMatches(true, 0, "SELECT", 0, 6) || s.regionMatches(true, 0, "EXPLAIN", 0, 7))) {
                writeLock.lock();
                try {
                    engine.discardAll();
                    versions.clear();
                    invalidateSpecCache();
                } finally {
                    writeLock.unlock();
                }
            }
        }
    }

    /**
     * Whether a statement would write, from its SQLite program ({@code EXPLAIN}: a {@code Transaction} opcode with
     * a non-zero P2 starts a write transaction, {@code OpenWrite} opens a table for writing), so that a read-only
     * handle refuses e.g. {@code WITH ... DELETE} before it is sent. A statement that cannot be explained is left to D1.
     */
    private boolean writes(String sql, List<Object> values) {
        if (sql.stripLeading().regionMatches(true, 0, "EXPLAIN", 0, 7)) {
            return false;
        }
        try {
            D1Result program = direct().run("EXPLAIN " + sql, values);
            int opcode = program.columns().indexOf("opcode");
            int p2 = program.columns().indexOf("p2");
            if (opcode < 0 || p2 < 0) {
                return false;
            }
            for (List<Object> op : program.rows()) {
                Object name = op.get(opcode);
                if ("OpenWrite".equals(name) || ("Transaction".equals(name) && op.get(p2) instanceof Number n && n.longValue() != 0)) {
                    return true;
                }
            }
            return false;
        } catch (SQLException e) {
            return false;
        }
    }

    /** State stores are the tables {@code agentdb_meta} and {@code agentdb_migration_checkpoints}, created by the schema. */
    @Override
    protected Optional<String> doReadState(StateStore store, String key) {
        return read("read state '" + key + "'", w -> states.read(direct(), store, key));
    }

    @Override
    protected void doWriteState(StateStore store, String key, String value) {
        read("write state '" + key + "'", w -> {
            states.write(D1Executor.idempotent(client), store, key, value);
            return null;
        });
    }

    @Override
    protected boolean doDeleteState(StateStore store, String key) {
        return read("delete state '" + key + "'", w -> states.delete(D1Executor.idempotent(client), store, key));
    }

    /**
     * Runs {@code SELECT 1} (D1 refuses {@code sqlite_version()}).
     *
     * @return {@code Cloudflare D1 d1://ACCOUNT/DATABASE[?endpoint=...]}, never the token
     */
    @Override
    protected String doPing() {
        return read("ping", w -> {
            direct().query("SELECT 1", List.of(), row -> row.int64(1));
            return "Cloudflare D1 " + url;
        });
    }

    /** Releases the in-memory indexes. Idempotent. */
    @Override
    public void close() {
        engine.close();
        versions.clear();
        client.close();
    }

    /** @return requests sent and retried since open (diagnostics) */
    @dev.agentdb.Beta
    public Map<String, Long> requestCounters() {
        return client.counters();
    }

    @Override
    public String toString() {
        return "D1Adapter[" + url + "]";
    }
}
