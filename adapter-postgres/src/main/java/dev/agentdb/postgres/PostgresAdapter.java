package dev.agentdb.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
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
import dev.agentdb.NotFoundException;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.filter.FilterValues;
import dev.agentdb.internal.Json;
import dev.agentdb.migrations.Dialect;
import dev.agentdb.migrations.SchemaMigrator;
import dev.agentdb.postgres.internal.PgCopy;
import dev.agentdb.postgres.internal.PgJson;
import dev.agentdb.postgres.internal.PgVectors;
import dev.agentdb.postgres.internal.PostgresUrl;
import dev.agentdb.spi.Capability;
import dev.agentdb.spi.DatabaseAdapter;
import dev.agentdb.sql.SqlFragment;
import dev.agentdb.spi.StateStore;
import org.postgresql.PGConnection;
import org.postgresql.util.PGobject;
import org.postgresql.util.PSQLException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * <p>Thread-safe: every operation borrows a connection from a HikariCP pool of
 * {@link AgentDBConfig#poolSize()} connections.
 */
public final class PostgresAdapter extends DatabaseAdapter {
    private final String maintenanceWorkMem;
    /** Smallest match count for which a filtered search walks the HNSW index instead of scanning the matches exactly. */
    public static final int EXACT_FILTER_MIN_ROWS = 2_000;
    /** A filtered search scans exactly when fewer than this many x max(efSearch, k) rows match (or fewer than {@link #EXACT_FILTER_MIN_ROWS}). */
    public static final int EXACT_FILTER_EF_FACTOR = 10;
    /** pgvector's upper limit of {@code hnsw.ef_search}; larger requests are answered exactly. */
    public static final int MAX_HNSW_EF_SEARCH = 1_000;
    /** Largest dimension of a {@code vector} HNSW index (pgvector). */
    public static final int MAX_VECTOR_INDEX_DIMENSION = 2_000;
    /** Largest dimension of a {@code halfvec} HNSW index (pgvector); HNSW collections above it are refused. */
    public static final int MAX_HALFVEC_INDEX_DIMENSION = 4_000;
    /** Lower bound of {@code hnsw.max_scan_tuples} for filtered index searches (pgvector's default). */
    public static final int MAX_SCAN_TUPLES = 20_000;
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
    /** Candidates fetched beyond k so that re-scoring can settle ties at the k-th place. */
    static final int EXTRA_CANDIDATES = 4;

    private static final String REGISTRY = "agentdb_collections";
    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(Capability.TRANSACTIONS,
            Capability.RAW_SQL, Capability.ANN_INDEX, Capability.FILTER_PUSHDOWN, Capability.DURABLE,
            Capability.CONCURRENT_WRITERS, Capability.IVFFLAT_INDEX));
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final Pattern DUPLICATE_KEY = Pattern.compile("Key \\(id\\)=\\((.*)\\) already exists");

    private final PostgresUrl url;
    private final String schema;
    private final String quotedSchema;
    private final HikariDataSource pool;
    private final PostgresFilterTranslator filters = new PostgresFilterTranslator("metadata");
    private final ThreadLocal<Connection> bound = new ThreadLocal<>();
    private final boolean iterativeScan;
    private volatile boolean closed;

    private PostgresAdapter(AgentDBConfig config, PostgresUrl url, HikariDataSource pool, boolean iterativeScan) {
        super(config);
        this.url = url;
        this.schema = url.schema();
        this.quotedSchema = quote(url.schema());
        this.pool = pool;
        this.iterativeScan = iterativeScan;
        this.maintenanceWorkMem = config.property(MAINTENANCE_WORK_MEM_PROPERTY, DEFAULT_MAINTENANCE_WORK_MEM);
    }

    /**
     * Connects, makes sure pgvector is installed (creating the extension in {@code public} when the
     * user may), creates the schema when missing, and migrates it when {@link AgentDBConfig#autoMigrate()}.
     *
     * @param config the configuration; its URL must be a PostgreSQL URL
     * @return an open adapter, owned by the caller
     * @throws InvalidInputException naming {@code url} when it is malformed
     * @throws BackendUnavailableException when the server cannot be reached, or pgvector is not
     *         installed (the message names the extension and how to install it)
     * @throws ConflictException when the stored schema is newer than this library supports
     */
    public static PostgresAdapter open(AgentDBConfig config) {
        PostgresUrl url = PostgresUrl.parse(config.url());
        Properties props = driverProperties(config, url);
        Setup setup = prepareDatabase(url, props);
        HikariDataSource pool = createPool(config, url, props, setup.extensionSchema());
        try {
            PostgresAdapter adapter = new PostgresAdapter(config, url, pool, setup.iterativeScan());
            if (config.autoMigrate()) {
                adapter.runMigration();
            } else {
                SchemaMigrator.refuseNewer(adapter.getMigrationVersion(), Dialect.POSTGRES);
            }
            return adapter;
        } catch (RuntimeException | Error e) {
            pool.close();
            throw e;
        }
    }

    private static Properties driverProperties(AgentDBConfig config, PostgresUrl url) {
        Properties props = url.driverProperties();
        props.putIfAbsent("reWriteBatchedInserts", "true");
        props.putIfAbsent("ApplicationName", "agentdb");
        String seconds = Long.toString(Math.max(1, (config.connectTimeoutMs() + 999) / 1000));
        props.putIfAbsent("connectTimeout", seconds);
        props.putIfAbsent("loginTimeout", seconds);
        return props;
    }

    private static HikariDataSource createPool(AgentDBConfig config, PostgresUrl url, Properties props, String extensionSchema) {
        HikariConfig hc = new HikariConfig();
        hc.setDriverClassName("org.postgresql.Driver");
        hc.setJdbcUrl(url.jdbcUrl());
        hc.setDataSourceProperties(props);
        hc.setMaximumPoolSize(config.poolSize());
        hc.setMinimumIdle(Math.min(2, config.poolSize()));
        hc.setConnectionTimeout(Math.max(250, config.connectTimeoutMs()));
        hc.setInitializationFailTimeout(Math.max(1, config.connectTimeoutMs()));
        hc.setPoolName("agentdb-postgres-" + POOLS.incrementAndGet());
        String path = quote(url.schema())
                + ("public".equals(extensionSchema) || url.schema().equals(extensionSchema) ? "" : ", " + quote(extensionSchema))
                + ", public";
        hc.setConnectionInitSql("SET search_path TO " + path + "; SET lock_timeout = " + config.busyTimeoutMs());
        try {
            return new HikariDataSource(hc);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BackendUnavailableException("cannot connect to PostgreSQL at " + url.redacted() + ": "
                    + redact(cause.getMessage(), url), e);
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("cannot open a connection pool for " + url.redacted() + ": "
                    + redact(e.getMessage(), url), e);
        }
    }

    /** What opening learnt about the server: where pgvector lives and whether it has iterative index scans (0.8+). */
    private record Setup(String extensionSchema, boolean iterativeScan) {
    }

    /**
     * On one plain connection, before the pool exists: ensures pgvector (creating it in {@code public}
     * when the user may) and the schema, and finds the extension's schema (Supabase installs it in
     * {@code extensions}) so that the pool's search path reaches its types and operators.
     */
    private static Setup prepareDatabase(PostgresUrl url, Properties props) {
        try (Connection c = java.sql.DriverManager.getConnection(url.jdbcUrl(), props)) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('agentdb:setup'))")) {
                    ps.execute();
                }
                String version = extensionVersion(c);
                if (version == null) {
                    String available = null;
                    try (PreparedStatement ps = c.prepareStatement(
                            "SELECT default_version FROM pg_available_extensions WHERE name = 'vector'");
                         ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            available = rs.getString(1);
                        }
                    }
                    if (available == null) {
                        throw new BackendUnavailableException("PostgreSQL at " + url.redacted()
                                + " does not have the pgvector extension ('vector') installed; install pgvector 0.7 or newer"
                                + " on the server (https://github.com/pgvector/pgvector: a postgresql-NN-pgvector package or"
                                + " 'make && make install'), then run CREATE EXTENSION vector");
                    }
                    try (Statement st = c.createStatement()) {
                        st.execute("CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public");
                    } catch (SQLException e) {
                        throw new BackendUnavailableException("PostgreSQL at " + url.redacted() + " has pgvector " + available
                                + " available but the extension 'vector' is not created in this database and this user cannot"
                                + " create it (" + redact(e.getMessage(), url) + "); ask an administrator to run CREATE EXTENSION vector", e);
                    }
                    version = extensionVersion(c);
                }
                String extensionSchema;
                try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n"
                        + " ON n.oid = e.extnamespace WHERE e.extname = 'vector'");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    extensionSchema = rs.getString(1);
                }
                boolean schemaExists;
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
                    ps.setString(1, url.schema());
                    try (ResultSet rs = ps.executeQuery()) {
                        schemaExists = rs.next();
                    }
                }
                if (!schemaExists) { // CREATE SCHEMA IF NOT EXISTS would still need the CREATE privilege
                    try (Statement st = c.createStatement()) {
                        st.execute("CREATE SCHEMA " + quote(url.schema()));
                    }
                }
                c.commit();
                return new Setup(extensionSchema, atLeast(version, 0, 8));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new BackendUnavailableException("cannot connect to PostgreSQL at " + url.redacted() + ": "
                    + redact(e.getMessage(), url), e);
        }
    }

    private static String extensionVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT extversion FROM pg_extension WHERE extname = 'vector'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static boolean atLeast(String version, int major, int minor) {
        if (version == null) {
            return false;
        }
        String[] parts = version.split("\\.");
        try {
            int a = Integer.parseInt(parts[0]);
            int b = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return a > major || (a == major && b >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ identity

    /** @return {@link BackendType#POSTGRES} */
    @Override
    public BackendType backendType() {
        return BackendType.POSTGRES;
    }

    /** @return TRANSACTIONS, RAW_SQL, ANN_INDEX, FILTER_PUSHDOWN, DURABLE, CONCURRENT_WRITERS, IVFFLAT_INDEX */
    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /** @return {@code "postgres"} */
    @Override
    public String dialect() {
        return "postgres";
    }

    /** @return the schema holding this database's AgentDB tables, e.g. {@code "public"} */
    public String schema() {
        return schema;
    }

    // ------------------------------------------------------------------ collections

    @Override
    protected void doCreateCollection(String name, CollectionSpec spec) {
        checkIndexable(name, spec.dimension(), spec.index());
        write(c -> {
            lock(c, name);
            Optional<CollectionSpec> existing = readSpec(c, name);
            if (existing.isPresent()) {
                if (!existing.get().equals(spec)) {
                    throw new ConflictException("collection '" + name + "' already exists with dimension "
                            + existing.get().dimension() + ", metric " + existing.get().metric() + ", index "
                            + existing.get().index() + "; requested " + spec);
                }
                return null;
            }
            String table = table(name);
            exec(c, "CREATE TABLE IF NOT EXISTS " + table + " (id text COLLATE \"C\" PRIMARY KEY, embedding "
                    + (spec.dimension() == 0 ? "vector" : "vector(" + spec.dimension() + ")")
                    + " NOT NULL, metadata jsonb NOT NULL DEFAULT '{}', text text, \"timestamp\" bigint NOT NULL)");
            exec(c, "CREATE INDEX IF NOT EXISTS " + quote(indexName(name, "meta")) + " ON " + table
                    + " USING gin (metadata jsonb_path_ops)");
            if (spec.dimension() > 0) {
                createVectorIndex(c, name, spec);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + registry()
                    + " (index_type, m, ef_construction, ef_search, lists, probes, name, dimension, metric, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bindIndex(ps, spec.index());
                ps.setString(7, name);
                ps.setInt(8, spec.dimension());
                ps.setString(9, spec.metric().wireName());
                ps.setLong(10, System.currentTimeMillis());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Binds parameters 1-6 to index_type, m, ef_construction, ef_search, lists, probes (lists/probes NULL unless IVFFLAT). */
    private static void bindIndex(PreparedStatement ps, IndexParams index) throws SQLException {
        boolean ivf = index.type() == IndexParams.IndexType.IVFFLAT;
        ps.setString(1, index.type().name());
        ps.setInt(2, index.m());
        ps.setInt(3, index.efConstruction());
        ps.setInt(4, index.efSearch());
        ps.setObject(5, ivf ? index.lists() : null, java.sql.Types.INTEGER);
        ps.setObject(6, ivf ? index.probes() : null, java.sql.Types.INTEGER);
    }

    /**
     * In one transaction (a savepoint of the caller's): takes the collection's lock, drops its vector
     * index, records the new parameters in the registry and builds the new index over the rows (none
     * for FLAT) with the bulk-load {@code maintenance_work_mem}. DROP INDEX holds an exclusive lock on
     * the table until the transaction ends, so readers wait for the build; on failure everything,
     * the old index included, rolls back.
     */
    @Override
    protected void doReindex(String collection, CollectionSpec newSpec) {
        checkIndexable(collection, newSpec.dimension(), newSpec.index());
        write(c -> {
            lock(c, collection);
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + registry()
                    + " SET index_type = ?, m = ?, ef_construction = ?, ef_search = ?, lists = ?, probes = ? WHERE name = ?")) {
                bindIndex(ps, newSpec.index());
                ps.setString(7, collection);
                if (ps.executeUpdate() == 0) {
                    throw missing(collection);
                }
            }
            dropVectorIndexes(c, collection);
            if (newSpec.dimension() > 0) {
                buildVectorIndex(c, collection, newSpec);
            }
            return null;
        }, collection);
    }

    /** Drops the collection's vector index, whichever kind it is. */
    private void dropVectorIndexes(Connection c, String collection) throws SQLException {
        exec(c, "DROP INDEX IF EXISTS " + quotedSchema + "." + quote(indexName(collection, "hnsw")) + ", "
                + quotedSchema + "." + quote(indexName(collection, "ivfflat")));
    }

    /**
     * Builds the vector index over the rows present, with {@link #MAINTENANCE_WORK_MEM_PROPERTY} for
     * the rest of the transaction: pgvector builds an HNSW graph far faster when it fits in
     * maintenance_work_mem (the server default, 64 MB, holds about 20,000 784-d vectors).
     */
    private void buildVectorIndex(Connection c, String collection, CollectionSpec spec) throws SQLException {
        if (!indexed(spec.index())) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('maintenance_work_mem', ?, true)")) {
            ps.setString(1, maintenanceWorkMem);
            ps.executeQuery().close();
        }
        createVectorIndex(c, collection, spec);
    }

    private void createVectorIndex(Connection c, String name, CollectionSpec spec) throws SQLException {
        if (spec.index().type() == IndexParams.IndexType.IVFFLAT) {
            exec(c, "CREATE INDEX IF NOT EXISTS " + quote(vectorIndexName(name, spec)) + " ON " + table(name) + " USING ivfflat ("
                    + indexExpression(spec.dimension()) + " " + opClass(spec.dimension(), spec.metric())
                    + ") WITH (lists = " + spec.index().lists() + ")");
            return;
        }
        if (spec.index().type() != IndexParams.IndexType.HNSW) {
            return;
        }
        int m = Math.min(spec.index().m(), 100);
        int efc = Math.max(4, Math.min(1_000, Math.max(spec.index().efConstruction(), 2 * m)));
        exec(c, "CREATE INDEX IF NOT EXISTS " + quote(indexName(name, "hnsw")) + " ON " + table(name) + " USING hnsw ("
                + indexExpression(spec.dimension()) + " " + opClass(spec.dimension(), spec.metric())
                + ") WITH (m = " + m + ", ef_construction = " + efc + ")");
    }

    /** @return whether the spec has a pgvector index (HNSW or IVFFlat) */
    private static boolean indexed(IndexParams index) {
        return index.type() == IndexParams.IndexType.HNSW || index.type() == IndexParams.IndexType.IVFFLAT;
    }

    /** @return the name of the collection's vector index: {@code agentdb_<name>_hnsw} or {@code agentdb_<name>_ivfflat} */
    private static String vectorIndexName(String collection, CollectionSpec spec) {
        return indexName(collection, spec.index().type() == IndexParams.IndexType.IVFFLAT ? "ivfflat" : "hnsw");
    }

    private static void checkIndexable(String name, int dimension, IndexParams index) {
        if (indexed(index) && dimension > MAX_HALFVEC_INDEX_DIMENSION) {
            throw new InvalidInputException("dimension", "collection '" + name + "': an " + index.type() + " index on PostgreSQL (pgvector)"
                    + " supports at most " + MAX_HALFVEC_INDEX_DIMENSION + " dimensions (halfvec above "
                    + MAX_VECTOR_INDEX_DIMENSION + "), was " + dimension + "; use IndexParams.flat() for exact search");
        }
    }

    @Override
    protected boolean doDropCollection(String name) {
        return write(c -> {
            lock(c, name);
            boolean existed;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + registry() + " WHERE name = ?")) {
                ps.setString(1, name);
                existed = ps.executeUpdate() > 0;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                ps.setString(1, table(name));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    existed |= rs.getBoolean(1);
                }
            }
            exec(c, "DROP TABLE IF EXISTS " + table(name));
            return existed;
        });
    }

    @Override
    protected Optional<CollectionSpec> doCollectionSpec(String name) {
        return read(c -> readSpec(c, name));
    }

    private Optional<CollectionSpec> readSpec(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT dimension, metric, index_type, m, ef_construction, ef_search,"
                + " lists, probes FROM " + registry() + " WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(spec(rs)) : Optional.empty();
            }
        }
    }

    /** Reads columns 1-8: dimension, metric, index_type, m, ef_construction, ef_search, lists, probes. */
    private static CollectionSpec spec(ResultSet rs) throws SQLException {
        String stored = rs.getString(3);
        IndexParams.IndexType type = "FLAT".equals(stored) ? IndexParams.IndexType.FLAT
                : "IVFFLAT".equals(stored) ? IndexParams.IndexType.IVFFLAT : IndexParams.IndexType.HNSW;
        int lists = rs.getInt(7);
        if (rs.wasNull() || type != IndexParams.IndexType.IVFFLAT) {
            lists = IndexParams.DEFAULT_LISTS;
        }
        int probes = rs.getInt(8);
        if (rs.wasNull() || type != IndexParams.IndexType.IVFFLAT) {
            probes = Math.min(IndexParams.DEFAULT_PROBES, lists);
        }
        return new CollectionSpec(rs.getInt(1), Metric.fromString(rs.getString(2)),
                new IndexParams(type, rs.getInt(4), rs.getInt(5), rs.getInt(6), lists, probes));
    }

    @Override
    protected List<CollectionInfo> doListCollections() {
        return read(c -> {
            List<CollectionInfo> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT dimension, metric, index_type, m, ef_construction, ef_search,"
                    + " lists, probes, name FROM " + registry() + " ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CollectionInfo(rs.getString(9), spec(rs)));
                }
            }
            return out;
        });
    }

    @Override
    protected void doSetDimension(String name, int dimension) {
        CollectionSpec cached = collectionSpec(name).orElseThrow(() -> missing(name));
        checkIndexable(name, dimension, cached.index());
        write(c -> {
            lock(c, name);
            CollectionSpec stored = readSpec(c, name).orElseThrow(() -> missing(name));
            if (stored.dimension() == dimension) {
                return null;
            }
            if (stored.dimension() != 0) {
                throw new ConflictException("collection '" + name + "' already has dimension " + stored.dimension()
                        + "; cannot fix it to " + dimension);
            }
            exec(c, "ALTER TABLE " + table(name) + " ALTER COLUMN embedding TYPE vector(" + dimension + ")");
            createVectorIndex(c, name, stored.withDimension(dimension));
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + registry() + " SET dimension = ? WHERE name = ?")) {
                ps.setInt(1, dimension);
                ps.setString(2, name);
                ps.executeUpdate();
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ records

    @Override
    protected void doInsertBatch(String collection, List<VectorRecord> records) {
        byte[] stream = PgCopy.encode(records);
        CollectionSpec spec = requireCollection(collection);
        // HNSW: build once instead of row by row; IVFFlat: train the centroids on the first batch
        boolean bulk = spec.index().type() == IndexParams.IndexType.HNSW ? records.size() >= BULK_LOAD_MIN_ROWS
                : spec.index().type() == IndexParams.IndexType.IVFFLAT && records.size() >= spec.index().lists();
        write(c -> {
            boolean rebuild = bulk && isEmpty(c, collection);
            if (rebuild) {
                lock(c, collection);
                dropVectorIndexes(c, collection);
            }
            try {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table(collection)
                        + " (id, embedding, metadata, text, \"timestamp\") FROM STDIN (FORMAT BINARY)", new ByteArrayInputStream(stream));
            } catch (IOException e) {
                throw new BackendUnavailableException("COPY into collection '" + collection + "' failed: " + e.getMessage(), e);
            }
            if (rebuild) {
                buildVectorIndex(c, collection, spec);
            }
            return null;
        }, collection);
    }

    private boolean isEmpty(Connection c, String collection) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM " + table(collection) + ")");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @Override
    protected void doUpsertBatch(String collection, List<VectorRecord> records) {
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table(collection)
                    + " (id, embedding, metadata, text, \"timestamp\") VALUES (?, ?::vector, ?::jsonb, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET embedding = EXCLUDED.embedding, metadata = EXCLUDED.metadata,"
                    + " text = EXCLUDED.text, \"timestamp\" = EXCLUDED.\"timestamp\"")) {
                int pending = 0;
                List<VectorRecord> ordered = new ArrayList<>(records);
                ordered.sort((a, b) -> a.id().compareTo(b.id())); // one row-lock order for every writer: no deadlocks
                for (VectorRecord r : ordered) {
                    ps.setString(1, r.id());
                    ps.setString(2, PgVectors.toText(r.embedding()));
                    ps.setString(3, PgJson.write(r.metadata()));
                    ps.setString(4, r.text());
                    ps.setLong(5, r.timestamp());
                    ps.addBatch();
                    if (++pending == 500) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    ps.executeBatch();
                }
            }
            return null;
        }, collection);
    }

    @Override
    protected Optional<VectorRecord> doGet(String collection, String id) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, embedding::text, metadata::text, text, \"timestamp\" FROM "
                    + table(collection) + " WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(record(rs)) : Optional.empty();
                }
            }
        }, collection);
    }

    private static VectorRecord record(ResultSet rs) throws SQLException {
        return new VectorRecord(rs.getString(1), PgVectors.parse(rs.getString(2)), Json.readObject(rs.getString(3)),
                rs.getString(4), rs.getLong(5));
    }

    @Override
    protected boolean doDelete(String collection, String id) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table(collection) + " WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        }, collection);
    }

    @Override
    protected long doDeleteWhere(String collection, Filter filter) {
        SqlFragment f = filters.translate(filter);
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table(collection) + " WHERE " + f.sql())) {
                bind(ps, 1, f.params());
                return (long) ps.executeUpdate();
            }
        }, collection);
    }

    @Override
    protected long doCount(String collection, Filter filter) {
        SqlFragment f = filters.translate(filter);
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table(collection) + " WHERE " + f.sql())) {
                bind(ps, 1, f.params());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }, collection);
    }

    @Override
    protected List<VectorRecord> doScan(String collection, String afterId, int limit) {
        return read(c -> {
            String sql = "SELECT id, embedding::text, metadata::text, text, \"timestamp\" FROM " + table(collection)
                    + (afterId == null ? "" : " WHERE id > ?") + " ORDER BY id LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (afterId != null) {
                    ps.setString(i++, afterId);
                }
                ps.setInt(i, limit);
                List<VectorRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(record(rs));
                    }
                }
                return out;
            }
        }, collection);
    }

    // ------------------------------------------------------------------ search

    @Override
    protected List<SearchResult> doSearch(String collection, CollectionSpec spec, SearchRequest request) {
        if (spec.dimension() == 0) {
            return List.of(); // the default collection before its first insert holds nothing
        }
        Metric metric = request.metric() == null ? spec.metric() : request.metric();
        int k = request.k();
        boolean ivf = spec.index().type() == IndexParams.IndexType.IVFFLAT;
        int ef = Math.max(request.efSearch() == null ? spec.index().efSearch() : request.efSearch(), k);
        int probes = Math.min(request.probes() == null ? spec.index().probes() : request.probes(), spec.index().lists());
        boolean exactOnly = request.exact() || !indexed(spec.index()) || metric != spec.metric()
                || (!ivf && ef > MAX_HNSW_EF_SEARCH);
        SqlFragment f = filters.translate(request.filter());
        int fetch = (int) Math.min((long) k + EXTRA_CANDIDATES, Integer.MAX_VALUE);
        List<Candidate> candidates = readTransaction(c -> {
            boolean exact = exactOnly;
            if (!exact && request.filter() != null) {
                long cap = Math.max(EXACT_FILTER_MIN_ROWS, (long) EXACT_FILTER_EF_FACTOR * (ivf ? k : ef));
                exact = countUpTo(c, collection, f, cap) < cap;
            }
            if (exact) {
                return exactSearch(c, collection, metric, request.vector(), f, fetch);
            }
            if (ivf) {
                setLocal(c, "ivfflat.probes", Integer.toString(probes));
                if (request.filter() != null && iterativeScan) {
                    setLocal(c, "ivfflat.iterative_scan", "relaxed_order");
                }
            } else {
                setLocal(c, "hnsw.ef_search", Integer.toString(ef));
                if (request.filter() != null && iterativeScan) {
                    setLocal(c, "hnsw.iterative_scan", "strict_order");
                    setLocal(c, "hnsw.max_scan_tuples", Long.toString(Math.max(MAX_SCAN_TUPLES, 50L * ef)));
                }
            }
            String type = spec.dimension() > MAX_VECTOR_INDEX_DIMENSION ? "halfvec(" + spec.dimension() + ")" : "vector";
            List<Candidate> found = query(c, "SELECT id, embedding::text, metadata::text, text FROM " + table(collection)
                    + " WHERE " + f.sql() + " ORDER BY " + indexExpression(spec.dimension()) + " " + operator(metric)
                    + " ?::" + type + " LIMIT ?", f.params(), request.vector(), fetch);
            if (found.size() < fetch && countUpTo(c, collection, f, fetch) > found.size()) {
                // the graph walk missed matching rows (filter or deleted tuples): answer exactly
                return exactSearch(c, collection, metric, request.vector(), f, fetch);
            }
            return found;
        }, collection);
        return rank(candidates, metric, request);
    }

    private List<Candidate> exactSearch(Connection c, String collection, Metric metric, float[] vector,
                                        SqlFragment f, int fetch) throws SQLException {
        setLocal(c, "enable_indexscan", "off");
        return query(c, "SELECT id, embedding::text, metadata::text, text FROM " + table(collection) + " WHERE " + f.sql()
                + " ORDER BY embedding " + operator(metric) + " ?::vector, id LIMIT ?", f.params(), vector, fetch);
    }

    private static List<Candidate> query(Connection c, String sql, List<Object> filterParams, float[] vector, int fetch)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bind(ps, 1, filterParams);
            ps.setString(i++, PgVectors.toText(vector));
            ps.setInt(i, fetch);
            List<Candidate> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Candidate(rs.getString(1), PgVectors.parse(rs.getString(2)), rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        }
    }

    private long countUpTo(Connection c, String collection, SqlFragment f, long cap) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM " + table(collection)
                + " WHERE " + f.sql() + " LIMIT ?) s")) {
            int i = bind(ps, 1, f.params());
            ps.setLong(i, cap);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Re-scores candidates with the {@link Metric} definitions, orders by (distance, id), applies threshold and k. */
    private static List<SearchResult> rank(List<Candidate> candidates, Metric metric, SearchRequest request) {
        List<Scored> scored = new ArrayList<>(candidates.size());
        for (Candidate cand : candidates) {
            scored.add(new Scored(cand, PgVectors.distance(metric, request.vector(), cand.embedding)));
        }
        scored.sort((a, b) -> {
            int d = Double.compare(a.distance, b.distance);
            return d != 0 ? d : FilterValues.compareCodePoints(a.candidate.id, b.candidate.id);
        });
        List<SearchResult> out = new ArrayList<>(Math.min(request.k(), scored.size()));
        for (Scored s : scored) {
            if (out.size() == request.k()) {
                break;
            }
            double score = metric.scoreOf(s.distance);
            if (request.threshold() != null && score < request.threshold()) {
                continue;
            }
            out.add(new SearchResult(s.candidate.id, score, s.distance, Collections.unmodifiableMap(Json.readObject(s.candidate.metadata)),
                    s.candidate.text, request.includeVectors() ? s.candidate.embedding : null));
        }
        return out;
    }

    private record Candidate(String id, float[] embedding, String metadata, String text) {
    }

    private record Scored(Candidate candidate, double distance) {
    }

    private static String operator(Metric metric) {
        switch (metric) {
            case L2: return "<->";
            case INNER_PRODUCT: return "<#>";
            case COSINE:
            default: return "<=>";
        }
    }

    private static String opClass(int dimension, Metric metric) {
        String prefix = dimension > MAX_VECTOR_INDEX_DIMENSION ? "halfvec" : "vector";
        switch (metric) {
            case L2: return prefix + "_l2_ops";
            case INNER_PRODUCT: return prefix + "_ip_ops";
            case COSINE:
            default: return prefix + "_cosine_ops";
        }
    }

    /** The indexed expression: the column itself, or its halfvec cast above {@link #MAX_VECTOR_INDEX_DIMENSION}. */
    private static String indexExpression(int dimension) {
        return dimension > MAX_VECTOR_INDEX_DIMENSION ? "(embedding::halfvec(" + dimension + "))" : "embedding";
    }

    // ------------------------------------------------------------------ stats, transactions, admin

    @Override
    protected CollectionStats doStats(String collection) {
        CollectionSpec spec = requireCollection(collection);
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM " + table(collection)
                    + "), pg_total_relation_size(to_regclass(?))")) {
                ps.setString(1, table(collection));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long count = rs.getLong(1);
                    long bytes = rs.getLong(2);
                    if (rs.wasNull()) {
                        bytes = -1;
                    }
                    long indexed = indexed(spec.index()) ? count : 0;
                    return new CollectionStats(collection, count, spec.dimension(), spec.metric(), spec.index(), bytes, indexed);
                }
            }
        }, collection);
    }

    @Override
    protected <T> T doTransaction(Supplier<T> work) {
        if (bound.get() != null) {
            return work.get(); // nested: join the thread's transaction
        }
        Connection c = borrow();
        try {
            c.setAutoCommit(false);
            bound.set(c);
            T result;
            try {
                result = work.get();
            } catch (RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            }
            c.commit();
            return result;
        } catch (SQLException e) {
            rollbackQuietly(c, e);
            throw translate(e, null);
        } finally {
            bound.remove();
            release(c);
        }
    }

    /**
     * Migrates the AgentDB schema (idempotent), see {@link SchemaMigrator#migrate}.
     *
     * @return the schema version after migrating
     * @throws ConflictException when the stored schema is newer than this library supports
     * @throws BackendUnavailableException when a migration fails
     */
    @Override
    public int runMigration() {
        int version = SchemaMigrator.migrate(pool, Dialect.POSTGRES, schema);
        invalidateSpecCache();
        return version;
    }

    /** @return the schema version stored in this schema's {@code agentdb_schema_history} (0 when never migrated) */
    @Override
    public int getMigrationVersion() {
        return SchemaMigrator.currentVersion(pool, Dialect.POSTGRES, schema);
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
     */
    @Override
    public List<Map<String, Object>> executeRaw(String sql, List<Object> params) {
        if (sql == null || sql.isBlank()) {
            throw new InvalidInputException("sql", "must not be empty");
        }
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (Object p : params == null ? List.of() : params) {
                    ps.setObject(i++, p);
                }
                if (!ps.execute()) {
                    return List.of();
                }
                List<Map<String, Object>> rows = new ArrayList<>();
                try (ResultSet rs = ps.getResultSet()) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int col = 1; col <= md.getColumnCount(); col++) {
                            Object v = rs.getObject(col);
                            row.put(md.getColumnLabel(col), v instanceof PGobject ? ((PGobject) v).getValue() : v);
                        }
                        rows.add(row);
                    }
                }
                return rows;
            }
        });
    }

    /**
     * Each state store is a versioned table of the schema ({@link StateStore#table()}:
     * {@code agentdb_meta} since version 1, {@code agentdb_migration_checkpoints} since version 3).
     */
    @Override
    protected Optional<String> doReadState(StateStore store, String key) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM " + stateTable(store) + " WHERE key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    protected void doWriteState(StateStore store, String key, String value) {
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + stateTable(store) + " (key, value) VALUES (?, ?)"
                    + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")) {
                ps.setString(1, key);
                ps.setString(2, value);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    protected boolean doDeleteState(StateStore store, String key) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + stateTable(store) + " WHERE key = ?")) {
                ps.setString(1, key);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** @return the schema-qualified table of a store (its name is a constant of {@link StateStore}, never user text) */
    private String stateTable(StateStore store) {
        return quotedSchema + "." + quote(store.table());
    }

    @Override
    protected String doPing() {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT current_setting('server_version'),"
                    + " (SELECT extversion FROM pg_extension WHERE extname = 'vector')");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return "PostgreSQL " + rs.getString(1) + ", pgvector " + rs.getString(2) + ", schema " + schema;
            }
        });
    }

    /** Closes the connection pool. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pool.close();
        }
    }

    // ------------------------------------------------------------------ plumbing

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(SqlWork<T> work) {
        return read(work, null);
    }

    /** Runs work on the thread's transaction, or on a pooled connection in auto-commit mode. */
    private <T> T read(SqlWork<T> work, String collection) {
        Connection joined = bound.get();
        if (joined != null) {
            return inSavepoint(joined, work, false, collection);
        }
        Connection c = borrow();
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw translate(e, collection);
        } finally {
            release(c);
        }
    }

    /** Like {@link #write} but always undone afterwards (used to scope SET LOCAL settings). */
    private <T> T readTransaction(SqlWork<T> work, String collection) {
        Connection joined = bound.get();
        if (joined != null) {
            return inSavepoint(joined, work, true, collection);
        }
        return inOwnTransaction(work, collection);
    }

    private <T> T write(SqlWork<T> work) {
        return write(work, null);
    }

    /** Runs work atomically: in its own transaction, or under a savepoint of the thread's transaction. */
    private <T> T write(SqlWork<T> work, String collection) {
        Connection joined = bound.get();
        if (joined != null) {
            return inSavepoint(joined, work, false, collection);
        }
        return inOwnTransaction(work, collection);
    }

    private <T> T inOwnTransaction(SqlWork<T> work, String collection) {
        Connection c = borrow();
        try {
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            }
            c.commit();
            return result;
        } catch (SQLException e) {
            throw translate(e, collection);
        } finally {
            release(c);
        }
    }

    private <T> T inSavepoint(Connection c, SqlWork<T> work, boolean undo, String collection) {
        try {
            exec(c, "SAVEPOINT agentdb_op");
            T result;
            try {
                result = work.run(c);
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    exec(c, "ROLLBACK TO SAVEPOINT agentdb_op");
                    exec(c, "RELEASE SAVEPOINT agentdb_op");
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            if (undo) {
                exec(c, "ROLLBACK TO SAVEPOINT agentdb_op");
            }
            exec(c, "RELEASE SAVEPOINT agentdb_op");
            return result;
        } catch (SQLException e) {
            throw translate(e, collection);
        }
    }

    private Connection borrow() {
        if (closed) {
            throw new BackendUnavailableException("the PostgreSQL adapter for " + url.redacted() + " is closed");
        }
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw new BackendUnavailableException("no connection to PostgreSQL at " + url.redacted() + " within "
                    + config().connectTimeoutMs() + " ms: " + redact(e.getMessage(), url), e);
        }
    }

    private static void release(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // the pool discards a broken connection
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing to do
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private RuntimeException translate(SQLException e, String collection) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = collection == null ? "" : "collection '" + collection + "': ";
        switch (state) {
            case "23505": {
                String detail = e instanceof PSQLException && ((PSQLException) e).getServerErrorMessage() != null
                        ? ((PSQLException) e).getServerErrorMessage().getDetail() : null;
                Matcher m = detail == null ? null : DUPLICATE_KEY.matcher(detail);
                String id = m != null && m.find() ? "id '" + m.group(1) + "'" : "an id";
                return new ConflictException(where + id + " already exists; nothing was written (use upsert to replace)", e);
            }
            case "22P05":
                return new InvalidInputException("metadata", "PostgreSQL jsonb cannot store the character \\u0000: "
                        + e.getMessage(), e);
            case "22021":
                return new InvalidInputException("text", "PostgreSQL text cannot store the character \\u0000: " + e.getMessage(), e);
            case "42P01":
                invalidateSpecCache();
                return new NotFoundException(where + "its table does not exist (dropped by another client?)");
            default:
                if (state.startsWith("08") || state.startsWith("57P")) {
                    return new BackendUnavailableException(where + "PostgreSQL at " + url.redacted() + " is unavailable: "
                            + redact(e.getMessage(), url), e);
                }
                return new AgentDBException(where + "PostgreSQL error " + state + ": " + redact(e.getMessage(), url), e);
        }
    }

    private static String redact(String message, PostgresUrl url) {
        if (message == null) {
            return "(no message)";
        }
        String out = AgentDBConfig.redact(message);
        if (url.password() != null && !url.password().isEmpty()) {
            out = out.replace(url.password(), "***");
        }
        return out;
    }

    private static int bind(PreparedStatement ps, int first, List<Object> params) throws SQLException {
        int i = first;
        for (Object p : params) {
            if (p instanceof String) {
                ps.setString(i++, (String) p);
            } else if (p instanceof Long) {
                ps.setLong(i++, (Long) p);
            } else if (p instanceof Double) {
                ps.setDouble(i++, (Double) p);
            } else {
                ps.setObject(i++, p);
            }
        }
        return i;
    }

    private static void setLocal(Connection c, String name, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, true)")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.execute();
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private void lock(Connection c, String collection) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            ps.setString(1, "agentdb:" + schema + "." + collection);
            ps.execute();
        }
    }

    private NotFoundException missing(String name) {
        return new NotFoundException("collection '" + name + "' does not exist; create it with createCollection(name, spec)");
    }

    private String registry() {
        return quotedSchema + "." + REGISTRY;
    }

    /** @return the schema-qualified, quoted table of a validated collection name */
    private String table(String collection) {
        return quotedSchema + "." + quote(collection);
    }

    /**
     * Index names live in the schema's relation namespace next to the tables: the reserved prefix
     * {@code agentdb_} keeps them apart from collection names; long names are shortened with a hash
     * to PostgreSQL's 63 bytes.
     */
    private static String indexName(String collection, String suffix) {
        String name = "agentdb_" + collection + "_" + suffix;
        if (name.length() <= 63) {
            return name;
        }
        String hash = Integer.toHexString(collection.hashCode());
        return "agentdb_" + collection.substring(0, 63 - 8 - suffix.length() - hash.length() - 2) + "_" + hash + "_" + suffix;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
