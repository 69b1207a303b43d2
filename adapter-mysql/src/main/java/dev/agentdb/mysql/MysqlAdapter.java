package dev.agentdb.mysql;

import com.zaxxer.hikari.HikariDataSource;
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
import dev.agentdb.VectorRecord;
import dev.agentdb.engine.IndexEngine;
import dev.agentdb.engine.IndexedCollection;
import dev.agentdb.engine.NodeMap;
import dev.agentdb.filter.Filter;
import dev.agentdb.internal.Validation;
import dev.agentdb.internal.VectorCodec;
import dev.agentdb.migrations.FlywayVersioning;
import dev.agentdb.migrations.SchemaScripts;
import dev.agentdb.migrations.SchemaVersioning;
import dev.agentdb.mysql.internal.MysqlErrors;
import dev.agentdb.mysql.internal.MysqlGraphStorage;
import dev.agentdb.mysql.internal.MysqlSearchReads;
import dev.agentdb.mysql.internal.MysqlSetup;
import dev.agentdb.mysql.internal.MysqlTable;
import dev.agentdb.mysql.internal.MysqlUrl;
import dev.agentdb.mysql.internal.MysqlVectorRows;
import dev.agentdb.mysql.internal.NativeIndex;
import dev.agentdb.mysql.internal.NativeSearch;
import dev.agentdb.mysql.internal.SessionEfSearch;
import dev.agentdb.spi.Capability;
import dev.agentdb.spi.DatabaseAdapter;
import dev.agentdb.spi.StateStore;
import dev.agentdb.sql.CollectionRegistry;
import dev.agentdb.sql.RawSql;
import dev.agentdb.sql.RecordMapper;
import dev.agentdb.sql.SqlDialect;
import dev.agentdb.sql.SqlFragment;
import dev.agentdb.sql.SqlOrder;
import dev.agentdb.sql.StateTables;
import dev.agentdb.sql.jdbc.JdbcExecutor;
import dev.agentdb.sql.jdbc.JdbcSession;
import dev.agentdb.sql.jdbc.PooledConnections;
import dev.agentdb.sql.jdbc.SqlWork;
import dev.agentdb.sql.jdbc.TransactionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * MySQL and MariaDB adapter.
 *
 * <h2>URLs</h2>
 * {@code mysql://user:password@host:3306/database?param=value}, {@code mariadb://...},
 * {@code jdbc:mysql://...} and {@code jdbc:mariadb://...}; the database is required, every query
 * parameter goes to MySQL Connector/J (the driver of both families). Passwords never appear in
 * messages.
 *
 * <h2>The server</h2>
 * On open the adapter asks the server what it is ({@link #server()}: MySQL or MariaDB, the
 * version, whether it has the {@code VECTOR} type and a vector index) and logs it; {@code health()}
 * shows it. On MariaDB 11.7+ a new collection with metric cosine or l2, a known dimension and an HNSW
 * index whose {@code m} MariaDB accepts (3 to 200) is stored with a {@code VECTOR(n)} column and
 * MariaDB's {@code VECTOR INDEX}, which serves its searches (the internal {@code NativeIndex} and
 * {@code NativeSearch}; {@link #VECTOR_INDEX_PROPERTY} turns it off). Every other collection (inner
 * product has no native distance), on every server, uses AgentDB's in-house HNSW index through the
 * shared index engine ({@link IndexEngine}), its graph persisted in this database's own tables. The
 * registry records which ({@code index_implementation}); {@code stats()} reports it.
 *
 * <h2>Storage</h2>
 * Flyway-versioned tables in the URL's database ({@code db/agentdb/mysql}, {@link #SCHEMA_SCRIPTS}):
 * the registry {@code agentdb_collections}, the state stores {@code agentdb_meta} and
 * {@code agentdb_migration_checkpoints}, the graph tables {@code agentdb_hnsw_header} and
 * {@code agentdb_hnsw_nodes}, and {@code agentdb_index_versions}, Flyway's history in
 * {@code agentdb_schema_history}. Each collection is one InnoDB table named after it:
 * {@code (id, embedding MEDIUMBLOB, metadata LONGTEXT, deep, text, timestamp)}, embeddings as
 * little-endian float32 (exact round trip), metadata as the JSON text AgentDB writes (ids compare by
 * code point, see the internal {@code MysqlTable}).
 *
 * <h2>Writes, the graph and other clients</h2>
 * A write (insert, upsert, delete, reindex) runs in one transaction: it first locks the collection's
 * row of {@code agentdb_index_versions} ({@code SELECT ... FOR UPDATE}: writers of a collection queue
 * up, in every process), reloads the in-memory graph when another client's write moved that version
 * since it was loaded, writes the rows (multi-row statements) and the changed graph nodes, and
 * increments the version; rows and graph commit or roll back together. A search reads the version
 * on the connection it searches with (one primary-key read) and reloads first when another client
 * wrote. Connections run in {@code READ COMMITTED}.
 *
 * <h2>Filters</h2>
 * {@link MysqlFilterTranslator} (MongoDB semantics, every path and value bound). MariaDB's JSON
 * functions cannot read documents nested deeper than 31 levels (AgentDB accepts 64): such records
 * are flagged ({@code deep}) when written and tested in Java against the same filter, in the same
 * read, so filters, counts, deletes, finds and filtered searches match them exactly as
 * {@link Filter#test} does; a find over a collection holding any of them filters and sorts in Java.
 *
 * <h2>Transactions</h2>
 * {@link #transaction(Supplier)} binds one pooled connection to the calling thread
 * ({@link JdbcSession}); the adapter's operations from that thread join it under savepoints.
 * Creating or dropping a collection is DDL, which MySQL and MariaDB commit implicitly: it is refused
 * inside a transaction.
 *
 * <p>Thread-safe: every operation borrows a connection from a HikariCP pool of
 * {@link AgentDBConfig#poolSize()} connections.
 */
public final class MysqlAdapter extends DatabaseAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(MysqlAdapter.class);

    /** The versioned schema's scripts, in {@code db/agentdb/mysql} of this jar: V1 the registry, state stores and graph tables. */
    public static final SchemaScripts SCHEMA_SCRIPTS = new SchemaScripts("db/agentdb/mysql", List.of("V1__agentdb_layout.sql",
            "V2__native_vector_index.sql"));

    /**
     * Adapter property ({@link AgentDBConfig.Builder#property}): {@code native} (the default) gives new
     * collections MariaDB's {@code VECTOR INDEX} where the server has one and the collection qualifies;
     * {@code in-house} keeps every new collection on AgentDB's own HNSW index. Existing collections keep
     * what they were created with either way.
     */
    public static final String VECTOR_INDEX_PROPERTY = "mysql.vector_index";

    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(Capability.TRANSACTIONS,
            Capability.RAW_SQL, Capability.DURABLE, Capability.READ_ONLY));
    private static final RecordMapper RECORDS = new RecordMapper(RecordMapper.FLOAT32_LE_BYTES);
    /** Ids per {@code DELETE ... WHERE id IN (...)} statement. */
    private static final int DELETE_CHUNK = 1_000;

    private final MysqlUrl url;
    private final MysqlServer server;
    private final SqlDialect dialect;
    private final MysqlErrors errors;
    private final JdbcSession session;
    private final CollectionRegistry registry;
    private final StateTables states;
    private final FlywayVersioning versioning;
    private final IndexEngine engine;
    private final MysqlFilterTranslator filters = new MysqlFilterTranslator("t.metadata");
    /** Whether new collections may get MariaDB's vector index ({@link #VECTOR_INDEX_PROPERTY}). */
    private final boolean nativeAllowed;
    /** Per collection, its table's shape as its registry row says: on MariaDB's vector index or the in-house one. */
    private final Map<String, MysqlTable> tables = new ConcurrentHashMap<>();
    /** The {@code agentdb_index_versions} version each loaded in-memory graph mirrors (ahead by one during this adapter's own write). */
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    /** Per collection: this adapter's transactions writing it (see {@link WriteGate}). */
    private final Map<String, WriteGate> gates = new ConcurrentHashMap<>();
    /** The {@code mhnsw_ef_search} of each pooled session (native searches set it only when it differs). */
    private final SessionEfSearch efSearch;
    /** The collections the calling thread's outermost operation or transaction writes. */
    private final ThreadLocal<Set<String>> writing = new ThreadLocal<>();

    private MysqlAdapter(AgentDBConfig config, MysqlUrl url, HikariDataSource pool, MysqlServer server) {
        super(config);
        this.url = url;
        this.efSearch = new SessionEfSearch(url);
        this.server = server;
        this.dialect = server.dialect();
        this.errors = new MysqlErrors(url, this::forgetSpecs);
        this.nativeAllowed = nativeAllowed(config);
        this.engine = IndexEngine.configured("mysql", config);
        this.session = new JdbcSession(dialect, new PooledConnections(pool, server.family() == MysqlServer.Family.MARIADB
                ? "MariaDB" : "MySQL", url.redacted(), config.connectTimeoutMs(), message -> MysqlErrors.redact(message, url)),
                errors, new TransactionListener() {
                    @Override
                    public void rolledBack(Set<String> collections) {
                        for (String name : collections) {
                            versions.remove(name);
                            tables.remove(name);
                            engine.discard(name);
                        }
                    }
                });
        this.registry = new CollectionRegistry(dialect, null, CollectionRegistry.Layout.WITH_IVFFLAT);
        this.states = new StateTables(dialect, null, StateTables.Creation.MIGRATED);
        this.versioning = new FlywayVersioning(pool, SCHEMA_SCRIPTS, null);
    }

    /**
     * Connects, detects the server and migrates the schema when {@link AgentDBConfig#autoMigrate()}.
     * With {@link AgentDBConfig#readOnly()} it migrates nothing: the database must hold this
     * library's schema version, its connections are read-only (the server refuses writes too), and a
     * stale graph is rebuilt in memory only.
     *
     * @param config the configuration; its URL must be a MySQL or MariaDB URL
     * @return an open adapter, owned by the caller
     * @throws InvalidInputException naming {@code url} when it is malformed
     * @throws BackendUnavailableException when the server cannot be reached or a migration fails;
     *         read-only, also when the database has no AgentDB tables
     * @throws ConflictException when the stored schema is newer than this library supports
     * @throws ReadOnlyException read-only, when the stored schema is older than this library's
     */
    public static MysqlAdapter open(AgentDBConfig config) {
        MysqlUrl url = MysqlUrl.parse(config.url());
        HikariDataSource pool = MysqlSetup.openPool(config, url, MysqlSetup.driverProperties(config, url));
        try {
            MysqlServer server;
            try (Connection c = pool.getConnection()) {
                server = MysqlSetup.detect(c);
            } catch (SQLException e) {
                throw new BackendUnavailableException("cannot query MySQL/MariaDB at " + url.redacted() + ": "
                        + MysqlErrors.redact(e.getMessage(), url), e);
            }
            MysqlAdapter adapter = new MysqlAdapter(config, url, pool, server);
            LOG.info("mysql: {} at {}; {}", server, url.redacted(), adapter.indexRule());
            if (config.readOnly()) {
                adapter.checkReadable();
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
    private void checkReadable() {
        int stored = getMigrationVersion();
        int latest = SCHEMA_SCRIPTS.latestVersion();
        SchemaVersioning.refuseNewer(stored, latest);
        if (stored == 0) {
            throw new BackendUnavailableException("MySQL/MariaDB at " + url.redacted() + ": the database has no AgentDB tables,"
                    + " and a database opened read-only creates nothing; open it read-write once (autoMigrate) to create them");
        }
        if (stored < latest) {
            throw new ReadOnlyException("migrate the AgentDB tables from version " + stored + " to " + latest
                    + " (this library reads version " + latest + ")", "refused: the database was opened read-only; open it"
                    + " read-write once (autoMigrate, or agentdb upgrade --db URL) to migrate it", null);
        }
    }

    private static boolean nativeAllowed(AgentDBConfig config) {
        String value = config.property(VECTOR_INDEX_PROPERTY, "native").trim();
        if (!value.equals("native") && !value.equals("in-house")) {
            throw new InvalidInputException(VECTOR_INDEX_PROPERTY, "must be 'native' or 'in-house', was '"
                    + Validation.abbreviate(value) + "'");
        }
        return value.equals("native");
    }

    /** @return which index new collections get here, for the log and {@code health()} */
    private String indexRule() {
        return nativeAllowed && NativeIndex.choose(server, CollectionSpec.of(1, Metric.COSINE), true).isPresent()
                ? "new cosine and l2 collections use MariaDB's VECTOR INDEX, the others AgentDB's in-house HNSW index"
                : "collections use AgentDB's in-house HNSW index";
    }

    /** Drops the cached specs and index choices (another client may have changed the registry). */
    private void forgetSpecs() {
        tables.clear();
        invalidateSpecCache();
    }

    /** @return the shape of the collection's table (cached): native when it is on MariaDB's vector index */
    private MysqlTable table(String name) {
        MysqlTable known = tables.get(name);
        if (known != null) {
            return known;
        }
        MysqlTable read = MysqlTable.of(name, session.read(name, c -> NativeIndex.read(JdbcExecutor.on(c), name)).orElse(null));
        tables.put(name, read);
        return read;
    }

    // ------------------------------------------------------------------ identity

    /** @return {@link BackendType#MYSQL} (both families) */
    @Override
    public BackendType backendType() {
        return BackendType.MYSQL;
    }

    /** @return TRANSACTIONS, RAW_SQL, DURABLE, READ_ONLY */
    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /** @return what the adapter found out about its server when it connected */
    public MysqlServer server() {
        return server;
    }

    // ------------------------------------------------------------------ schema

    /**
     * Migrates the AgentDB tables with Flyway ({@link FlywayVersioning}, the scripts of {@link #SCHEMA_SCRIPTS}).
     *
     * @return the schema version after migrating
     * @throws ConflictException when the stored schema is newer than this library supports
     * @throws BackendUnavailableException when a migration fails
     * @throws ReadOnlyException when the adapter is read-only
     */
    @Override
    public int runMigration() {
        requireWritable("migrate the AgentDB tables");
        int version = versioning.migrate();
        forgetSpecs();
        return version;
    }

    /** @return the schema version stored in {@code agentdb_schema_history} (0 when never migrated) */
    @Override
    public int getMigrationVersion() {
        return versioning.currentVersion();
    }

    // ------------------------------------------------------------------ collections

    /**
     * Creates the table ({@code CREATE TABLE IF NOT EXISTS}, DDL in auto-commit mode; an existing
     * table of that name is adopted when it has the collection columns), with a {@code VECTOR(n)}
     * column and MariaDB's vector index when {@link NativeIndex#choose} says so, then registers the
     * collection, records which index serves it (native only when the table really has a
     * {@code VECTOR} column) and, for the in-house index, writes the header of its empty graph, in one
     * transaction.
     */
    @Override
    protected void doCreateCollection(String name, CollectionSpec spec) {
        refuseDdlInTransaction("create", name);
        MysqlTable table = MysqlTable.of(name);
        Optional<NativeIndex> chosen = NativeIndex.choose(server, spec, nativeAllowed);
        boolean vectorColumn = session.withoutTransaction(name, c -> {
            try (Statement s = c.createStatement()) {
                s.execute(table.createSql(dialect, chosen.orElse(null), spec.dimension()));
            }
            Map<String, String> columns = new java.util.HashMap<>();
            JdbcExecutor.on(c).query("SELECT LOWER(column_name), LOWER(data_type) FROM information_schema.columns"
                    + " WHERE table_schema = DATABASE() AND table_name = ?", List.of(name), row -> columns.put(row.text(1), row.text(2)));
            if (!columns.keySet().containsAll(MysqlTable.COLUMNS)) {
                throw new ConflictException("cannot create collection '" + name + "': the database already has a table of that"
                        + " name that is not an AgentDB collection");
            }
            return "vector".equals(columns.get("embedding"));
        });
        NativeIndex nativeIndex = vectorColumn ? chosen.orElse(null) : null;
        writeScope(name, () -> session.write(name, c -> {
            long version = lockVersion(c, name);
            JdbcExecutor sql = JdbcExecutor.on(c);
            Optional<CollectionSpec> existing = registry.find(sql, name);
            if (existing.isPresent()) {
                if (!existing.get().equals(spec)) {
                    throw new ConflictException("collection '" + name + "' already exists with " + existing.get() + "; requested " + spec);
                }
                return null;
            }
            registry.insert(sql, name, spec, System.currentTimeMillis());
            session.touched(name);
            versions.remove(name);
            tables.remove(name);
            if (nativeIndex != null) {
                NativeIndex.record(sql, name, nativeIndex);
            } else {
                try (MysqlGraphStorage graph = graph(c, name)) {
                    engine.create(name, spec, graph);
                }
            }
            bump(c, name, version, false);
            return null;
        }));
    }

    /** Unregisters the collection and clears its graph in one transaction, then drops its table (DDL). */
    @Override
    protected boolean doDropCollection(String name) {
        refuseDdlInTransaction("drop", name);
        MysqlTable table = MysqlTable.of(name);
        boolean registered;
        try {
            registered = writeScope(name, () -> session.write(name, c -> {
                long version = lockVersion(c, name);
                session.touched(name);
                boolean was = registry.delete(JdbcExecutor.on(c), name);
                try (MysqlGraphStorage graph = graph(c, name)) {
                    graph.clear();
                }
                versions.remove(name);
                engine.discard(name);
                bump(c, name, version, false);
                return was;
            }));
        } finally {
            versions.remove(name);
            tables.remove(name);
            engine.discard(name);
        }
        boolean dropped = session.withoutTransaction(name, c -> {
            SqlFragment exists = dialect.tableExists(null, name);
            boolean had = !JdbcExecutor.on(c).query(exists.sql(), exists.params(), row -> Boolean.TRUE).isEmpty();
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table.quoted());
            }
            return had;
        });
        return registered || dropped;
    }

    private void refuseDdlInTransaction(String what, String name) {
        if (session.inTransaction()) {
            throw new AgentDBException("cannot " + what + " collection '" + name + "' inside a transaction: MySQL and MariaDB commit"
                    + " DDL (CREATE/DROP TABLE) implicitly, which would end the transaction; " + what + " it before the transaction");
        }
    }

    /**
     * In one transaction: records the new parameters in the registry, discards the persisted graph,
     * builds the new one from the rows (none for FLAT) and persists it; rolled back as a whole. A
     * collection on MariaDB's vector index keeps it (FLAT searches scan exactly); HNSW with a new
     * {@code M} within MariaDB's range builds it afterwards ({@code ALTER TABLE}, DDL, so only outside
     * a transaction: inside one the index keeps its {@code M}, as {@code native_m} records, and a FLAT-created
     * table stays without an index, searched exactly). Building it on a FLAT-created table is the
     * bulk load's deferred index build: MariaDB indexes the rows in one pass.
     */
    @Override
    protected void doReindex(String collection, CollectionSpec newSpec) {
        MysqlTable table = table(collection);
        if (table.nativeIndex() != null) {
            reindexNative(table, newSpec);
            return;
        }
        writeScope(collection, () -> session.write(collection, c -> {
            long version = lockVersion(c, collection);
            session.touched(collection);
            if (!registry.updateIndex(JdbcExecutor.on(c), collection, newSpec.index())) {
                throw missing(collection);
            }
            try (MysqlGraphStorage graph = graph(c, collection)) {
                engine.reindex(collection, newSpec, graph, new MysqlVectorRows(c, table, errors));
            }
            bump(c, collection, version, true);
            return null;
        }));
    }

    private void reindexNative(MysqlTable table, CollectionSpec newSpec) {
        String name = table.name();
        NativeIndex current = table.nativeIndex();
        writeScope(name, () -> session.write(name, c -> {
            long version = lockVersion(c, name);
            session.touched(name);
            if (!registry.updateIndex(JdbcExecutor.on(c), name, newSpec.index())) {
                throw missing(name);
            }
            bump(c, name, version, false);
            return null;
        }));
        int m = newSpec.index().m();
        if (session.inTransaction() || newSpec.index().type() != IndexParams.IndexType.HNSW || m == current.m()
                || !NativeIndex.inRange(m)) {
            return;
        }
        NativeIndex rebuilt = new NativeIndex(current.metric(), m);
        session.withoutTransaction(name, c -> {
            try (Statement s = c.createStatement()) {
                // IF EXISTS: an unbuilt table has none, and a run killed after this DDL but before the
                // registry row below committed left one that the registry does not know
                s.execute("ALTER TABLE " + table.quoted() + " DROP INDEX IF EXISTS " + NativeIndex.INDEX_NAME + ", ADD "
                        + rebuilt.indexSql());
            }
            NativeIndex.record(JdbcExecutor.on(c), name, rebuilt);
            return null;
        });
        tables.put(name, MysqlTable.of(name, rebuilt));
    }

    /** Reads the spec and, with it, which index serves the collection. */
    @Override
    protected Optional<CollectionSpec> doCollectionSpec(String name) {
        return session.read(name, c -> {
            JdbcExecutor sql = JdbcExecutor.on(c);
            Optional<CollectionSpec> spec = registry.find(sql, name);
            tables.put(name, MysqlTable.of(name, spec.isPresent() ? NativeIndex.read(sql, name).orElse(null) : null));
            return spec;
        });
    }

    @Override
    protected List<CollectionInfo> doListCollections() {
        return session.read(null, c -> registry.list(JdbcExecutor.on(c)));
    }

    @Override
    protected void doSetDimension(String name, int dimension) {
        writeScope(name, () -> session.write(name, c -> {
            long version = lockVersion(c, name);
            session.touched(name);
            versions.remove(name);
            engine.discard(name);
            registry.setDimension(JdbcExecutor.on(c), name, dimension);
            bump(c, name, version, false);
            return null;
        }));
        engine.discard(name);
    }

    // ------------------------------------------------------------------ writes

    @Override
    protected void doInsertBatch(String collection, List<VectorRecord> records) {
        write(collection, records, false);
    }

    @Override
    protected void doUpsertBatch(String collection, List<VectorRecord> records) {
        write(collection, records, true);
    }

    /**
     * Writes rows and, for an in-house indexed collection, their graph nodes in one transaction (see
     * the class comment); MariaDB maintains its own vector index in the same transaction.
     */
    private void write(String collection, List<VectorRecord> records, boolean upsert) {
        CollectionSpec spec = requireCollection(collection);
        MysqlTable table = table(collection);
        int depthLimit = server.jsonDepthLimit();
        boolean nativeIndexed = table.nativeIndex() != null;
        writeScope(collection, () -> session.write(collection, c -> {
            if (nativeIndexed) {
                long version = lockVersion(c, collection);
                table.write(c, dialect, records, upsert, depthLimit);
                bump(c, collection, version, false);
                return null;
            }
            Locked locked = lockForWrite(c, table, spec);
            IndexedCollection state = locked.state();
            if (state.index() == null) {
                table.write(c, dialect, records, upsert, depthLimit);
            } else {
                try (MysqlGraphStorage graph = graph(c, collection)) {
                    engine.write(state, records, upsert, () -> {
                        table.write(c, dialect, records, upsert, depthLimit);
                        long[] keys = new long[records.size()];
                        Arrays.fill(keys, NodeMap.NO_KEY);
                        return keys;
                    }, graph, () -> session.touched(collection));
                }
            }
            bump(c, collection, locked.version(), true);
            return null;
        }));
    }

    @Override
    protected boolean doDelete(String collection, String id) {
        return deleteIds(collection, null, id) > 0;
    }

    @Override
    protected long doDeleteWhere(String collection, Filter filter) {
        return deleteIds(collection, filter, null);
    }

    /** Deletes one id (filter null) or every row matching a filter (id null), tombstoning their in-house nodes. */
    private long deleteIds(String collection, Filter filter, String id) {
        CollectionSpec spec = requireCollection(collection);
        MysqlTable table = table(collection);
        boolean nativeIndexed = table.nativeIndex() != null;
        return writeScope(collection, () -> session.write(collection, c -> {
            Locked locked = nativeIndexed ? new Locked(null, lockVersion(c, collection)) : lockForWrite(c, table, spec);
            List<String> doomed = new ArrayList<>();
            if (id != null) {
                doomed.addAll(JdbcExecutor.on(c).query("SELECT t.id FROM " + table.quoted() + " t WHERE t.id = ?", List.of(id),
                        row -> row.text(1)));
            } else {
                SqlFragment where = MysqlTable.where(filters, filter);
                for (String[] row : JdbcExecutor.on(c).query("SELECT t.id, t.deep, CASE WHEN t.deep = 1 THEN t.metadata END FROM "
                        + table.quoted() + " t WHERE " + where.sql(), where.params(),
                        r -> new String[] {r.text(1), r.text(2), r.text(3)})) {
                    if (MysqlTable.matches(filter, !"0".equals(row[1]), row[2])) {
                        doomed.add(row[0]);
                    }
                }
            }
            if (doomed.isEmpty()) {
                return 0L;
            }
            for (int from = 0; from < doomed.size(); from += DELETE_CHUNK) {
                List<String> chunk = doomed.subList(from, Math.min(doomed.size(), from + DELETE_CHUNK));
                JdbcExecutor.on(c).update("DELETE FROM " + table.quoted() + " WHERE id IN ("
                        + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")", chunk);
            }
            IndexedCollection state = locked.state();
            if (state != null && state.index() != null) {
                session.touched(collection);
                try (MysqlGraphStorage graph = graph(c, collection)) {
                    engine.delete(state, doomed, graph);
                }
            }
            bump(c, collection, locked.version(), state != null);
            return (long) doomed.size();
        }));
    }

    // ------------------------------------------------------------------ the in-memory graph and other clients

    /** The loaded state of a collection for a writer (null on MariaDB's vector index), and the version of its row the writer locked. */
    private record Locked(IndexedCollection state, long version) {
    }

    /**
     * Locks the collection's version row, then returns its loaded state: the one in memory when it
     * mirrors that version, else loaded (rebuilt when stale) in this transaction, from the spec the
     * registry holds now.
     */
    private Locked lockForWrite(Connection c, MysqlTable table, CollectionSpec cached) throws SQLException {
        String name = table.name();
        long version = lockVersion(c, name);
        Long mine = versions.get(name);
        IndexedCollection state = engine.loaded(name, cached);
        if (state != null && mine != null && mine == version) {
            return new Locked(state, version);
        }
        CollectionSpec spec = registry.find(JdbcExecutor.on(c), name).orElseThrow(() -> missing(name));
        if (!spec.equals(cached)) {
            forgetSpecs();
        }
        state = engine.loaded(name, spec);
        if (state == null || mine == null || mine != version) {
            session.touched(name); // loaded inside a transaction: it may hold that transaction's uncommitted view
            engine.discard(name);
            try (MysqlGraphStorage graph = graph(c, name)) {
                state = engine.load(name, spec, graph, new MysqlVectorRows(c, table, errors));
            }
            state.beginWrite();
            versions.put(name, version);
        }
        return new Locked(state, version);
    }

    /** @return the collection's version, its row locked until the transaction ends (created at 0 when missing) */
    private static long lockVersion(Connection c, String name) throws SQLException {
        JdbcExecutor sql = JdbcExecutor.on(c);
        String select = "SELECT version FROM agentdb_index_versions WHERE collection = ? FOR UPDATE";
        Optional<Long> v = sql.queryFirst(select, List.of(name), row -> row.int64(1));
        if (v.isPresent()) {
            return v.get();
        }
        sql.update("INSERT INTO agentdb_index_versions (collection, version) VALUES (?, 0) ON DUPLICATE KEY UPDATE version = version",
                List.of(name));
        return sql.queryFirst(select, List.of(name), row -> row.int64(1)).orElse(0L);
    }

    /**
     * Moves the collection's version past the one locked, so other clients reload; with
     * {@code mirrored}, the in-memory state now mirrors the new version (this transaction's writes).
     */
    private void bump(Connection c, String name, long locked, boolean mirrored) throws SQLException {
        JdbcExecutor.on(c).update("UPDATE agentdb_index_versions SET version = ? WHERE collection = ?", List.of(locked + 1, name));
        if (mirrored && engine.isLoaded(name)) {
            versions.put(name, locked + 1);
        } else {
            versions.remove(name);
        }
    }

    /**
     * Returns the state a search uses, loading it in a write transaction (under the version lock)
     * when it is missing or older than the committed version.
     */
    private IndexedCollection loadForSearch(String collection, CollectionSpec spec) {
        MysqlTable table = table(collection);
        if (readOnly()) {
            return loadReadOnly(collection, spec, table);
        }
        return writeScope(collection, () -> session.write(collection, c -> {
            Locked locked = lockForWrite(c, table, spec);
            if (locked.state().rebuilt()) {
                bump(c, collection, locked.version(), true);
            }
            return locked.state();
        }));
    }

    /**
     * Read-only: loads in a transaction holding a shared lock on the collection's version row, so no
     * writer commits while the graph and the rows are read, and nothing is written; a missing or
     * stale graph is rebuilt in memory only ({@link IndexEngine#loadReadOnly}).
     */
    private IndexedCollection loadReadOnly(String collection, CollectionSpec spec, MysqlTable table) {
        long generation = engine.generation(collection);
        return session.transaction("load the index of '" + collection + "'", () -> session.read(collection, c -> {
            long version = JdbcExecutor.on(c).queryFirst("SELECT version FROM agentdb_index_versions WHERE collection = ?"
                    + " LOCK IN SHARE MODE", List.of(collection), row -> row.int64(1)).orElse(-1L);
            try (MysqlGraphStorage graph = graph(c, collection)) {
                IndexedCollection state = engine.loadReadOnly(collection, spec, generation, graph, new MysqlVectorRows(c, table, errors));
                versions.put(collection, version);
                return state;
            }
        }));
    }

    /**
     * This adapter's transactions writing one collection. The engine's "the graph mirrors the
     * committed rows again" ({@link IndexEngine#committed}) is told only when the last of them ends:
     * a transaction that commits while another of this adapter's threads already waits for (or
     * holds) the collection's lock must not tell it, or searches would stop re-scoring while the
     * other one's uncommitted changes are in the graph.
     */
    private final class WriteGate {
        private final String name;
        private int writers;
        private boolean endPending;

        WriteGate(String name) {
            this.name = name;
        }

        synchronized void enter() {
            writers++;
        }

        synchronized void exit(boolean committed) {
            writers--;
            endPending |= committed;
            if (writers == 0 && endPending) {
                endPending = false;
                engine.committed(List.of(name));
            }
        }
    }

    /**
     * Runs a write to a collection as part of the calling thread's outermost operation (this call,
     * or the transaction it joins): enters the collection's {@link WriteGate} before the work takes
     * the lock, and leaves it when the outermost operation ended.
     */
    private <T> T writeScope(String collection, Supplier<T> work) {
        Set<String> outer = writing.get();
        if (outer != null) {
            if (outer.add(collection)) {
                gates.computeIfAbsent(collection, WriteGate::new).enter();
            }
            return work.get();
        }
        Set<String> scope = new HashSet<>();
        scope.add(collection);
        gates.computeIfAbsent(collection, WriteGate::new).enter();
        return outermost(scope, work);
    }

    private <T> T outermost(Set<String> scope, Supplier<T> work) {
        writing.set(scope);
        boolean committed = false;
        try {
            T result = work.get();
            committed = true;
            return result;
        } finally {
            writing.remove();
            for (String name : scope) {
                gates.computeIfAbsent(name, WriteGate::new).exit(committed);
            }
        }
    }

    private MysqlGraphStorage graph(Connection c, String collection) {
        return new MysqlGraphStorage(c, dialect, errors, collection);
    }

    private static NotFoundException missing(String name) {
        return new NotFoundException("collection '" + name + "' does not exist; create it with createCollection(name, spec)");
    }

    // ------------------------------------------------------------------ reads

    @Override
    protected Optional<VectorRecord> doGet(String collection, String id) {
        MysqlTable table = table(collection);
        return session.read(collection, c -> JdbcExecutor.on(c).queryFirst(table.selectRecords() + " WHERE t.id = ?", List.of(id),
                RECORDS));
    }

    /** Counts in SQL the rows the server's JSON functions read, and in Java the deep ones. */
    @Override
    protected long doCount(String collection, Filter filter) {
        MysqlTable table = table(collection);
        return session.read(collection, c -> {
            JdbcExecutor sql = JdbcExecutor.on(c);
            if (filter == null) {
                return sql.queryFirst("SELECT count(*) FROM " + table.quoted() + " t", List.of(), row -> row.int64(1)).orElse(0L);
            }
            SqlFragment f = filters.translate(filter);
            long count = sql.queryFirst("SELECT count(*) FROM " + table.quoted() + " t WHERE t.deep = 0 AND " + f.sql(), f.params(),
                    row -> row.int64(1)).orElse(0L);
            for (String metadata : sql.query("SELECT t.metadata FROM " + table.quoted() + " t WHERE t.deep = 1", List.of(),
                    row -> row.text(1))) {
                if (MysqlTable.matches(filter, true, metadata)) {
                    count++;
                }
            }
            return count;
        });
    }

    @Override
    protected List<VectorRecord> doScan(String collection, String afterId, int limit) {
        MysqlTable table = table(collection);
        SqlFragment page = dialect.limit(limit, 0);
        List<Object> params = new ArrayList<>();
        if (afterId != null) {
            params.add(afterId);
        }
        params.addAll(page.params());
        String sql = table.selectRecords() + (afterId == null ? "" : " WHERE t.id > ?") + " ORDER BY t.id " + page.sql();
        return session.read(collection, c -> JdbcExecutor.on(c).query(sql, params, RECORDS));
    }

    /**
     * Filters, orders ({@link SqlOrder}) and pages in the database; when the filter or the order reads
     * metadata and the collection holds records too deep for the server's JSON functions, in Java
     * (the default bounded scan of {@link DatabaseAdapter}).
     */
    @Override
    protected List<VectorRecord> doFind(String collection, FindRequest request) {
        MysqlTable table = table(collection);
        boolean readsMetadata = request.filter() != null || request.sort().stream().anyMatch(s -> s.key() == Sort.Key.METADATA);
        if (readsMetadata && session.read(collection, c -> !JdbcExecutor.on(c).query("SELECT 1 FROM " + table.quoted()
                + " t WHERE t.deep = 1 LIMIT 1", List.of(), row -> Boolean.TRUE).isEmpty())) {
            return super.doFind(collection, request);
        }
        SqlFragment where = filters.translate(request.filter());
        SqlFragment order = SqlOrder.orderBy(dialect, request.sort(), "t.metadata", "t.id", "t.`timestamp`");
        SqlFragment page = dialect.limit(request.limit(), request.offset());
        List<Object> params = new ArrayList<>(where.params());
        params.addAll(order.params());
        params.addAll(page.params());
        String sql = table.selectRecords() + " WHERE " + where.sql() + " ORDER BY " + order.sql() + " " + page.sql();
        return session.read(collection, c -> JdbcExecutor.on(c).query(sql, params, RECORDS));
    }

    /**
     * On MariaDB's vector index: {@link NativeSearch}, or the engine's exact scan of the (matching)
     * rows when the index returned fewer rows than asked, for FLAT, {@code exact} and another metric.
     * Else the engine's search loop over this adapter's reads ({@link MysqlSearchReads}); the
     * collection's version is checked on the same connection first, and the graph reloaded when
     * another client wrote.
     */
    @Override
    protected List<SearchResult> doSearch(String collection, CollectionSpec spec, SearchRequest request) {
        Metric metric = request.metric() == null ? spec.metric() : request.metric();
        boolean indexed = spec.index().type() == IndexParams.IndexType.HNSW && metric == spec.metric();
        MysqlTable table = table(collection);
        NativeIndex nativeIndex = table.nativeIndex();
        if (nativeIndex != null) {
            return session.read(collection, c -> {
                List<SearchResult> found = indexed && !request.exact() && nativeIndex.built()
                        ? NativeSearch.search(c, efSearch, table, filters, spec, request) : null;
                return found != null ? found : engine.search(null, spec, request, new MysqlSearchReads(c, table, filters, errors));
            });
        }
        List<SearchResult> results = session.read(collection, c -> {
            IndexedCollection state = null;
            if (indexed) {
                state = engine.loaded(collection, spec);
                Long mine = versions.get(collection);
                if (state == null || mine == null || readVersion(c, collection) > mine) {
                    return null;
                }
            }
            return engine.search(state, spec, request, new MysqlSearchReads(c, table, filters, errors));
        });
        if (results != null) {
            return results;
        }
        IndexedCollection state = loadForSearch(collection, spec);
        IndexedCollection usable = state.index() == null || !state.spec().equals(spec) ? null : state;
        return session.read(collection, c -> engine.search(usable, spec, request, new MysqlSearchReads(c, table, filters, errors)));
    }

    private static long readVersion(Connection c, String name) throws SQLException {
        return JdbcExecutor.on(c).queryFirst("SELECT version FROM agentdb_index_versions WHERE collection = ?", List.of(name),
                row -> row.int64(1)).orElse(-1L);
    }

    /**
     * Bytes are the stored payload of the collection: the lengths of its rows' values (8 bytes each
     * for the integers) plus its graph rows, not InnoDB pages.
     */
    @Override
    protected CollectionStats doStats(String collection) {
        CollectionSpec spec = requireCollection(collection);
        MysqlTable table = table(collection);
        long[] sizes = session.read(collection, c -> JdbcExecutor.on(c).queryFirst("SELECT count(*), COALESCE(SUM(LENGTH(t.id)"
                + " + LENGTH(t.embedding) + LENGTH(t.metadata) + COALESCE(LENGTH(t.text), 0) + 9), 0) + (SELECT COALESCE(SUM("
                + "LENGTH(n.id) + LENGTH(n.neighbors) + COALESCE(LENGTH(n.tombstone), 0) + 9), 0) FROM agentdb_hnsw_nodes n"
                + " WHERE n.collection = ?) FROM " + table.quoted() + " t", List.of(collection),
                row -> new long[] {row.int64(1), row.int64(2)}).orElse(new long[2]));
        boolean hnsw = spec.index().type() == IndexParams.IndexType.HNSW;
        NativeIndex nativeIndex = table.nativeIndex();
        if (nativeIndex != null) {
            boolean served = hnsw && nativeIndex.built();
            return new CollectionStats(collection, sizes[0], spec.dimension(), spec.metric(), spec.index(), sizes[1],
                    served ? sizes[0] : 0, served ? CollectionStats.MARIADB_VECTOR : CollectionStats.NONE);
        }
        long indexed = 0;
        if (hnsw && spec.hasDimension()) {
            IndexedCollection state = engine.loaded(collection, spec);
            Long mine = versions.get(collection);
            if (state == null || mine == null || session.read(collection, c -> readVersion(c, collection)) > mine) {
                state = loadForSearch(collection, spec);
            }
            indexed = state.liveCount();
        }
        return new CollectionStats(collection, sizes[0], spec.dimension(), spec.metric(), spec.index(), sizes[1], indexed,
                CollectionStats.implementationOf(spec.index(), CollectionStats.IN_HOUSE));
    }

    // ------------------------------------------------------------------ transactions, raw SQL, state, health

    /**
     * Binds one pooled connection to the calling thread for the work; the adapter's operations from
     * that thread join it, each under a savepoint, so a refused operation (e.g. a conflict) can be
     * caught without losing the rest. On an exception everything rolls back and the in-memory
     * graphs of the collections it touched are reloaded on next use.
     */
    @Override
    protected <T> T doTransaction(Supplier<T> work) {
        if (writing.get() != null) {
            return session.transaction("transaction", work);
        }
        return outermost(new HashSet<>(), () -> session.transaction("transaction", work));
    }

    /**
     * Runs one SQL statement with bound parameters ({@code float[]} as little-endian float32 bytes),
     * inside the calling thread's transaction when there is one, else in auto-commit mode. After a
     * statement other than {@code SELECT}, {@code SHOW} or {@code EXPLAIN}, the in-memory graphs and
     * cached specs are dropped and reloaded on next use (another client does not see such a change
     * of rows until its next reload).
     *
     * @param sql one statement with {@code ?} placeholders
     * @param params bound values, in order; may be null for none
     * @return the rows of a query (column label to value), or an empty list for other statements
     * @throws ReadOnlyException read-only, for a statement that does not begin with a query
     *         keyword ({@link RawSql#mayRead}; not sent), or that the server refuses as a write
     */
    @Override
    public List<Map<String, Object>> executeRaw(String sql, List<Object> params) {
        if (sql == null || sql.isBlank()) {
            throw new InvalidInputException("sql", "must not be empty");
        }
        if (!RawSql.mayRead(sql)) {
            requireWritable("raw SQL '" + Validation.abbreviate(sql.strip()) + "'");
        }
        List<Object> values = new ArrayList<>();
        for (Object v : params == null ? List.of() : params) {
            values.add(v instanceof float[] f ? VectorCodec.encode(f) : v);
        }
        SqlWork<List<Map<String, Object>>> work = c -> JdbcExecutor.on(c).execute(sql, values);
        try {
            return session.withoutTransaction(null, work);
        } finally {
            String s = sql.stripLeading();
            if (!(s.regionMatches(true, 0, "SELECT", 0, 6) || s.regionMatches(true, 0, "SHOW", 0, 4)
                    || s.regionMatches(true, 0, "EXPLAIN", 0, 7))) {
                versions.clear();
                engine.discardAll();
                forgetSpecs();
            }
        }
    }

    /** The state stores are versioned tables ({@link StateStore#table()}), created by script V1. */
    @Override
    protected Optional<String> doReadState(StateStore store, String key) {
        return session.read(null, c -> states.read(JdbcExecutor.on(c), store, key));
    }

    @Override
    protected void doWriteState(StateStore store, String key, String value) {
        session.write(null, c -> {
            states.write(JdbcExecutor.on(c), store, key, value);
            return null;
        });
    }

    @Override
    protected boolean doDeleteState(StateStore store, String key) {
        return session.write(null, c -> states.delete(JdbcExecutor.on(c), store, key));
    }

    /**
     * @return e.g. {@code MariaDB 11.8.9-MariaDB (VECTOR type: yes, vector index: yes), database agentdb, new cosine
     *         and l2 collections use MariaDB's VECTOR INDEX, the others AgentDB's in-house HNSW index}
     */
    @Override
    protected String doPing() {
        return session.read(null, c -> JdbcExecutor.on(c).queryFirst("SELECT DATABASE()", List.of(), row -> server
                + ", database " + row.text(1) + ", " + indexRule()).orElseThrow());
    }

    /** Closes the connection pool and releases the in-memory graphs. Idempotent. */
    @Override
    public void close() {
        session.close();
        engine.close();
    }
}
