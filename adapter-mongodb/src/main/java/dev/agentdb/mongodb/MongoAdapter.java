package dev.agentdb.mongodb;

import com.mongodb.ConnectionString;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
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
import dev.agentdb.ReadOnlyException;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.Sort;
import dev.agentdb.UnsupportedFeatureException;
import dev.agentdb.VectorRecord;
import dev.agentdb.engine.IndexEngine;
import dev.agentdb.engine.IndexedCollection;
import dev.agentdb.engine.NodeMap;
import dev.agentdb.filter.Filter;
import dev.agentdb.internal.Validation;
import dev.agentdb.migrations.SchemaScripts;
import dev.agentdb.migrations.SchemaVersioning;
import dev.agentdb.migrations.ScriptedVersioning;
import dev.agentdb.mongodb.internal.MongoDocuments;
import dev.agentdb.mongodb.internal.MongoErrors;
import dev.agentdb.mongodb.internal.MongoGraphStorage;
import dev.agentdb.mongodb.internal.MongoLocks;
import dev.agentdb.mongodb.internal.MongoOps;
import dev.agentdb.mongodb.internal.MongoRegistry;
import dev.agentdb.mongodb.internal.MongoSearchIndexes;
import dev.agentdb.mongodb.internal.MongoSearchReads;
import dev.agentdb.mongodb.internal.MongoUrl;
import dev.agentdb.mongodb.internal.MongoVectorRows;
import dev.agentdb.mongodb.internal.MongoVectorSearch;
import dev.agentdb.spi.Capability;
import dev.agentdb.spi.DatabaseAdapter;
import dev.agentdb.spi.StateStore;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * MongoDB adapter (the official synchronous driver).
 *
 * <h2>URLs</h2>
 * MongoDB connection strings, {@code mongodb://user:password@host:27017/agentdb?maxPoolSize=20} and
 * {@code mongodb+srv://...}, with the database in the path (required). Pool size, timeouts, TLS and
 * every other option come from the connection string; where it sets none, the pool holds
 * {@link AgentDBConfig#poolSize()} connections and connecting (server selection included) waits
 * {@link AgentDBConfig#connectTimeoutMs()}. Passwords never appear in messages, logs or
 * {@code health()}.
 *
 * <h2>Storage</h2>
 * Each collection is a MongoDB collection of the same name holding plain documents
 * {@code {_id, embedding, metadata, text, timestamp}} (see the internal {@code MongoDocuments}: the
 * embedding a BSON binary float32 vector, metadata a nested document keeping its JSON types). Beside
 * them, in the same database: the registry {@code agentdb_collections} (one document per collection,
 * and the schema version document), the graph collections {@code agentdb_hnsw_header} and
 * {@code agentdb_hnsw_nodes}, the write leases {@code agentdb_index_versions}, and the state stores
 * {@code agentdb_meta}, {@code agentdb_migration_checkpoints}. Their schema is versioned without JDBC
 * ({@link ScriptedVersioning}; scripts {@code db/agentdb/mongodb/V<n>__*.json}, each a JSON array of
 * database commands, {@link #SCHEMA_SCRIPTS}).
 *
 * <h2>Search</h2>
 * Per collection, one of two paths, chosen when it is created and recorded in its registry document
 * ({@code index_implementation}); {@code stats().indexImplementation()} reports it:
 * <ul>
 *   <li>{@value dev.agentdb.mongodb.internal.MongoVectorSearch#IMPLEMENTATION}: MongoDB's
 *       {@code $vectorSearch}, for cosine and l2 collections created on a deployment that runs it
 *       (asked on open with {@code $listSearchIndexes}: {@link MongoDeployment#vectorSearch()}), unless
 *       {@value dev.agentdb.mongodb.internal.MongoVectorSearch#MODE_PROPERTY}{@code =in-house}. The adapter
 *       creates the collection's search index {@value dev.agentdb.mongodb.internal.MongoVectorSearch#INDEX_NAME}
 *       (the metric's similarity; filter fields: the metadata paths of the properties
 *       {@value dev.agentdb.mongodb.internal.MongoVectorSearch#FILTER_FIELDS_PROPERTY} for every collection and
 *       {@value dev.agentdb.mongodb.internal.MongoVectorSearch#FILTER_FIELDS_PROPERTY}{@code .<collection>}, comma-separated)
 *       and waits until it is queryable (at most
 *       {@value dev.agentdb.mongodb.internal.MongoVectorSearch#READY_TIMEOUT_PROPERTY}, default 120,000 ms; then
 *       {@link SearchIndexTimeoutException}). efSearch becomes {@code numCandidates}; the part of a filter
 *       on declared paths is applied by the index, every result is tested with {@link Filter#test} and
 *       re-scored exactly against its embedding; a filter only on undeclared paths, an exact search, a
 *       FLAT spec, another metric, or an index that is not queryable scan the matching documents exactly
 *       instead. The index is eventually consistent: a write is found once the deployment has indexed it
 *       (typically within a second).</li>
 *   <li>{@value CollectionStats#IN_HOUSE}: AgentDB's in-house HNSW index through the shared index engine
 *       ({@link IndexEngine}), its graph persisted in {@code agentdb_hnsw_*} and loaded (or rebuilt when
 *       stale) on first use; exact searches scan the (matching) documents. Every other collection, and
 *       every collection on a deployment without {@code $vectorSearch} (the stand-in of the tests).</li>
 * </ul>
 * Filters are BSON queries ({@link MongoFilterTranslator}).
 *
 * <h2>Writes, the graph and other clients</h2>
 * A write to a collection (insert, upsert, delete, reindex) first takes the collection's lease in
 * {@code agentdb_index_versions} (writers queue up, in every process), reloads the in-memory graph
 * when another client wrote since it was loaded, writes the documents ({@code insertMany} or
 * {@code bulkWrite} in chunks of {@value #CHUNK}) and the changed graph nodes, and hands the lease back
 * with the collection's version moved on; a search reads that version (one document) and reloads the
 * graph first when another client wrote.
 *
 * <h2>Atomicity without transactions</h2>
 * {@code insertBatch} and {@code upsertBatch} are all-or-nothing. On a deployment with transactions
 * (a replica set or {@code mongos}) the documents of a batch are written in one transaction. On a
 * standalone server, which has none, a failed batch is undone by an idempotent compensation before
 * the error is thrown: an insert deletes the ids it inserted, an upsert puts back the documents it
 * replaced (read before writing) and deletes those it created; the graph is cleared and rebuilt from
 * the documents on next use. What a crash of the writing process in the middle of a batch can leave:
 * the documents written so far (a prefix of the batch: {@code get} and {@code count} see them), a
 * graph that is rebuilt when next loaded, and a lease that blocks the collection's writers for
 * {@link MongoLocks#LEASE_MS} ms (writers of the same machine take over a dead process's lease at once:
 * see {@link MongoLocks}). Other clients may read a batch's first documents before its last
 * are written. {@code deleteWhere} deletes in chunks, each atomic per document.
 *
 * <h2>Read-only</h2>
 * With {@link AgentDBConfig#readOnly()} the adapter writes nothing, from opening on: no migration (the
 * database must hold this library's schema version: none is a {@link BackendUnavailableException}, an
 * older one a {@link ReadOnlyException}), no lease, no graph persisted; every write of the API throws
 * {@link ReadOnlyException} before it reaches the server. A graph is loaded without the lease, between
 * writes (see {@link #loadReadOnly}); a missing or stale one is rebuilt in memory only. MongoDB has no
 * read-only connection: for the server to refuse writes as well, connect as a user with the
 * {@code read} role only.
 *
 * <h2>Transactions</h2>
 * Where the deployment has multi-document transactions (a replica set or {@code mongos}, asked on open:
 * {@link MongoDeployment#transactions()}), {@code transaction(...)} runs its work in one driver
 * {@link ClientSession} transaction that every operation of the thread joins (see {@link #doTransaction});
 * elsewhere (a standalone server, the stand-in of the tests) {@link Capability#TRANSACTIONS} is not
 * declared and {@code transaction(...)} throws {@link UnsupportedFeatureException}.
 *
 * <h2>Metadata numbers</h2>
 * Integers of more than 34 digits are refused with {@link InvalidInputException} naming the value's path
 * before anything is written: decimal128 holds integers below 10^34 exactly, and a double would read back
 * another number (see the internal {@code MongoDocuments.checkStorable}).
 *
 * <h2>Capabilities</h2>
 * {@link Capability#DURABLE}, {@link Capability#READ_ONLY}, and {@link Capability#TRANSACTIONS} on
 * deployments that have them; raw SQL and IVFFLAT are not offered.
 *
 * <p>Thread-safe: the driver's client pools its connections.
 */
public final class MongoAdapter extends DatabaseAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(MongoAdapter.class);

    /** The versioned schema's scripts, in {@code db/agentdb/mongodb} of this jar: V1 the graph node index. */
    public static final SchemaScripts SCHEMA_SCRIPTS = new SchemaScripts("db/agentdb/mongodb", List.of("V1__agentdb_layout.json"));

    /** Documents per {@code insertMany}/{@code bulkWrite}/{@code deleteMany} call. */
    static final int CHUNK = 1_000;
    /** MongoDB's error code for an unknown command. */
    private static final int COMMAND_NOT_FOUND = 59;
    /** Waiting for another writer's lease ends after at least this long, in ms. */
    private static final long MIN_LEASE_WAIT_MS = 30_000;

    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(Capability.DURABLE, Capability.READ_ONLY));
    private static final Set<Capability> WITH_TRANSACTIONS = Collections.unmodifiableSet(EnumSet.of(Capability.DURABLE,
            Capability.READ_ONLY, Capability.TRANSACTIONS));

    private final MongoUrl url;
    private final MongoClient client;
    private final MongoDatabase db;
    /** Asked on open; {@link MongoDeployment#vectorSearch()} set once the schema exists ({@link #probeVectorSearch}). */
    private volatile MongoDeployment deployment;
    private final MongoErrors errors;
    private final MongoRegistry registry;
    private final MongoLocks locks;
    private final ScriptedVersioning versioning;
    private final IndexEngine engine;
    /** Set once when opening, after the schema exists ({@link #probeStringOrder()}). */
    private volatile MongoFilterTranslator filters = new MongoFilterTranslator(MongoDocuments.METADATA);
    /** The collection version each loaded in-memory graph mirrors. */
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    /** This adapter's writers of a collection queue here before they take its lease. */
    private final Map<String, ReentrantLock> writers = new ConcurrentHashMap<>();
    /** Whether new collections may use {@code $vectorSearch} ({@link MongoVectorSearch#MODE_PROPERTY}). */
    private final boolean vectorSearchAllowed;
    /** Per collection, what its registry document says serves its searches (cached; dropped with the collection). */
    private final Map<String, String> implementations = new ConcurrentHashMap<>();
    /** The collections' vector search indexes: listed, created, waited for, cached. */
    private final MongoSearchIndexes searchIndexes;

    private MongoAdapter(AgentDBConfig config, MongoUrl url, MongoClient client, MongoDeployment deployment) {
        super(config);
        this.url = url;
        this.client = client;
        this.db = client.getDatabase(url.database());
        this.deployment = deployment;
        this.errors = new MongoErrors(url);
        this.registry = new MongoRegistry(db, errors, this::session);
        this.locks = new MongoLocks(db, errors, Math.max(MIN_LEASE_WAIT_MS, config.busyTimeoutMs()));
        this.versioning = new ScriptedVersioning(SCHEMA_SCRIPTS, registry, this::applyScript);
        this.engine = IndexEngine.configured("mongodb", config);
        this.vectorSearchAllowed = MongoVectorSearch.allowed(config);
        this.searchIndexes = new MongoSearchIndexes(db, errors, url, config, MongoVectorSearch.readyTimeoutMs(config));
        MongoVectorSearch.filterFields(config, "vectors"); // refuses a malformed path of the global property on open
    }

    /**
     * Connects, asks the deployment what it is and migrates the schema when
     * {@link AgentDBConfig#autoMigrate()}.
     *
     * With {@link AgentDBConfig#readOnly()} it writes nothing: no migration, no lease; the database
     * must hold this library's schema version. Then asks whether the deployment runs {@code $vectorSearch}.
     *
     * @param config the configuration; its URL must be a MongoDB URL with a database
     * @return an open adapter, owned by the caller
     * @throws InvalidInputException naming {@code url} when it is malformed or names no database
     * @throws BackendUnavailableException when the deployment cannot be reached; read-only, also when
     *         the database holds no AgentDB schema (a database never opened read-write)
     * @throws ConflictException when the stored schema is newer than this library supports
     * @throws ReadOnlyException read-only, when the stored schema is older than this library's
     */
    public static MongoAdapter open(AgentDBConfig config) {
        MongoUrl url = MongoUrl.parse(config.url());
        MongoClient client = MongoClients.create(settings(config, url.connectionString()));
        MongoAdapter adapter = null;
        try {
            MongoDeployment deployment = detect(client, url);
            adapter = new MongoAdapter(config, url, client, deployment);
            LOG.info("mongodb: {} at {}", deployment, url.redacted());
            if (config.readOnly()) {
                adapter.checkReadable();
            } else if (config.autoMigrate()) {
                adapter.runMigration();
            } else {
                SchemaVersioning.refuseNewer(adapter.getMigrationVersion(), SCHEMA_SCRIPTS.latestVersion());
            }
            adapter.filters = new MongoFilterTranslator(MongoDocuments.METADATA, adapter.probeStringOrder(), adapter.probeNumberRanges());
            adapter.deployment = adapter.probeVectorSearch(deployment);
            LOG.info("mongodb: $vectorSearch {}: {}", adapter.deployment.vectorSearch() ? (adapter.vectorSearchAllowed
                    ? "available; new cosine and l2 collections use it" : "available, not used (" + MongoVectorSearch.MODE_PROPERTY
                    + "=in-house)") : "not available; collections use the in-house index", adapter.deployment.vectorSearchDetail());
            return adapter;
        } catch (RuntimeException | Error e) {
            if (adapter != null) {
                adapter.close();
            } else {
                client.close();
            }
            throw e;
        }
    }

    /**
     * Asks the deployment whether it runs {@code $vectorSearch}: {@code $listSearchIndexes} on the registry
     * collection (which exists once the schema does) answers where search is enabled; a refusal
     * ({@link MongoVectorSearch#unavailableReason}) means it does not. Reads only.
     *
     * @throws BackendUnavailableException when the deployment cannot be reached
     */
    private MongoDeployment probeVectorSearch(MongoDeployment d) {
        try {
            db.getCollection(MongoRegistry.COLLECTIONS).aggregate(List.of(new Document("$listSearchIndexes", new Document()))).first();
            return d.withVectorSearch(true, "$listSearchIndexes answered");
        } catch (MongoCommandException e) {
            return d.withVectorSearch(false, url.redact(MongoVectorSearch.unavailableReason(e.getErrorCode(), e.getErrorCodeName(),
                    e.getErrorMessage())));
        } catch (MongoException e) {
            throw errors.translate(e, "ask whether the deployment runs $vectorSearch");
        }
    }

    /** A read-only open reads the schema as it is: at this library's version, or refused (nothing is written). */
    private void checkReadable() {
        int stored = getMigrationVersion();
        int latest = SCHEMA_SCRIPTS.latestVersion();
        SchemaVersioning.refuseNewer(stored, latest);
        if (stored == 0) {
            throw new BackendUnavailableException("MongoDB at " + url.redacted() + ": the database '" + url.database()
                    + "' holds no AgentDB schema (no schema document in " + MongoRegistry.COLLECTIONS + "), and a database opened"
                    + " read-only creates nothing; open it read-write once (autoMigrate) to create it");
        }
        if (stored < latest) {
            throw new ReadOnlyException("migrate the AgentDB collections from version " + stored + " to " + latest
                    + " (this library reads version " + latest + ")", "refused: the database was opened read-only; open it"
                    + " read-write once (autoMigrate, or agentdb upgrade --db URL) to migrate it", null);
        }
    }

    /** The connection string's settings, with AgentDB's pool size and timeout where it sets none. */
    static MongoClientSettings settings(AgentDBConfig config, ConnectionString cs) {
        MongoClientSettings.Builder b = MongoClientSettings.builder().applyConnectionString(cs);
        long timeout = config.connectTimeoutMs();
        if (cs.getMaxConnectionPoolSize() == null) {
            b.applyToConnectionPoolSettings(p -> p.maxSize(config.poolSize()));
        }
        if (cs.getMaxWaitTime() == null) {
            b.applyToConnectionPoolSettings(p -> p.maxWaitTime(timeout, TimeUnit.MILLISECONDS));
        }
        if (cs.getConnectTimeout() == null) {
            b.applyToSocketSettings(s -> s.connectTimeout((int) Math.min(Integer.MAX_VALUE, timeout), TimeUnit.MILLISECONDS));
        }
        if (cs.getServerSelectionTimeout() == null) {
            b.applyToClusterSettings(c -> c.serverSelectionTimeout(timeout, TimeUnit.MILLISECONDS));
        }
        return b.build();
    }

    /** Asks the deployment what it is: {@code hello} (or {@code isMaster}) and {@code buildInfo}. */
    private static MongoDeployment detect(MongoClient client, MongoUrl url) {
        MongoDatabase admin = client.getDatabase("admin");
        try {
            Document hello;
            boolean helloKnown = true;
            try {
                hello = admin.runCommand(new Document("hello", 1));
            } catch (MongoCommandException e) {
                if (e.getErrorCode() != COMMAND_NOT_FOUND) {
                    throw e;
                }
                helloKnown = false;
                hello = admin.runCommand(new Document("isMaster", 1));
            }
            String version;
            try {
                version = String.valueOf(admin.runCommand(new Document("buildInfo", 1)).get("version", "unknown"));
            } catch (MongoCommandException e) {
                version = "unknown";
            }
            String setName = hello.getString("setName");
            boolean mongos = "isdbgrid".equals(hello.getString("msg"));
            String topology = setName != null ? "replica set " + setName : mongos ? "sharded (mongos)" : "standalone";
            return new MongoDeployment(version, topology, setName != null || mongos, helloKnown);
        } catch (MongoException e) {
            throw new BackendUnavailableException("cannot reach MongoDB at " + url.redacted() + ": " + url.redact(e.getMessage()), e);
        }
    }

    /**
     * Asks the server how it orders strings: {@code $cmp} of U+FFFF and U+1F600 in an aggregation over
     * the registry's schema document (reads only). MongoDB compares UTF-8 bytes (code point order:
     * U+FFFF first); the mongo-java-server stand-in compares UTF-16 code units (U+1F600 first), and
     * then filters on string ranges are tested in Java too ({@link MongoFilterTranslator}).
     *
     * @return whether the server orders strings by code point (also when it cannot tell: no schema document)
     */
    /**
     * Asks the server how a query compares a stored int64 with a fractional double: the registry's schema
     * document projected to {@code {v: NumberLong(4000000000)}}, then {@code $match {v: {$lt: 4000000000.5}}}
     * (reads only). MongoDB matches it; the mongo-java-server stand-in cuts the double to an integer and
     * does not, and then range filters with fractional bounds are also tested in Java ({@link MongoFilterTranslator}).
     *
     * @return whether such comparisons are exact (also when it cannot tell: no schema document)
     */
    private boolean probeNumberRanges() {
        boolean exact = errors.run("ask how the server compares numbers", () -> {
            MongoCollection<Document> registry = db.getCollection(MongoRegistry.COLLECTIONS);
            if (registry.find(new Document("_id", MongoRegistry.SCHEMA)).first() == null) {
                return true;
            }
            return registry.aggregate(List.of(new Document("$match", new Document("_id", MongoRegistry.SCHEMA)),
                    new Document("$project", new Document("v", new Document("$literal", 4_000_000_000L))),
                    new Document("$match", new Document("v", new Document("$lt", 4_000_000_000.5))))).first() != null;
        });
        if (!exact) {
            LOG.info("mongodb: the server compares a stored int64 with a fractional double as if the double were an integer"
                    + " (the mongo-java-server stand-in); filters on such ranges are also tested in Java");
        }
        return exact;
    }

    private boolean probeStringOrder() {
        Document probe = errors.run("ask how the server orders strings", () -> db.getCollection(MongoRegistry.COLLECTIONS)
                .aggregate(List.of(new Document("$match", new Document("_id", MongoRegistry.SCHEMA)),
                        new Document("$project", new Document("cmp", new Document("$cmp", List.of("\uFFFF", "\uD83D\uDE00"))))))
                .first());
        boolean codePoints = probe == null || !(probe.get("cmp") instanceof Number n) || n.intValue() < 0;
        if (!codePoints) {
            LOG.info("mongodb: the server orders strings by UTF-16 code unit, not by code point as MongoDB does (the mongo-java-server"
                    + " stand-in); filters on string ranges are also tested in Java");
        }
        return codePoints;
    }

    // ------------------------------------------------------------------ identity

    /** @return {@link BackendType#MONGODB} */
    @Override
    public BackendType backendType() {
        return BackendType.MONGODB;
    }

    /**
     * @return DURABLE and READ_ONLY; TRANSACTIONS too where the deployment has multi-document transactions
     *         (a replica set or {@code mongos}: {@link MongoDeployment#transactions()}, asked on open)
     */
    @Override
    public Set<Capability> capabilities() {
        return deployment.transactions() ? WITH_TRANSACTIONS : CAPABILITIES;
    }

    /** @return what the adapter found out about its deployment when it connected */
    public MongoDeployment deployment() {
        return deployment;
    }

    // ------------------------------------------------------------------ schema

    /**
     * Migrates the AgentDB side collections ({@link ScriptedVersioning}, the scripts of
     * {@link #SCHEMA_SCRIPTS}), holding the lease {@code agentdb_schema} so that concurrent opens
     * migrate once.
     *
     * @return the schema version after migrating
     * @throws ConflictException when the stored schema is newer than this library supports
     * @throws AgentDBException naming the script when one fails
     */
    @Override
    public int runMigration() {
        requireWritable("migrate the AgentDB collections");
        locks.acquire(MongoRegistry.SCHEMA);
        try {
            return versioning.migrate();
        } finally {
            locks.release(MongoRegistry.SCHEMA, 0);
            invalidateSpecCache();
        }
    }

    /** @return the schema version recorded in the registry's schema document (0 when never migrated) */
    @Override
    public int getMigrationVersion() {
        return versioning.currentVersion();
    }

    /** Runs a script's commands (a JSON array of command documents) on the database, in order. */
    private void applyScript(SchemaScripts.Script script) {
        BsonArray commands = BsonArray.parse(script.text());
        for (BsonValue command : commands) {
            BsonDocument c = command.asDocument();
            errors.run("schema script " + script.name(), () -> db.runCommand(c));
        }
    }

    // ------------------------------------------------------------------ the lease

    /** What a write under the lease did, so that releasing it records the right version. */
    private static final class Held {
        final long version;
        boolean changed;
        boolean mirrored;

        Held(long version) {
            this.version = version;
        }
    }

    @FunctionalInterface
    private interface LeasedWork<T> {
        T run(Held held);
    }

    /**
     * Settles a collection's in-memory state once its lease is handed back (a single write's or a
     * transaction's): nothing written (also a refused write, e.g. a conflict) leaves the state mirroring
     * the version it had; a successful write whose graph mirrors the new version keeps it; anything
     * else drops it, to be reloaded on next use.
     *
     * @param name the collection
     * @param held what the write or transaction did to it
     * @param ok whether the write returned, or the transaction committed
     * @param next the version the lease was handed back at
     */
    private void settle(String name, Held held, boolean ok, long next) {
        if (!held.changed) {
            if (engine.isLoaded(name)) {
                engine.committed(List.of(name));
            }
        } else if (ok && held.mirrored && engine.isLoaded(name)) {
            versions.put(name, next);
            engine.committed(List.of(name));
        } else {
            versions.remove(name);
            engine.discard(name);
        }
    }

    /**
     * Runs a write of one collection under its lease (see the class comment): this adapter's writers
     * queue on a local lock first; the version moves on when the work changed anything; the in-memory
     * graph is kept when it mirrors the new version, else dropped.
     */
    private <T> T leased(String name, LeasedWork<T> work) {
        Tx tx = this.tx.get();
        if (tx != null) {
            return tx.leased(name, work);
        }
        ReentrantLock local = writers.computeIfAbsent(name, n -> new ReentrantLock(true));
        if (local.isHeldByCurrentThread()) {
            throw new IllegalStateException("nested write of collection '" + name + "'");
        }
        local.lock();
        try {
            Held held = new Held(locks.acquire(name));
            boolean ok = false;
            try {
                T result = work.run(held);
                ok = true;
                return result;
            } finally {
                long next = held.changed ? held.version + 1 : held.version;
                boolean stillHeld;
                try {
                    stillHeld = locks.release(name, next);
                } finally {
                    settle(name, held, ok, next);
                }
                if (!stillHeld) {
                    LOG.warn("mongodb: the write lease of collection '{}' ran out during a write ({} ms); another writer may have"
                            + " written meanwhile, so its graph is reloaded on next use", name, MongoLocks.LEASE_MS);
                    versions.remove(name);
                    engine.discard(name);
                }
            }
        } finally {
            local.unlock();
        }
    }

    // ------------------------------------------------------------------ transactions

    /** The calling thread's API transaction, or null. */
    private final ThreadLocal<Tx> tx = new ThreadLocal<>();

    /** @return the calling thread's transaction session, or null outside {@code transaction(...)} */
    private ClientSession session() {
        Tx t = tx.get();
        return t == null ? null : t.session;
    }

    /**
     * One API transaction ({@link #doTransaction}): a driver session in a multi-document transaction
     * (read concern {@code snapshot}, write concern {@code majority}) that every operation of the
     * thread joins, and the leases of the collections it wrote or loaded, held until it ends so that
     * no other writer (of any process) changes them or their graph in between. Ending it hands each
     * lease back (the version moved on when the collection was written and the transaction committed)
     * and tells the engine that the in-memory graph mirrors the committed state, or drops it (abort).
     */
    private final class Tx {
        final ClientSession session;
        final Map<String, Held> held = new java.util.LinkedHashMap<>();
        final Map<String, ReentrantLock> locals = new HashMap<>();
        /** A write that failed after it may have sent something: MongoDB has no savepoints, so the transaction cannot commit. */
        RuntimeException rollbackOnly;

        Tx(ClientSession session) {
            this.session = session;
        }

        /** Runs work under the collection's lease, taken once per transaction and kept until it ends. */
        <T> T leased(String name, LeasedWork<T> work) {
            Held h = held.get(name);
            if (h == null) {
                ReentrantLock local = writers.computeIfAbsent(name, n -> new ReentrantLock(true));
                local.lock();
                try {
                    h = new Held(locks.acquire(name));
                } catch (RuntimeException | Error e) {
                    local.unlock();
                    throw e;
                }
                held.put(name, h);
                locals.put(name, local);
            }
            Held w = new Held(h.version); // this call's view: whether it wrote, whether the graph mirrors it
            try {
                return work.run(w);
            } catch (RuntimeException | Error e) {
                if (w.changed && rollbackOnly == null) {
                    // the work may have written part of what it meant to: the transaction must not commit that part
                    rollbackOnly = e instanceof RuntimeException r ? r : new AgentDBException("a write failed: " + e, e);
                }
                throw e;
            } finally {
                h.changed |= w.changed;
                if (w.changed || w.mirrored) {
                    h.mirrored = w.mirrored;
                }
            }
        }

        /** @return whether this transaction wrote the collection (its documents, graph or registry entry) */
        boolean wrote(String name) {
            Held h = held.get(name);
            return h != null && h.changed;
        }

        /** Hands the leases back and settles the in-memory graphs: committed ones mirror the new versions, others are dropped. */
        void end(boolean committed) {
            RuntimeException failure = null;
            for (Map.Entry<String, Held> e : held.entrySet()) {
                String name = e.getKey();
                Held h = e.getValue();
                long next = committed && h.changed ? h.version + 1 : h.version;
                try {
                    if (!locks.release(name, next)) {
                        LOG.warn("mongodb: the write lease of collection '{}' ran out during a transaction ({} ms); its graph is"
                                + " reloaded on next use", name, MongoLocks.LEASE_MS);
                        committed = committed && !h.changed;
                    }
                } catch (RuntimeException ex) {
                    failure = failure == null ? ex : failure;
                } finally {
                    settle(name, h, committed, next);
                    locals.get(name).unlock();
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Runs work on the calling thread as if no transaction were in progress, then restores it. */
    private <T> T outsideTransaction(java.util.function.Supplier<T> work) {
        Tx saved = tx.get();
        tx.remove();
        try {
            return work.get();
        } finally {
            tx.set(saved);
        }
    }

    /**
     * Runs work in one MongoDB multi-document transaction (only where the deployment has them: a replica
     * set or {@code mongos}; {@link Capability#TRANSACTIONS} is declared there only). Every operation of
     * the calling thread inside it joins the transaction's session: its reads see its writes, and its
     * writes (documents, graph nodes, registry, state stores) commit together or not at all. A nested
     * call joins the outer transaction. The collections it writes stay leased until it ends, so writers of
     * other processes wait; a collection it only searches is searched as outside it (committed data). The
     * snapshot of a transaction starts at its first read: a writer of another process that commits to a
     * collection after that and before the transaction takes the collection's lease makes the
     * transaction's graph writes conflict, and MongoDB aborts it ({@code WriteConflict}; run it again). MongoDB limits: a transaction lasts at most
     * {@code transactionLifetimeLimitSeconds} (60 s by default); {@code dropCollection} is refused inside one
     * (MongoDB does not drop in a transaction); collections created inside one exist (empty) even when it
     * rolls back, and their registration rolls back; {@code $vectorSearch} does not run inside one, so
     * searches there scan exactly; a write that fails part way inside one makes the whole transaction roll
     * back (MongoDB has no savepoints), even when {@code work} catches its exception.
     *
     * @throws AgentDBException when the commit fails (the transaction then rolled back), or a write failed part way
     */
    @Override
    protected <T> T doTransaction(java.util.function.Supplier<T> work) {
        if (tx.get() != null) {
            return work.get();
        }
        ClientSession session = errors.run("start a session", client::startSession);
        try {
            return inTransaction(session, work);
        } finally {
            session.close();
        }
    }

    /**
     * The body of {@link #doTransaction}: binds a {@link Tx} to the calling thread, runs the work in the
     * session's transaction, commits (or aborts), then hands the leases back and settles the graphs.
     * Package-private so that tests on a server without transactions (the stand-in) can run the
     * bookkeeping with {@code session} null: the operations then run outside any driver transaction,
     * each committed on its own, while leases, versions and graphs behave as in a transaction.
     *
     * @param session the session to run the transaction in, or null for the bookkeeping alone
     * @param work the work
     * @param <T> its result
     * @return what the work returned
     * @throws AgentDBException when the commit fails, or a write inside failed part way
     */
    <T> T inTransaction(ClientSession session, java.util.function.Supplier<T> work) {
        if (tx.get() != null) {
            return work.get();
        }
        Tx t = new Tx(session);
        tx.set(t);
        boolean committed = false;
        try {
            if (session != null) {
                session.startTransaction(com.mongodb.TransactionOptions.builder().readConcern(com.mongodb.ReadConcern.SNAPSHOT)
                        .writeConcern(com.mongodb.WriteConcern.MAJORITY).readPreference(com.mongodb.ReadPreference.primary()).build());
            }
            T result = work.get();
            if (t.rollbackOnly != null) {
                throw new AgentDBException("a write inside the transaction failed part way, so the transaction was rolled back"
                        + " (MongoDB has no savepoints): " + t.rollbackOnly.getMessage(), t.rollbackOnly);
            }
            if (session != null) {
                commit(session);
            }
            committed = true;
            return result;
        } finally {
            tx.remove();
            if (!committed && session != null && session.hasActiveTransaction()) {
                try {
                    session.abortTransaction();
                } catch (com.mongodb.MongoException e) {
                    LOG.debug("mongodb: aborting a transaction failed (it ends on the server anyway): {}", url.redact(e.getMessage()));
                }
            }
            t.end(committed);
        }
    }

    /** Commits, retrying while the outcome is unknown (the driver's {@code UnknownTransactionCommitResult} label), at most 3 times. */
    private void commit(ClientSession session) {
        for (int attempt = 1; ; attempt++) {
            try {
                session.commitTransaction();
                return;
            } catch (com.mongodb.MongoException e) {
                if (attempt < 3 && e.hasErrorLabel(com.mongodb.MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL)) {
                    continue;
                }
                throw errors.translate(e, "commit a transaction");
            }
        }
    }

    /**
     * Under the lease: the loaded state when it mirrors the leased version, else loaded now (rebuilt
     * and persisted when the stored graph is stale) from the spec the registry holds.
     */
    private IndexedCollection stateForWrite(String name, CollectionSpec cached, Held held) {
        IndexedCollection state = engine.loaded(name, cached);
        Long mine = versions.get(name);
        if (state != null && mine != null && mine == held.version) {
            return state;
        }
        CollectionSpec spec = registry.find(name).orElseThrow(() -> missing(name));
        if (!spec.equals(cached)) {
            invalidateSpecCache();
        }
        engine.discard(name);
        try (MongoGraphStorage graph = graph(name)) {
            state = engine.load(name, spec, graph, new MongoVectorRows(documents(name), errors, session()));
        }
        state.beginWrite();
        versions.put(name, held.version);
        held.mirrored = true;
        held.changed |= state.rebuilt();
        return state;
    }

    private MongoGraphStorage graph(String name) {
        return new MongoGraphStorage(db, errors, name, session());
    }

    private MongoCollection<Document> documents(String name) {
        return db.getCollection(name);
    }

    private static NotFoundException missing(String name) {
        return new NotFoundException("collection '" + name + "' does not exist; create it with createCollection(name, spec)");
    }

    // ------------------------------------------------------------------ collections

    /**
     * Creates the MongoDB collection (an existing one of that name is adopted), registers the
     * collection and writes the header of its empty graph, under the collection's lease.
     */
    @Override
    protected void doCreateCollection(String name, CollectionSpec spec) {
        leased(name, held -> {
            errors.run("create collection '" + name + "'", () -> {
                if (!collectionExists(name)) {
                    try {
                        db.createCollection(name);
                    } catch (MongoCommandException e) {
                        if (e.getErrorCode() != 48) { // NamespaceExists: created meanwhile
                            throw e;
                        }
                    }
                }
                return null;
            });
            String implementation = implementationFor(spec);
            Optional<CollectionSpec> before = registry.insertIfAbsent(name, spec, implementation);
            if (before.isPresent()) {
                if (!before.get().equals(spec)) {
                    throw new ConflictException("collection '" + name + "' already exists with " + before.get() + "; requested " + spec);
                }
                return null;
            }
            held.changed = true;
            versions.remove(name);
            implementations.put(name, implementation);
            if (MongoVectorSearch.IMPLEMENTATION.equals(implementation)) {
                if (spec.hasDimension()) {
                    searchIndexes.ensure(name, spec);
                }
                return null;
            }
            try (MongoGraphStorage graph = graph(name)) {
                engine.create(name, spec, graph);
            }
            return null;
        });
    }

    /**
     * What serves a new collection's searches: {@code $vectorSearch} where the deployment runs it, it is
     * allowed ({@link MongoVectorSearch#MODE_PROPERTY}) and it serves the metric (cosine, l2); else the
     * in-house index.
     */
    private String implementationFor(CollectionSpec spec) {
        return deployment.vectorSearch() && vectorSearchAllowed && MongoVectorSearch.servesMetric(spec.metric())
                ? MongoVectorSearch.IMPLEMENTATION : CollectionStats.IN_HOUSE;
    }

    /**
     * @param name a registered collection
     * @return whether its searches use {@code $vectorSearch} (its registry document says so)
     */
    private boolean onVectorSearch(String name) {
        return MongoVectorSearch.IMPLEMENTATION.equals(implementations.computeIfAbsent(name,
                n -> registry.implementation(n).orElse(CollectionStats.IN_HOUSE)));
    }

    private boolean collectionExists(String name) {
        for (String existing : db.listCollectionNames()) {
            if (existing.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Unregisters the collection, clears its graph and drops its MongoDB collection, under its lease;
     * a name that is neither registered nor a MongoDB collection is answered without taking a lease
     * (the drop then happened before any create that races it).
     */
    @Override
    protected boolean doDropCollection(String name) {
        if (tx.get() != null) {
            throw new InvalidInputException("name", "collection '" + name + "' cannot be dropped inside a transaction on MongoDB (MongoDB"
                    + " does not drop collections in a multi-document transaction); nothing was dropped: drop it outside the transaction");
        }
        if (registry.find(name).isEmpty() && !errors.run("look for collection '" + name + "'", () -> collectionExists(name))) {
            versions.remove(name);
            engine.discard(name);
            implementations.remove(name);
            searchIndexes.forget(name);
            return false;
        }
        try {
            return leased(name, held -> {
                held.changed = true;
                boolean registered = registry.delete(name);
                try (MongoGraphStorage graph = graph(name)) {
                    graph.clear();
                }
                return errors.run("drop collection '" + name + "'", () -> {
                    boolean existed = collectionExists(name);
                    documents(name).drop();
                    return registered || existed;
                });
            });
        } finally {
            versions.remove(name);
            engine.discard(name);
            implementations.remove(name);
            searchIndexes.forget(name);
        }
    }

    @Override
    protected Optional<CollectionSpec> doCollectionSpec(String name) {
        return registry.find(name);
    }

    @Override
    protected List<CollectionInfo> doListCollections() {
        return registry.list();
    }

    /** Records the dimension; a collection on {@code $vectorSearch} gets its index now (and waits until it is queryable). */
    @Override
    protected void doSetDimension(String name, int dimension) {
        leased(name, held -> {
            held.changed = true;
            registry.setDimension(name, dimension);
            return null;
        });
        if (onVectorSearch(name)) {
            searchIndexes.ensure(name, registry.find(name).orElseThrow(() -> missing(name)));
        }
    }

    /**
     * Records the new parameters, then builds the new graph from the documents (none for FLAT) and
     * persists it, under the lease. A collection on {@code $vectorSearch} keeps its search index (the
     * parameters do not change it), except on a deployment that does not run {@code $vectorSearch} (a
     * restored dump of one created where it ran): there it moves to the in-house index. Without
     * transactions a failure part way leaves the new spec with a graph that is rebuilt on next use.
     */
    @Override
    protected void doReindex(String collection, CollectionSpec newSpec) {
        leased(collection, held -> {
            held.changed = true;
            if (!registry.updateIndex(collection, newSpec.index())) {
                throw missing(collection);
            }
            if (onVectorSearch(collection)) {
                if (deployment.vectorSearch()) {
                    return null; // the search index does not depend on the parameters: efSearch becomes numCandidates, FLAT scans exactly
                }
                // no $vectorSearch here: the collection moves to the in-house index, built below from its documents
                registry.setImplementation(collection, CollectionStats.IN_HOUSE);
                implementations.put(collection, CollectionStats.IN_HOUSE);
                searchIndexes.forget(collection);
                LOG.info("mongodb: collection '{}' moves from $vectorSearch to the in-house index (this deployment does not run"
                        + " $vectorSearch)", collection);
            }
            try (MongoGraphStorage graph = graph(collection)) {
                engine.reindex(collection, newSpec, graph, new MongoVectorRows(documents(collection), errors, session()));
            }
            held.mirrored = true;
            return null;
        });
    }

    // ------------------------------------------------------------------ writes

    /**
     * Refuses integers of more than 34 digits ({@code MongoDocuments.checkStorable}): called by the public
     * writes before anything is written, also before the default collection's dimension is recorded.
     *
     * @throws InvalidInputException naming the value's path, e.g. {@code records[3].metadata.stats.n}
     */
    @Override
    protected void checkStorable(String field, Map<String, Object> metadata) {
        MongoDocuments.checkStorable(field, metadata);
    }

    @Override
    protected void doInsertBatch(String collection, List<VectorRecord> records) {
        write(collection, records, false);
    }

    @Override
    protected void doUpsertBatch(String collection, List<VectorRecord> records) {
        write(collection, records, true);
    }

    /** Writes documents and their graph nodes under the lease, all or nothing (see the class comment). */
    private void write(String collection, List<VectorRecord> records, boolean upsert) {
        CollectionSpec spec = requireCollection(collection);
        MongoCollection<Document> docs = documents(collection);
        List<String> ids = new ArrayList<>(records.size());
        for (VectorRecord r : records) {
            ids.add(r.id());
        }
        boolean vectorSearch = onVectorSearch(collection);
        leased(collection, held -> {
            if (vectorSearch) { // no in-house graph: the deployment's search index follows the documents
                Batch batch = new Batch(docs, records, ids, upsert, collection);
                batch.prepare();
                held.changed = true;
                try {
                    batch.write();
                } catch (RuntimeException | Error e) {
                    batch.compensate(e);
                    throw e;
                }
                return null;
            }
            IndexedCollection state = stateForWrite(collection, spec, held);
            Batch batch = new Batch(docs, records, ids, upsert, collection);
            batch.prepare();
            held.changed = true;
            // documents are visible as soon as they are written (no transaction hides them until a commit):
            // searches must know a write is under way before the first one lands, not when the graph changes
            state.beginWrite();
            boolean[] graphChanged = new boolean[1];
            try {
                if (state.index() == null) {
                    batch.write();
                } else {
                    try (MongoGraphStorage graph = graph(collection)) {
                        engine.write(state, records, upsert, () -> {
                            batch.write();
                            long[] keys = new long[records.size()];
                            java.util.Arrays.fill(keys, NodeMap.NO_KEY);
                            return keys;
                        }, graph, () -> graphChanged[0] = true);
                    }
                }
            } catch (RuntimeException | Error e) {
                batch.compensate(e);
                if (graphChanged[0]) {
                    engine.discard(collection);
                }
                if (graphChanged[0] && session() == null) { // inside a transaction its abort undoes the nodes written
                    try (MongoGraphStorage graph = graph(collection)) {
                        graph.clear(); // rebuilt from the documents on next use
                    } catch (RuntimeException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                }
                throw e;
            }
            held.mirrored = state.index() != null;
            return null;
        });
    }

    /**
     * One batch's documents: checked before writing, written in chunks (in a transaction where the
     * deployment has them), and undone by {@link #compensate} when the batch fails.
     */
    private final class Batch {
        private final MongoCollection<Document> docs;
        private final List<VectorRecord> records;
        private final List<String> ids;
        private final boolean upsert;
        private final String collection;
        /** Upsert: the documents the batch replaces, by id (ids absent here did not exist). */
        private final Map<String, Document> previous = new HashMap<>();
        /** Insert: the ids certainly written so far. */
        private final List<String> inserted = new ArrayList<>();
        /** Ids whose write may have happened (an outcome the driver could not tell). */
        private final Set<String> uncertain = new HashSet<>();

        Batch(MongoCollection<Document> docs, List<VectorRecord> records, List<String> ids, boolean upsert, String collection) {
            this.docs = docs;
            this.records = records;
            this.ids = ids;
            this.upsert = upsert;
            this.collection = collection;
        }

        /** Insert: refuses ids that exist. Upsert: reads the documents it will replace. */
        void prepare() {
            errors.run("read the existing ids of '" + collection + "'", () -> {
                for (int from = 0; from < ids.size(); from += CHUNK) {
                    List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                    if (upsert) {
                        for (Document d : MongoOps.find(docs, session(), Filters.in(MongoDocuments.ID, chunk))) {
                            previous.put(d.getString(MongoDocuments.ID), d);
                        }
                    } else {
                        Document taken = MongoOps.find(docs, session(), Filters.in(MongoDocuments.ID, chunk))
                                .projection(Projections.include(MongoDocuments.ID))
                                .first();
                        if (taken != null) {
                            throw new ConflictException("id '" + Validation.abbreviate(taken.getString(MongoDocuments.ID))
                                    + "' already exists in collection '" + collection + "'; nothing was written");
                        }
                    }
                }
                return null;
            });
        }

        void write() {
            ClientSession outer = session();
            if (outer != null) { // inside the API's transaction: its session, committed or aborted with it
                writeChunks(outer);
                return;
            }
            if (deployment.transactions()) {
                try (ClientSession session = client.startSession()) {
                    errors.run("write " + records.size() + " records into '" + collection + "'", () -> session.withTransaction(() -> {
                        writeChunks(session);
                        return null;
                    }));
                }
                return;
            }
            writeChunks(null);
        }

        private void writeChunks(ClientSession session) {
            boolean vectors = deployment.vectorSubtype();
            for (int from = 0; from < records.size(); from += CHUNK) {
                List<VectorRecord> chunk = records.subList(from, Math.min(records.size(), from + CHUNK));
                List<Document> out = new ArrayList<>(chunk.size());
                for (VectorRecord r : chunk) {
                    out.add(MongoDocuments.toDocument(r, vectors));
                }
                try {
                    if (upsert) {
                        List<WriteModel<Document>> models = new ArrayList<>(out.size());
                        for (Document d : out) {
                            models.add(new ReplaceOneModel<>(Filters.eq(MongoDocuments.ID, d.get(MongoDocuments.ID)), d,
                                    new ReplaceOptions().upsert(true)));
                        }
                        if (session == null) {
                            docs.bulkWrite(models);
                        } else {
                            docs.bulkWrite(session, models);
                        }
                    } else if (session == null) {
                        docs.insertMany(out, new InsertManyOptions().ordered(true));
                    } else {
                        docs.insertMany(session, out, new InsertManyOptions().ordered(true));
                    }
                    for (VectorRecord r : chunk) {
                        inserted.add(r.id());
                    }
                } catch (MongoBulkWriteException e) {
                    int firstError = e.getWriteErrors().isEmpty() ? chunk.size() : e.getWriteErrors().get(0).getIndex();
                    for (int i = 0; i < firstError && i < chunk.size(); i++) {
                        inserted.add(chunk.get(i).id());
                    }
                    throw errors.translate(e, (upsert ? "upsert into '" : "insert into '") + collection + "'");
                } catch (MongoException e) {
                    for (VectorRecord r : chunk) {
                        uncertain.add(r.id());
                    }
                    throw errors.translate(e, (upsert ? "upsert into '" : "insert into '") + collection + "'");
                }
            }
        }

        /**
         * Undoes what the failed batch wrote (idempotent: it may run again after a further failure):
         * an insert deletes the ids it wrote, an upsert restores the documents it replaced and deletes
         * those it created. Inside a transaction (which rolled back) there is nothing to undo.
         */
        void compensate(Throwable failure) {
            if (deployment.transactions()) {
                return;
            }
            try {
                if (!upsert) {
                    List<String> undo = new ArrayList<>(inserted);
                    undo.addAll(uncertain);
                    for (int from = 0; from < undo.size(); from += CHUNK) {
                        docs.deleteMany(Filters.in(MongoDocuments.ID, undo.subList(from, Math.min(undo.size(), from + CHUNK))));
                    }
                    return;
                }
                List<WriteModel<Document>> restore = new ArrayList<>();
                List<String> created = new ArrayList<>();
                for (String id : ids) {
                    Document before = previous.get(id);
                    if (before != null) {
                        restore.add(new ReplaceOneModel<>(Filters.eq(MongoDocuments.ID, id), before, new ReplaceOptions().upsert(true)));
                    } else {
                        created.add(id);
                    }
                }
                for (int from = 0; from < restore.size(); from += CHUNK) {
                    docs.bulkWrite(restore.subList(from, Math.min(restore.size(), from + CHUNK)));
                }
                for (int from = 0; from < created.size(); from += CHUNK) {
                    docs.deleteMany(Filters.in(MongoDocuments.ID, created.subList(from, Math.min(created.size(), from + CHUNK))));
                }
            } catch (RuntimeException e) {
                LOG.error("mongodb: could not undo the failed batch of {} records in '{}' ({}); some of its documents may remain",
                        records.size(), collection, url.redact(e.getMessage()));
                failure.addSuppressed(e);
            }
        }
    }

    @Override
    protected boolean doDelete(String collection, String id) {
        return deleteIds(collection, null, id) > 0;
    }

    @Override
    protected long doDeleteWhere(String collection, Filter filter) {
        return deleteIds(collection, filter, null);
    }

    /** Deletes one id (filter null) or every document matching a filter (id null), tombstoning their graph nodes. */
    private long deleteIds(String collection, Filter filter, String id) {
        CollectionSpec spec = requireCollection(collection);
        MongoCollection<Document> docs = documents(collection);
        boolean vectorSearch = onVectorSearch(collection);
        return leased(collection, held -> {
            IndexedCollection state = vectorSearch ? null : stateForWrite(collection, spec, held);
            List<String> doomed = new ArrayList<>();
            MongoFilterTranslator f = filters;
            boolean check = id == null && !f.exact(filter);
            errors.run("find the records to delete in '" + collection + "'", () -> {
                for (Document d : MongoOps.find(docs, session(), id != null ? Filters.eq(MongoDocuments.ID, id) : f.translate(filter))
                        .projection(check ? Projections.include(MongoDocuments.METADATA) : Projections.include(MongoDocuments.ID))
                        .batchSize(2_000)) {
                    if (!check || filter.test(MongoDocuments.metadataOf(d.get(MongoDocuments.METADATA)))) {
                        doomed.add(d.getString(MongoDocuments.ID));
                    }
                }
                return null;
            });
            if (doomed.isEmpty()) {
                return 0L;
            }
            held.changed = true;
            if (state != null) {
                state.beginWrite(); // see write(): the deletes are visible at once
            }
            errors.run("delete from '" + collection + "'", () -> {
                for (int from = 0; from < doomed.size(); from += CHUNK) {
                    MongoOps.deleteMany(docs, session(), Filters.in(MongoDocuments.ID, doomed.subList(from, Math.min(doomed.size(), from + CHUNK))));
                }
                return null;
            });
            if (state != null && state.index() != null) {
                try (MongoGraphStorage graph = graph(collection)) {
                    engine.delete(state, doomed, graph);
                }
                held.mirrored = true;
            }
            return (long) doomed.size();
        });
    }

    // ------------------------------------------------------------------ reads

    @Override
    protected Optional<VectorRecord> doGet(String collection, String id) {
        return errors.run("get from '" + collection + "'", () -> Optional.ofNullable(MongoOps.find(documents(collection), session(),
                Filters.eq(MongoDocuments.ID, id)).first()).map(MongoDocuments::toRecord));
    }

    @Override
    protected long doCount(String collection, Filter filter) {
        MongoFilterTranslator f = filters;
        if (f.exact(filter)) {
            return errors.run("count '" + collection + "'", () -> MongoOps.count(documents(collection), session(), f.translate(filter)));
        }
        return errors.run("count '" + collection + "'", () -> {
            long n = 0;
            for (Document d : MongoOps.find(documents(collection), session(), f.translate(filter))
                    .projection(Projections.include(MongoDocuments.METADATA))
                    .batchSize(2_000)) {
                if (filter.test(MongoDocuments.metadataOf(d.get(MongoDocuments.METADATA)))) {
                    n++;
                }
            }
            return n;
        });
    }

    /**
     * A page in {@code _id} order. On a server that orders strings by UTF-16 code unit (the
     * stand-in; see {@link MongoFilterTranslator}) the page is chosen in Java from every id, by code
     * point, then read by id: correct there, and a full id scan per page.
     */
    @Override
    protected List<VectorRecord> doScan(String collection, String afterId, int limit) {
        MongoCollection<Document> docs = documents(collection);
        if (!filters.codePointOrder()) {
            return scanByCodePoint(docs, collection, afterId, limit);
        }
        return errors.run("scan '" + collection + "'", () -> {
            List<VectorRecord> out = new ArrayList<>(Math.min(limit, 1_024));
            for (Document d : MongoOps.find(docs, session(), afterId == null ? new Document() : Filters.gt(MongoDocuments.ID, afterId))
                    .sort(Sorts.ascending(MongoDocuments.ID)).limit(limit)) {
                out.add(MongoDocuments.toRecord(d));
            }
            return out;
        });
    }

    private List<VectorRecord> scanByCodePoint(MongoCollection<Document> docs, String collection, String afterId, int limit) {
        java.util.Comparator<String> byCodePoint = dev.agentdb.filter.FilterValues::compareCodePoints;
        return errors.run("scan '" + collection + "'", () -> {
            PriorityQueue<String> page = new PriorityQueue<>(byCodePoint.reversed());
            for (Document d : MongoOps.find(docs, session(), new Document()).projection(Projections.include(MongoDocuments.ID))
                    .batchSize(10_000)) {
                String id = d.getString(MongoDocuments.ID);
                if (afterId == null || byCodePoint.compare(id, afterId) > 0) {
                    page.add(id);
                    if (page.size() > limit) {
                        page.poll();
                    }
                }
            }
            List<VectorRecord> out = new ArrayList<>(page.size());
            List<String> ids = new ArrayList<>(page);
            for (int from = 0; from < ids.size(); from += CHUNK) {
                for (Document d : MongoOps.find(docs, session(), Filters.in(MongoDocuments.ID, ids.subList(from,
                        Math.min(ids.size(), from + CHUNK))))) {
                    out.add(MongoDocuments.toRecord(d));
                }
            }
            out.sort((a, b) -> byCodePoint.compare(a.id(), b.id()));
            return out;
        });
    }

    /**
     * Filters in MongoDB ({@link MongoFilterTranslator}) and orders and pages in Java by the reference
     * order ({@link Sort#comparator}; MongoDB orders mixed types otherwise), keeping at most
     * {@code offset + limit} records in memory.
     */
    @Override
    protected List<VectorRecord> doFind(String collection, FindRequest request) {
        java.util.Comparator<VectorRecord> order = Sort.comparator(request.sort());
        int keep = (int) Math.min(Integer.MAX_VALUE - 8, request.offset() + request.limit());
        PriorityQueue<VectorRecord> best = new PriorityQueue<>(Math.min(keep, 1_024) + 1, order.reversed());
        MongoFilterTranslator f = filters;
        boolean check = !f.exact(request.filter());
        errors.run("find in '" + collection + "'", () -> {
            for (Document d : MongoOps.find(documents(collection), session(), f.translate(request.filter())).batchSize(1_000)) {
                VectorRecord r = MongoDocuments.toRecord(d);
                if (check && !request.filter().test(r.metadata())) {
                    continue;
                }
                best.add(r);
                if (best.size() > keep) {
                    best.poll();
                }
            }
            return null;
        });
        List<VectorRecord> all = new ArrayList<>(best);
        all.sort(order);
        int from = (int) Math.min(all.size(), request.offset());
        return new ArrayList<>(all.subList(from, Math.min(all.size(), from + request.limit())));
    }

    /**
     * The engine's search loop over {@link MongoSearchReads}; the collection's version is read first
     * and the graph reloaded (under the lease) when another client wrote.
     */
    @Override
    protected List<SearchResult> doSearch(String collection, CollectionSpec spec, SearchRequest request) {
        Tx t = tx.get();
        if (t != null && !t.wrote(collection)) {
            // a collection this transaction has not written: searched as outside it (committed data, the lease
            // only while its graph loads), so that rows of the transaction's older snapshot never reach the row cache
            return outsideTransaction(() -> doSearch(collection, spec, request));
        }
        Metric metric = request.metric() == null ? spec.metric() : request.metric();
        boolean indexed = spec.index().type() == IndexParams.IndexType.HNSW && metric == spec.metric();
        MongoSearchReads reads = new MongoSearchReads(documents(collection), filters, errors, session());
        if (!indexed) {
            return engine.search(null, spec, request, reads);
        }
        if (onVectorSearch(collection)) {
            return vectorSearch(collection, spec, request, reads);
        }
        IndexedCollection state = engine.loaded(collection, spec);
        Long mine = versions.get(collection);
        if (state == null || mine == null || locks.version(collection) > mine) {
            state = loadForSearch(collection, spec);
        }
        IndexedCollection usable = state.index() == null || !state.spec().equals(spec) ? null : state;
        return engine.search(usable, spec, request, reads);
    }

    // ------------------------------------------------------------------ $vectorSearch

    /**
     * A search of a collection on {@code $vectorSearch} (HNSW spec, its metric). Falls back to the exact
     * scan of the matching documents, which is always correct, when the index is not queryable (still
     * building, absent on a read-only open, or refusing the query) or when the filter restricts nothing
     * on the index's filter fields (undeclared paths only). Otherwise runs the pipeline with the part of
     * the filter the index can apply ({@link MongoVectorSearch#prefilter}, a superset), tests each
     * document with {@link Filter#test}, re-scores each returned embedding exactly against the query
     * (the numbers of the in-house and exact paths), orders by (distance, id) and applies the threshold
     * and k; when the test removed documents and fewer than k remain while the index returned all it
     * was asked for, more may match: the exact scan answers instead.
     */
    private List<SearchResult> vectorSearch(String collection, CollectionSpec spec, SearchRequest request, MongoSearchReads reads) {
        if (request.exact() || session() != null) { // $vectorSearch does not run inside a transaction, nor see its writes
            return engine.search(null, spec, request, reads);
        }
        MongoVectorSearch.IndexInfo index = searchIndexes.queryable(collection, spec, deployment, readOnly());
        if (index == null) {
            searchIndexes.fallback(collection, "its vector search index is not queryable");
            return engine.search(null, spec, request, reads);
        }
        Set<String> declared = "READY".equals(index.status()) ? index.filterPaths() : Set.of(); // a newer definition may still build
        MongoVectorSearch.Prefilter prefilter = MongoVectorSearch.prefilter(request.filter(), declared);
        if (prefilter.unconstrained()) {
            return engine.search(null, spec, request, reads); // filter on undeclared paths: exact scan of the matching documents
        }
        List<Document> found;
        try {
            found = documents(collection).aggregate(MongoVectorSearch.pipeline(MongoVectorSearch.INDEX_NAME, request, spec,
                    prefilter.query())).into(new ArrayList<>());
        } catch (MongoCommandException e) {
            searchIndexes.forget(collection);
            searchIndexes.fallback(collection, "$vectorSearch failed: " + url.redact(e.getErrorMessage()));
            return engine.search(null, spec, request, reads);
        } catch (MongoException e) {
            throw errors.translate(e, "search '" + collection + "'");
        }
        MongoVectorSearch.Ranked ranked = MongoVectorSearch.rank(found, request, spec);
        return ranked.incomplete() ? engine.search(null, spec, request, reads) : ranked.results();
    }

    /** Loads (or rebuilds and persists) the graph under the lease; read-only, without it ({@link #loadReadOnly}). */
    private IndexedCollection loadForSearch(String collection, CollectionSpec spec) {
        if (readOnly()) {
            return loadReadOnly(collection, spec);
        }
        return leased(collection, held -> {
            IndexedCollection state = stateForWrite(collection, spec, held);
            held.mirrored = true;
            return state;
        });
    }

    /**
     * Read-only: loads the graph without taking the lease (taking it writes). The load counts when
     * the lease was free and the collection's version the same before and after it, so no writer
     * wrote while the graph and the documents were read (a write holds the lease and moves the
     * version); otherwise it is dropped and tried again, waiting while a writer holds the lease, up to
     * the lease wait. A missing or stale graph is rebuilt in memory only ({@link IndexEngine#loadReadOnly}).
     *
     * @throws BackendUnavailableException when writers hold the lease for longer than the lease wait
     */
    private IndexedCollection loadReadOnly(String collection, CollectionSpec spec) {
        long deadline = System.currentTimeMillis() + locks.waitMs();
        while (true) {
            MongoLocks.Lease before = locks.peek(collection);
            if (!before.held()) {
                long generation = engine.generation(collection);
                IndexedCollection state;
                try (MongoGraphStorage graph = graph(collection)) {
                    state = engine.loadReadOnly(collection, spec, generation, graph, new MongoVectorRows(documents(collection), errors,
                            session()));
                }
                MongoLocks.Lease after = locks.peek(collection);
                if (!after.held() && after.version() == before.version()) {
                    versions.put(collection, before.version());
                    return state;
                }
                versions.remove(collection);
                engine.discard(collection);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new BackendUnavailableException("MongoDB at " + url.redacted() + ": the graph of '" + collection + "' could not be"
                        + " read between writes for " + locks.waitMs() + " ms (a writer held its lease in " + MongoLocks.VERSIONS
                        + " the whole time)", null);
            }
            try {
                Thread.sleep(5 + java.util.concurrent.ThreadLocalRandom.current().nextInt(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendUnavailableException("interrupted while waiting to read the graph of '" + collection + "'", e);
            }
        }
    }

    /**
     * Bytes are the BSON size of the collection's documents plus its graph's node payload (not
     * MongoDB's storage size, which the stand-in server does not report).
     */
    @Override
    protected CollectionStats doStats(String collection) {
        Tx t = tx.get();
        if (t != null && !t.wrote(collection)) {
            return outsideTransaction(() -> doStats(collection));
        }
        CollectionSpec spec = requireCollection(collection);
        long[] sizes = errors.run("stats of '" + collection + "'", () -> {
            long count = 0;
            long bytes = 0;
            // in batches: a server may answer an unbounded getMore with one reply beyond the driver's 48 MB limit
            // (the stand-in did, with 20,000 x 784-d documents)
            for (RawBsonDocument d : MongoOps.find(db.getCollection(collection, RawBsonDocument.class), session(), new Document())
                    .batchSize(1_000)) {
                count++;
                bytes += d.getByteBuffer().remaining();
            }
            return new long[] {count, bytes};
        });
        long graphBytes;
        try (MongoGraphStorage graph = graph(collection)) {
            graphBytes = graph.storedBytes();
        }
        long indexed = 0;
        if (onVectorSearch(collection)) {
            MongoVectorSearch.IndexInfo index = spec.hasDimension() && deployment.vectorSearch() ? searchIndexes.list(collection) : null;
            indexed = spec.index().type() == IndexParams.IndexType.HNSW && index != null && index.queryable() ? sizes[0] : 0;
            return new CollectionStats(collection, sizes[0], spec.dimension(), spec.metric(), spec.index(), sizes[1] + graphBytes, indexed,
                    CollectionStats.implementationOf(spec.index(), MongoVectorSearch.IMPLEMENTATION));
        }
        if (spec.index().type() == IndexParams.IndexType.HNSW && spec.hasDimension()) {
            IndexedCollection state = engine.loaded(collection, spec);
            Long mine = versions.get(collection);
            if (state == null || mine == null || locks.version(collection) > mine) {
                state = loadForSearch(collection, spec);
            }
            indexed = state.liveCount();
        }
        return new CollectionStats(collection, sizes[0], spec.dimension(), spec.metric(), spec.index(), sizes[1] + graphBytes, indexed,
                CollectionStats.implementationOf(spec.index(), CollectionStats.IN_HOUSE));
    }

    // ------------------------------------------------------------------ state, health

    /** The state stores are collections named by {@link StateStore#table()}, documents {@code {_id: key, value}}. */
    @Override
    protected Optional<String> doReadState(StateStore store, String key) {
        return registry.readState(store, key);
    }

    @Override
    protected void doWriteState(StateStore store, String key, String value) {
        registry.writeState(store, key, value);
    }

    @Override
    protected boolean doDeleteState(StateStore store, String key) {
        return registry.deleteState(store, key);
    }

    /** @return e.g. {@code MongoDB 8.0.4, standalone (transactions: no, binary vectors: yes), database agentdb} */
    @Override
    protected String doPing() {
        errors.run("ping", () -> db.runCommand(new Document("ping", 1)));
        return deployment + ", database " + url.database();
    }

    /** Stops renewing leases, closes the driver's client and releases the in-memory graphs. Idempotent. */
    @Override
    public void close() {
        locks.close();
        client.close();
        engine.close();
    }

    /** @return e.g. {@code MongoAdapter[mongodb://user:***@host:27017/agentdb]} */
    @Override
    public String toString() {
        return "MongoAdapter[" + url.redacted() + "]";
    }
}
