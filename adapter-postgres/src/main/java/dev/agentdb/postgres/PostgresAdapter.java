package dev.agentdb.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.AgentDBException;
import dev.agentdb.BackendType;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.CollectionStats;
import dev.agentdb.ConflictException;
import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.migrations.FlywayVersioning;
import dev.agentdb.migrations.SchemaScripts;
import dev.agentdb.migrations.SchemaVersioning;
import dev.agentdb.postgres.internal.PgSql;
import dev.agentdb.postgres.internal.PostgresBulkLoad;
import dev.agentdb.postgres.internal.PostgresCollections;
import dev.agentdb.postgres.internal.PostgresDdl;
import dev.agentdb.postgres.internal.PostgresErrors;
import dev.agentdb.postgres.internal.PostgresRecords;
import dev.agentdb.postgres.internal.PostgresSearch;
import dev.agentdb.postgres.internal.PostgresSetup;
import dev.agentdb.postgres.internal.PostgresUrl;
import dev.agentdb.spi.Capability;
import dev.agentdb.spi.DatabaseAdapter;
import dev.agentdb.spi.StateStore;
import dev.agentdb.sql.SqlDialect;
import dev.agentdb.sql.StateTables;
import dev.agentdb.sql.jdbc.JdbcExecutor;
import dev.agentdb.sql.jdbc.JdbcSession;
import dev.agentdb.sql.jdbc.PooledConnections;
import dev.agentdb.sql.jdbc.TransactionListener;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;

/**
 * PostgreSQL + pgvector adapter.
 *
 * <h2>URLs</h2>
 * {@code postgresql://user:password@host:5432/db?sslmode=require&schema=agent},
 * {@code postgres://...} (Supabase/Neon style) and {@code jdbc:postgresql://host/db?user=u&password=p}.
 * {@code schema} (default {@code public}) names the schema holding AgentDB's tables (created when
 * missing); other parameters go to the JDBC driver. Passwords never appear in messages.
 *
 * <h2>Storage</h2>
 * The versioned tables ({@code agentdb_collections}, the state stores {@code agentdb_meta} and
 * {@code agentdb_migration_checkpoints}, Flyway's
 * {@code agentdb_schema_history}) come from the {@code agentdb-migrations} module, applied on open
 * when {@link AgentDBConfig#autoMigrate()}. Each collection is one table named after it (a quoted
 * identifier of the validated name): {@code id text COLLATE "C" PRIMARY KEY, embedding vector(n),
 * metadata jsonb NOT NULL, text text, "timestamp" bigint} (ms). Embeddings are always stored as
 * {@code float4} {@code vector(n)}, so they read back exactly. Indexes: HNSW with the metric's
 * operator class ({@code vector_cosine_ops}, {@code vector_l2_ops}, {@code vector_ip_ops}) for
 * n &lt;= 2000; for 2000 &lt; n &lt;= 4000 an HNSW index on {@code embedding::halfvec(n)} with the
 * {@code halfvec_*_ops} class (pgvector's index limits); an HNSW collection above 4000 dimensions is
 * refused (use {@link IndexParams#flat()}); FLAT has no vector index. pgvector caps {@code m} at 100
 * and {@code ef_construction} at 1000 (and needs it &gt;= 2m): larger requested values are clamped in
 * the index, the registry keeps the requested spec. IVFFlat ({@link IndexParams#ivfflat(int, int)}):
 * {@code CREATE INDEX ... USING ivfflat (<expression> <opclass>) WITH (lists = n)} with the same
 * operator classes and the same halfvec cast above 2000 dimensions (see pgvector's README, "IVFFlat":
 * https://github.com/pgvector/pgvector#ivfflat); {@code lists} and {@code probes} are kept in the
 * registry's {@code lists} and {@code probes} columns (schema version 2). pgvector trains an IVFFlat
 * index's centroids (k-means) when it builds it, on the rows present then, so an insert batch of at
 * least {@code lists} rows into an empty IVFFlat collection drops the index, copies, and builds it
 * again on those rows in the same transaction; rows added later go to the nearest existing list
 * (pgvector recommends rebuilding with {@code REINDEX} after the data changed a lot, e.g. through
 * {@link #executeRaw}, or with {@code reindex}, which also changes the parameters). {@code reindex}
 * drops the vector index, updates the registry and creates the new index in one transaction, with the
 * bulk-load {@code maintenance_work_mem}. A GIN {@code jsonb_path_ops} index on metadata serves {@code eq}/{@code in}
 * filters.
 *
 * <h2>Search</h2>
 * pgvector ranks ({@code ORDER BY embedding <=> ?}, {@code <->}, {@code <#>}) and the k (+ a few)
 * candidates are re-scored in the JVM from their stored components with the {@link Metric}
 * definitions, then ordered by distance and id (code point order) and cut by {@code threshold}, so
 * scores match every other backend. An index search sets {@code hnsw.ef_search = max(efSearch, k)}
 * with {@code SET LOCAL} in its own transaction (a savepoint inside a caller's transaction, rolled
 * back afterwards so that no setting leaks). The search is exact (sequential scan, index scans
 * disabled for the statement) when {@code exact} is asked, the collection is FLAT, the request's
 * metric differs from the collection's, or (HNSW) {@code max(efSearch, k)} exceeds pgvector's
 * {@code ef_search} limit of {@value #MAX_HNSW_EF_SEARCH}. An IVFFlat search sets
 * {@code ivfflat.probes = min(probes, lists)} the same way ({@code probes} from the request, else the
 * collection's); {@code probes = lists} visits every list, so its answer equals the exact one.
 *
 * <p><b>Filtered search rule.</b> With a filter, the adapter first counts the matching rows, stopping
 * at {@code cap = max(}{@value #EXACT_FILTER_MIN_ROWS}{@code , }{@value #EXACT_FILTER_EF_FACTOR}
 * {@code x max(efSearch, k))}. Fewer matches than {@code cap}: an exact scan of the matches (cheap,
 * the GIN index finds them, and recall is 1). Otherwise the HNSW index is walked with pgvector 0.8's
 * iterative scan ({@code hnsw.iterative_scan = strict_order}, {@code hnsw.max_scan_tuples} at least
 * {@value #MAX_SCAN_TUPLES}) so that the filter is applied during the walk; an IVFFlat collection
 * uses the cap {@code max(}{@value #EXACT_FILTER_MIN_ROWS}{@code , }{@value #EXACT_FILTER_EF_FACTOR}
 * {@code x k)} and {@code ivfflat.iterative_scan = relaxed_order} (the JVM re-ranks the candidates,
 * so the relaxed order does not show). Whenever an index search
 * returns fewer rows than asked while more rows match, it is answered again exactly: a filtered
 * search never returns fewer than k results while k match.
 *
 * <h2>Writes and transactions</h2>
 * {@code insertBatch} streams the batch with binary {@code COPY ... FROM STDIN (FORMAT BINARY)} in
 * one transaction: an existing id (SQLState 23505) aborts the whole COPY and raises
 * {@link ConflictException} with nothing written. A batch of at least {@value #BULK_LOAD_MIN_ROWS}
 * rows into an empty HNSW collection drops the vector index, copies, and builds the index once in the
 * same transaction (the table is locked against writers meanwhile), with {@code maintenance_work_mem}
 * raised for that transaction ({@value #MAINTENANCE_WORK_MEM_PROPERTY}, default
 * {@value #DEFAULT_MAINTENANCE_WORK_MEM}). {@code upsertBatch} is a batched
 * {@code INSERT ... ON CONFLICT (id) DO UPDATE}. {@link #transaction(Supplier)} binds one pooled
 * connection to the calling thread (a {@link ThreadLocal}); the adapter's operations from that thread
 * join it, each under a savepoint so that a refused operation (e.g. a conflict) can be caught
 * without aborting the caller's transaction; an exception thrown by the work rolls everything back.
 *
 * <h2>Read-only</h2>
 * {@link AgentDBConfig#readOnly()} (or pgJDBC's {@code readOnly=true} in the URL): opening runs no DDL
 * (no extension, schema or migration; it takes no advisory lock) and refuses a missing schema, one
 * without AgentDB tables ({@link BackendUnavailableException}) and one at an older version than this
 * library's ({@link dev.agentdb.ReadOnlyException}: open it read-write once to migrate it). Pooled
 * connections are read-only (HikariCP {@code readOnly}, pgJDBC {@code readOnlyMode=always} unless
 * the URL sets it), so the server refuses writes too (SQLState {@code 25006}, translated to
 * {@link dev.agentdb.ReadOnlyException}); every write of the API is refused before it is sent, and
 * raw SQL other than queries ({@link dev.agentdb.sql.RawSql#mayRead}) as well.
 *
 * <h2>Shape</h2>
 * This class only implements the SPI hooks; the work is done by the internal classes of
 * {@code dev.agentdb.postgres.internal}: {@code PostgresSetup} (pgvector and schema checks, the pool),
 * {@code PostgresCollections} (registry and DDL), {@code PostgresBulkLoad} (COPY), {@code PostgresRecords},
 * {@code PostgresSearch}, on the shared SQL layer ({@code agentdb-sql}: one {@link JdbcSession} over
 * {@link PooledConnections}, the shared registry and {@link StateTables}).
 *
 * <p>Thread-safe: every operation borrows a connection from a HikariCP pool of
 * {@link AgentDBConfig#poolSize()} connections.
 */
public final class PostgresAdapter extends DatabaseAdapter {
    /** Smallest match count for which a filtered search walks the HNSW index instead of scanning the matches exactly. */
    public static final int EXACT_FILTER_MIN_ROWS = PostgresSearch.EXACT_FILTER_MIN_ROWS;
    /** A filtered search scans exactly when fewer than this many x max(efSearch, k) rows match (or fewer than {@link #EXACT_FILTER_MIN_ROWS}). */
    public static final int EXACT_FILTER_EF_FACTOR = PostgresSearch.EXACT_FILTER_EF_FACTOR;
    /** pgvector's upper limit of {@code hnsw.ef_search}; larger requests are answered exactly. */
    public static final int MAX_HNSW_EF_SEARCH = PostgresSearch.MAX_HNSW_EF_SEARCH;
    /** Largest dimension of a {@code vector} HNSW index (pgvector). */
    public static final int MAX_VECTOR_INDEX_DIMENSION = PostgresDdl.MAX_VECTOR_INDEX_DIMENSION;
    /** Largest dimension of a {@code halfvec} HNSW index (pgvector); HNSW collections above it are refused. */
    public static final int MAX_HALFVEC_INDEX_DIMENSION = PostgresDdl.MAX_HALFVEC_INDEX_DIMENSION;
    /** Lower bound of {@code hnsw.max_scan_tuples} for filtered index searches (pgvector's default). */
    public static final int MAX_SCAN_TUPLES = PostgresSearch.MAX_SCAN_TUPLES;
    /**
     * An insert batch of at least this many rows into an empty HNSW collection drops the index, loads
     * with COPY and builds the index once, in the same transaction (about 6x faster than maintaining
     * the graph row by row: 20,000 x 128 in 7 s instead of 40 s on 2 cores).
     */
    public static final int BULK_LOAD_MIN_ROWS = 5_000;
    /**
     * Config property: {@code maintenance_work_mem} for index builds after a bulk load, as PostgreSQL
     * memory text (e.g. {@code 512MB}); applied with {@code SET LOCAL}, so only to that transaction.
     */
    public static final String MAINTENANCE_WORK_MEM_PROPERTY = "postgres.maintenanceWorkMem";
    /** Default {@link #MAINTENANCE_WORK_MEM_PROPERTY}: 1 GB. */
    public static final String DEFAULT_MAINTENANCE_WORK_MEM = "1GB";
    /**
     * The versioned schema's scripts, in {@code db/agentdb/postgres} of this jar: V1 the registry and
     * {@code agentdb_meta}, V2 the registry's IVFFlat {@code probes}, V3 the migration checkpoints.
     */
    public static final SchemaScripts SCHEMA_SCRIPTS = new SchemaScripts("db/agentdb/postgres",
            java.util.List.of("V1__agentdb_registry.sql", "V2__ivfflat_probes.sql", "V3__migration_checkpoints.sql"));

    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(Capability.TRANSACTIONS,
            Capability.RAW_SQL, Capability.DURABLE, Capability.IVFFLAT_INDEX, Capability.READ_ONLY));

    private final String schema;
    private final HikariDataSource pool;
    private final JdbcSession session;
    private final PostgresDdl ddl;
    private final PostgresCollections collections;
    private final PostgresBulkLoad bulkLoad;
    private final PostgresRecords records;
    private final PostgresSearch search;
    private final StateTables state;
    private final FlywayVersioning versioning;

    private PostgresAdapter(AgentDBConfig config, PostgresUrl url, HikariDataSource pool, boolean iterativeScan) {
        super(config, url.readOnly());
        this.schema = url.schema();
        this.pool = pool;
        this.versioning = new FlywayVersioning(pool, SCHEMA_SCRIPTS, schema);
        PostgresErrors errors = new PostgresErrors(url, this::invalidateSpecCache);
        this.session = new JdbcSession(SqlDialect.POSTGRES, new PooledConnections(pool, "PostgreSQL", url.redacted(),
                config.connectTimeoutMs(), message -> PostgresErrors.redact(message, url)), errors, TransactionListener.NONE);
        this.ddl = new PostgresDdl(schema, config.property(MAINTENANCE_WORK_MEM_PROPERTY, DEFAULT_MAINTENANCE_WORK_MEM));
        PostgresFilterTranslator filters = new PostgresFilterTranslator("metadata");
        this.collections = new PostgresCollections(session, ddl, schema);
        this.bulkLoad = new PostgresBulkLoad(session, ddl, BULK_LOAD_MIN_ROWS);
        this.records = new PostgresRecords(session, ddl, filters);
        this.search = new PostgresSearch(session, ddl, filters, iterativeScan);
        this.state = new StateTables(SqlDialect.POSTGRES, schema, StateTables.Creation.MIGRATED);
    }

    /**
     * Connects, makes sure pgvector is installed (creating the extension in {@code public} when the
     * user may), creates the schema when missing, and migrates it when {@link AgentDBConfig#autoMigrate()};
     * read-only, it creates and migrates nothing (see the class comment).
     *
     * @param config the configuration; its URL must be a PostgreSQL URL
     * @return an open adapter, owned by the caller
     * @throws InvalidInputException naming {@code url} when it is malformed
     * @throws BackendUnavailableException when the server cannot be reached, or pgvector is not
     *         installed (the message names the extension and how to install it); read-only, also when
     *         the schema or its AgentDB tables do not exist
     * @throws ConflictException when the stored schema is newer than this library supports
     * @throws dev.agentdb.ReadOnlyException read-only, when the stored schema is older than this library's
     */
    public static PostgresAdapter open(AgentDBConfig config) {
        PostgresUrl url = PostgresUrl.parse(config.url());
        boolean readOnly = config.readOnly() || url.readOnly();
        Properties props = PostgresSetup.driverProperties(config, url);
        PostgresSetup.Server server = PostgresSetup.prepare(url, props, readOnly);
        HikariDataSource pool = PostgresSetup.openPool(config, url, props, server.extensionSchema());
        try {
            PostgresAdapter adapter = new PostgresAdapter(config, url, pool, server.iterativeScan());
            if (readOnly) {
                adapter.checkReadable(url);
            } else if (config.autoMigrate()) {
                adapter.runMigration();
            } else {
                SchemaVersioning.refuseNewer(adapter.getMigrationVersion(), SCHEMA_SCRIPTS.latestVersion());
            }
            return adapter;
        } catch (RuntimeException | Error e) {
            pool.close();
            throw e;
        }
    }

    /** A read-only open reads the schema as it is: at this library's version, or refused. */
    private void checkReadable(PostgresUrl url) {
        int stored = getMigrationVersion();
        int latest = SCHEMA_SCRIPTS.latestVersion();
        SchemaVersioning.refuseNewer(stored, latest);
        if (stored == 0) {
            throw new BackendUnavailableException("PostgreSQL at " + url.redacted() + ": schema '" + schema + "' has no AgentDB"
                    + " tables, and a database opened read-only creates nothing; open it read-write once (autoMigrate) to create them");
        }
        if (stored < latest) {
            throw new dev.agentdb.ReadOnlyException("migrate the AgentDB schema '" + schema + "' from version " + stored + " to "
                    + latest + " (this library reads version " + latest + ")", "refused: the database was opened read-only; open it"
                    + " read-write once (autoMigrate, or agentdb upgrade --db URL) to migrate it", null);
        }
    }

    // ------------------------------------------------------------------ identity

    /** @return {@link BackendType#POSTGRES} */
    @Override
    public BackendType backendType() {
        return BackendType.POSTGRES;
    }

    /** @return TRANSACTIONS, RAW_SQL, DURABLE, IVFFLAT_INDEX, READ_ONLY */
    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /** @return the schema holding this database's AgentDB tables, e.g. {@code "public"} */
    public String schema() {
        return schema;
    }

    // ------------------------------------------------------------------ collections

    @Override
    protected void doCreateCollection(String name, CollectionSpec spec) {
        collections.create(name, spec);
    }

    /** Drops and rebuilds the vector index in one transaction; see the class comment and {@code PostgresCollections}. */
    @Override
    protected void doReindex(String collection, CollectionSpec newSpec) {
        collections.reindex(collection, newSpec);
    }

    @Override
    protected boolean doDropCollection(String name) {
        return collections.drop(name);
    }

    @Override
    protected Optional<CollectionSpec> doCollectionSpec(String name) {
        return collections.spec(name);
    }

    @Override
    protected List<CollectionInfo> doListCollections() {
        return collections.list();
    }

    @Override
    protected void doSetDimension(String name, int dimension) {
        collections.setDimension(name, collectionSpec(name).orElseThrow(() -> PostgresCollections.missing(name)), dimension);
    }

    // ------------------------------------------------------------------ records

    @Override
    protected void doInsertBatch(String collection, List<VectorRecord> batch) {
        bulkLoad.insert(collection, requireCollection(collection), batch);
    }

    @Override
    protected void doUpsertBatch(String collection, List<VectorRecord> batch) {
        records.upsert(collection, batch);
    }

    @Override
    protected Optional<VectorRecord> doGet(String collection, String id) {
        return records.get(collection, id);
    }

    @Override
    protected boolean doDelete(String collection, String id) {
        return records.delete(collection, id);
    }

    @Override
    protected long doDeleteWhere(String collection, Filter filter) {
        return records.deleteWhere(collection, filter);
    }

    @Override
    protected long doCount(String collection, Filter filter) {
        return records.count(collection, filter);
    }

    @Override
    protected List<VectorRecord> doScan(String collection, String afterId, int limit) {
        return records.scan(collection, afterId, limit);
    }

    /** Filters, orders ({@link dev.agentdb.sql.SqlOrder}) and pages in PostgreSQL. */
    @Override
    protected List<VectorRecord> doFind(String collection, dev.agentdb.FindRequest request) {
        return records.find(collection, request);
    }

    // ------------------------------------------------------------------ search

    @Override
    protected List<SearchResult> doSearch(String collection, CollectionSpec spec, SearchRequest request) {
        return search.search(collection, spec, request);
    }

    // ------------------------------------------------------------------ stats, transactions, admin

    @Override
    protected CollectionStats doStats(String collection) {
        CollectionSpec spec = requireCollection(collection);
        return session.read(collection, c -> JdbcExecutor.on(c).query("SELECT (SELECT count(*) FROM " + ddl.table(collection)
                + "), pg_total_relation_size(to_regclass(?))", List.of(ddl.table(collection)), row -> {
                    long count = row.int64(1);
                    Long bytes = row.int64(2);
                    long indexed = PostgresDdl.indexed(spec.index()) ? count : 0;
                    return new CollectionStats(collection, count, spec.dimension(), spec.metric(), spec.index(),
                            bytes == null ? -1 : bytes, indexed, CollectionStats.implementationOf(spec.index(), CollectionStats.PGVECTOR));
                }).get(0));
    }

    /**
     * Binds one pooled connection to the calling thread for the work; the adapter's operations from
     * that thread join it, each under a savepoint so that a refused operation (e.g. a conflict) can
     * be caught without aborting the caller's transaction. A nested call runs under a savepoint too.
     */
    @Override
    protected <T> T doTransaction(Supplier<T> work) {
        return session.transaction(null, work);
    }

    /**
     * Migrates the AgentDB schema (idempotent) with Flyway ({@link FlywayVersioning}), the scripts of
     * {@link #SCHEMA_SCRIPTS}.
     *
     * @return the schema version after migrating
     * @throws ConflictException when the stored schema is newer than this library supports
     * @throws BackendUnavailableException when a migration fails
     * @throws dev.agentdb.ReadOnlyException when the adapter is read-only
     */
    @Override
    public int runMigration() {
        requireWritable("migrate the schema '" + schema + "'");
        int version = versioning.migrate();
        invalidateSpecCache();
        return version;
    }

    /** @return the schema version stored in this schema's {@code agentdb_schema_history} (0 when never migrated) */
    @Override
    public int getMigrationVersion() {
        return versioning.currentVersion();
    }

    /**
     * Runs one SQL statement with bound parameters, inside the calling thread's transaction when there
     * is one. The search path is the AgentDB schema, then {@code public}.
     *
     * @param sql one statement with {@code ?} placeholders
     * @param params bound values ({@code null} binds SQL NULL)
     * @return the rows of a query (column label to value; pgvector and jsonb values as their text),
     *         or an empty list for other statements
     * @throws AgentDBException carrying the server's message when the statement fails
     * @throws dev.agentdb.ReadOnlyException read-only, for a statement that does not begin with a query
     *         keyword ({@link dev.agentdb.sql.RawSql#mayRead}; not sent), or that the server refuses as a write
     */
    @Override
    public List<Map<String, Object>> executeRaw(String sql, List<Object> params) {
        if (sql == null || sql.isBlank()) {
            throw new InvalidInputException("sql", "must not be empty");
        }
        if (!dev.agentdb.sql.RawSql.mayRead(sql)) {
            requireWritable("raw SQL '" + dev.agentdb.internal.Validation.abbreviate(sql.strip()) + "'");
        }
        return session.read(null, c -> JdbcExecutor.on(c, PgSql::plainValue).execute(sql, params == null ? List.of() : params));
    }

    /**
     * Each state store is a versioned table of the schema ({@link StateStore#table()}:
     * {@code agentdb_meta} since version 1, {@code agentdb_migration_checkpoints} since version 3).
     */
    @Override
    protected Optional<String> doReadState(StateStore store, String key) {
        return session.read(null, c -> state.read(JdbcExecutor.on(c), store, key));
    }

    @Override
    protected void doWriteState(StateStore store, String key, String value) {
        session.write(null, c -> {
            state.write(JdbcExecutor.on(c), store, key, value);
            return null;
        });
    }

    @Override
    protected boolean doDeleteState(StateStore store, String key) {
        return session.write(null, c -> state.delete(JdbcExecutor.on(c), store, key));
    }

    @Override
    protected String doPing() {
        return session.read(null, c -> JdbcExecutor.on(c).query("SELECT current_setting('server_version'),"
                + " (SELECT extversion FROM pg_extension WHERE extname = 'vector')", List.of(),
                row -> "PostgreSQL " + row.text(1) + ", pgvector " + row.text(2) + ", schema " + schema).get(0));
    }

    /** Closes the connection pool. Idempotent. */
    @Override
    public void close() {
        session.close();
    }
}
