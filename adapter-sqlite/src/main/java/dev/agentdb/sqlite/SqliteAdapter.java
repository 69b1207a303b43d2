package dev.agentdb.sqlite;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.AgentDBException;
import dev.agentdb.BackendType;
import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.CollectionStats;
import dev.agentdb.ConflictException;
import dev.agentdb.IndexParams;
import dev.agentdb.Limits;
import dev.agentdb.Metric;
import dev.agentdb.NotFoundException;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.engine.IndexEngine;
import dev.agentdb.engine.IndexedCollection;
import dev.agentdb.engine.VectorRows;
import dev.agentdb.internal.Json;
import dev.agentdb.internal.Validation;
import dev.agentdb.internal.VectorCodec;
import dev.agentdb.spi.Capability;
import dev.agentdb.spi.DatabaseAdapter;
import dev.agentdb.sql.CollectionRegistry;
import dev.agentdb.sql.RawSql;
import dev.agentdb.sql.SqlDialect;
import dev.agentdb.sql.SqlFragment;
import dev.agentdb.sql.SqlOrder;
import dev.agentdb.sql.StateTables;
import dev.agentdb.sql.jdbc.JdbcBinder;
import dev.agentdb.sql.jdbc.JdbcExecutor;
import dev.agentdb.sql.jdbc.JdbcSession;
import dev.agentdb.sql.jdbc.SqlWork;
import dev.agentdb.sql.jdbc.TransactionListener;
import dev.agentdb.spi.StateStore;
import dev.agentdb.sqlite.internal.CollectionTable;
import dev.agentdb.sqlite.internal.SqliteConnections;
import dev.agentdb.sqlite.internal.SqliteErrors;
import dev.agentdb.sqlite.internal.SqliteGraphStorage;
import dev.agentdb.sqlite.internal.SqliteSchema;
import dev.agentdb.sqlite.internal.SqliteSearchReads;
import dev.agentdb.sqlite.internal.SqliteUrl;
import dev.agentdb.sqlite.internal.SqliteVectorRows;
import com.fasterxml.jackson.core.JsonProcessingException;

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
import java.util.Set;

/**
 * The SQLite adapter: the reference adapter and the embedded default ({@code sqlite:./agent.db},
 * {@code sqlite::memory:}).
 *
 * <h2>Storage</h2>
 * Each collection is a table named as the collection (double-quoted; names are validated), in
 * the AgentDB v1 shape {@code (id TEXT PRIMARY KEY, embedding BLOB NOT NULL, metadata TEXT, norm REAL,
 * timestamp INTEGER)} with embeddings as little-endian float32; the default collection is the v1
 * {@code vectors} table itself, which v1 code keeps reading and writing. A registry
 * ({@code agentdb_collections}) holds each collection's dimension, metric and index parameters; the
 * schema is versioned in {@code agentdb_schema} (see {@link #runMigration()}). A v1 file is adopted
 * when opened. Text and timestamp rules are documented on the internal {@code CollectionTable}:
 * AgentDB writes milliseconds; v1 rows' second timestamps are recognised and converted.
 *
 * <h2>Index</h2>
 * HNSW collections use the shared index engine ({@link dev.agentdb.engine.IndexEngine}): an
 * in-memory {@link dev.agentdb.hnsw.HnswIndex} per collection, loaded lazily on first use from the
 * tables {@code hnsw_graph}, {@code hnsw_tombstones}, {@code hnsw_metadata} (no graph is recomputed; a
 * search loads it from a read snapshot without the writer lock, lazily: the graph and the rows' ids
 * first, the embeddings streamed in afterwards on a reader connection while searches read the ones
 * they reach, see {@link dev.agentdb.engine.IndexEngine}; writes wait for that), or rebuilt from the rows with a
 * WARN log when the persisted graph is missing or stale. Every write changes rows and graph in the
 * same SQLite transaction (rows, then nodes, then the changed graph rows, then commit; a batch of
 * 32 or more builds its nodes on a second core while the rows are written), so a crash never
 * leaves them disagreeing; when a transaction rolls back, the in-memory index of every collection
 * it touched is discarded and reloaded from the tables on next use. Upserting an existing id
 * tombstones its node and adds a new one; deleting tombstones; tombstones are compacted away while
 * the database is open once they reach a quarter of the live nodes. {@code reindex} updates the
 * registry, discards the persisted graph and builds and persists the new one from the rows (none
 * for FLAT) in one write transaction.
 *
 * <p>IVFFlat ({@link IndexParams.IndexType#IVFFLAT}) is not this adapter's engine: it does not declare
 * {@link Capability#IVFFLAT_INDEX}, so creating an IVFFLAT collection throws
 * {@link dev.agentdb.UnsupportedFeatureException} and creates nothing. It is refused rather than
 * served by the HNSW graph because {@code lists} and {@code probes} would have no meaning there and
 * the registry would hold an index the file does not have; use HNSW (the default), which needs no
 * training and keeps its recall as data changes.
 *
 * <h2>Search</h2>
 * The engine's search loop ({@link dev.agentdb.engine.IndexSearch}) over this adapter's reads: with
 * the collection's metric and without {@code exact}, the HNSW index answers, with
 * {@code ef = max(request.efSearch or spec.efSearch, k)}; a filter is evaluated by SQLite
 * ({@link SqliteFilterTranslator}) into the set of accepted nodes, which the index applies during
 * traversal; {@code exact} scans the in-memory vectors of the same index exactly, so approximate
 * and exact searches report identical numbers. FLAT collections and a metric other than the
 * collection's scan the (filtered) rows exactly. The result rows are then read by {@code rowid} in
 * one statement (cached per connection), with the filter applied again, without their embeddings
 * unless {@code includeVectors} asks for them or a write raced the search (then every candidate is
 * re-scored against its row): every result satisfies its filter and is one version of its row.
 *
 * <h2>Concurrency and durability</h2>
 * Many reader threads and one writer: see the internal {@code SqliteConnections}. Files use WAL
 * with {@code synchronous=NORMAL} (override with the config property {@code sqlite.synchronous},
 * e.g. {@code FULL}): a committed transaction survives an application crash; after a power loss
 * or OS crash the most recent commits may be lost, but the file stays consistent. Searches running
 * while another thread's write is uncommitted may miss the records that write touches (never see
 * torn rows). Commits by another connection to the file (another process, or another
 * {@code AgentDB} on the same file) are detected ({@code PRAGMA data_version}) at the start of this
 * adapter's next write transaction (after {@code BEGIN IMMEDIATE}, so none can slip in between) and
 * before the next index search, and the in-memory indexes are reloaded.
 *
 * <h2>Read-only</h2>
 * {@code sqlite:./agent.db?mode=ro}, {@code ?immutable=1} or {@link AgentDBConfig#readOnly()}: the
 * file must exist and every connection is opened {@code SQLITE_OPEN_READONLY} without touching the
 * journal mode, so nothing on disk changes (a WAL file may get its empty {@code -wal}/{@code -shm}
 * companions, which SQLite needs to read it, unless {@code immutable=1}). Opening reads the layout
 * on a reader: a current file is read as it is; an older layout or an AgentDB v1 file not adopted yet
 * is refused with {@link dev.agentdb.ReadOnlyException} saying how to upgrade it (open it read-write
 * once), because reading it as it is would need the upgrade's tables; a file without an AgentDB
 * schema is refused with {@link dev.agentdb.BackendUnavailableException}. A missing or stale
 * persisted graph is rebuilt in memory only (WARN), as is the dimension of a default collection that
 * v1 code filled. Every write is refused before it reaches SQLite; transactions are deferred
 * ({@code BEGIN}: one read view, no write lock); raw SQL other than queries, plans and
 * {@code PRAGMA}s is refused, and SQLite refuses the rest. {@code ?mode=rw} opens read-write but
 * never creates the file. {@code sqlite::memory:} cannot be read-only (it starts empty).
 *
 * <p>Opening a file whose layout is current never takes the write lock (the version and the default
 * collection are checked on a reader), so it succeeds while another process holds a write
 * transaction; so do reads whose persisted graph is current.
 *
 * <p>Thread-safe. Obtain one through {@code AgentDB.open("sqlite:...")} or construct it directly.
 */
public final class SqliteAdapter extends DatabaseAdapter {
    /** The schema version this adapter writes and reads. */
    public static final int SCHEMA_VERSION = SqliteSchema.VERSION;

    private final SqliteUrl url;
    private final SqliteConnections connections;
    private final JdbcSession db;
    private final CollectionRegistry registry = SqliteSchema.REGISTRY;
    private final StateTables states = new StateTables(SqlDialect.SQLITE, null, StateTables.Creation.ON_FIRST_WRITE);
    private final Set<Capability> capabilities;
    private final IndexEngine engine;
    private final SqliteFilterTranslator filters = new SqliteFilterTranslator("t.metadata");
    private volatile boolean schemaReady;

    /**
     * Opens (and, with {@link AgentDBConfig#autoMigrate()} unless read-only, migrates) the database the
     * config's URL names.
     *
     * @param config a configuration whose URL is {@code sqlite:...} or {@code jdbc:sqlite:...}
     * @throws dev.agentdb.InvalidInputException when the URL is not a SQLite URL or has an unknown
     *         parameter or mode (naming {@code url}), or an in-memory database is to be read-only
     *         (naming {@code readOnly})
     * @throws dev.agentdb.BackendUnavailableException when the file cannot be opened, does not exist
     *         while it must ({@code mode=ro}, {@code mode=rw}, read-only; the message names it), or
     *         (read-only) has no AgentDB schema
     * @throws ConflictException when the file was written by a newer schema version
     * @throws dev.agentdb.ReadOnlyException when the file is opened read-only and needs an upgrade
     */
    public SqliteAdapter(AgentDBConfig config) {
        super(config, SqliteUrl.parse(config.url()).readOnly());
        this.url = SqliteUrl.parse(config.url());
        if (readOnly() && url.memory()) {
            throw new dev.agentdb.InvalidInputException("readOnly", "an in-memory SQLite database ('" + url.target()
                    + "') is private to this adapter and starts empty: it cannot be opened read-only");
        }
        this.engine = IndexEngine.configured("sqlite", config);
        this.capabilities = Collections.unmodifiableSet(url.memory()
                ? EnumSet.of(Capability.TRANSACTIONS, Capability.RAW_SQL)
                : EnumSet.of(Capability.TRANSACTIONS, Capability.RAW_SQL, Capability.DURABLE, Capability.READ_ONLY));
        this.connections = new SqliteConnections(url, config, readOnly(), () -> {
            engine.discardAll();
            invalidateSpecCache();
        });
        this.db = new JdbcSession(SqlDialect.SQLITE, connections, SqliteErrors::translate, new TransactionListener() {
            @Override
            public void rolledBack(Set<String> collections) {
                collections.forEach(engine::discard);
            }

            @Override
            public void committed(Set<String> collections) {
                engine.committed(collections);
            }
        });
        try {
            if (readOnly()) {
                db.read("check the schema", c -> {
                    SqliteSchema.checkReadable(c, url.target());
                    return null;
                });
                schemaReady = true;
            } else if (config.autoMigrate()) {
                runMigration();
            } else {
                schemaReady = db.read("check schema version", c -> {
                    SqliteSchema.refuseNewer(c, url.target());
                    return SqliteSchema.version(c) == SqliteSchema.VERSION;
                });
            }
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    @Override
    public BackendType backendType() {
        return BackendType.SQLITE;
    }

    /** @return TRANSACTIONS, RAW_SQL, and DURABLE and READ_ONLY unless in memory */
    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    // ------------------------------------------------------------------ schema

    /**
     * Creates or upgrades the layout to version {@link #SCHEMA_VERSION} and adopts a v1 {@code vectors}
     * table as the default collection. Idempotent.
     *
     * @return {@link #SCHEMA_VERSION}
     * @throws ConflictException when the file was written by a newer schema version, or holds a
     *         {@code vectors} table that is not a v1 table
     * @throws dev.agentdb.ReadOnlyException when the adapter is read-only
     */
    @Override
    public int runMigration() {
        requireWritable("migrate the schema of '" + url.target() + "'");
        if (db.read("check schema version", c -> {
            SqliteSchema.refuseNewer(c, url.target());
            return SqliteSchema.version(c) < SqliteSchema.VERSION;
        })) {
            db.withoutTransaction("migrate schema", c -> SqliteSchema.upgrade(c, url.target()));
        }
        if (db.read("check the default collection", SqliteSchema::needsAdoption)) { // no write lock on a current file
            db.write("adopt the default collection", c -> {
                SqliteSchema.adopt(c, url.target());
                return null;
            });
        }
        schemaReady = true;
        invalidateSpecCache();
        return SqliteSchema.VERSION;
    }

    /** @return the stored schema version: 0 for a file never migrated (e.g. a plain v1 file), else 1 to {@link #SCHEMA_VERSION} */
    @Override
    public int getMigrationVersion() {
        return db.read("read schema version", SqliteSchema::version);
    }

    // ------------------------------------------------------------------ collections

    /** Refuses collection work on a file whose schema was not migrated (opened with autoMigrate off). */
    private void requireSchema() {
        if (!schemaReady) {
            throw new dev.agentdb.BackendUnavailableException("the SQLite database '" + url.target() + "' has no AgentDB schema "
                    + "version " + SCHEMA_VERSION + " yet (opened with autoMigrate off); call runMigration() first");
        }
    }

    @Override
    protected void doCreateCollection(String name, CollectionSpec spec) {
        requireSchema();
        CollectionTable table = CollectionTable.of(name);
        db.write("create collection '" + name + "'", c -> {
            db.touched(name);
            boolean exists = SqliteSchema.tableExists(c, name);
            if (exists && !table.isV1()) {
                throw new ConflictException("cannot create collection '" + name + "': the database already has a table of that name "
                        + "that is not an AgentDB collection");
            }
            try (Statement s = c.createStatement()) {
                if (exists) {
                    SqliteSchema.checkV1Shape(c);
                } else {
                    s.execute(table.createSql());
                }
                if (table.isV1()) {
                    s.execute(CollectionTable.V1_EXT_DDL);
                    s.execute(CollectionTable.V1_EXT_TRIGGER);
                }
            }
            registry.insert(JdbcExecutor.on(c), name, spec, System.currentTimeMillis());
            try (SqliteGraphStorage graph = new SqliteGraphStorage(c, name)) {
                engine.create(name, spec, graph);
            }
            return null;
        });
    }

    @Override
    protected boolean doDropCollection(String name) {
        CollectionTable table = CollectionTable.of(name);
        try {
            return db.write("drop collection '" + name + "'", c -> {
                db.touched(name);
                engine.discard(name);
                boolean registered = registry.delete(JdbcExecutor.on(c), name);
                if (!registered) {
                    return false;
                }
                try (Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + table.quoted());
                    if (table.isV1()) {
                        s.execute("DELETE FROM " + CollectionTable.V1_EXT);
                    }
                }
                try (SqliteGraphStorage graph = new SqliteGraphStorage(c, name)) {
                    graph.clear();
                }
                return true;
            });
        } finally {
            engine.discard(name);
        }
    }

    /**
     * In one write transaction: records the new parameters in the registry, discards the persisted
     * graph, builds the new one from the rows (none for FLAT) and persists it; the in-memory state is
     * swapped when the work succeeds, and discarded with the rest if the transaction rolls back.
     */
    @Override
    protected void doReindex(String collection, CollectionSpec newSpec) {
        requireSchema();
        CollectionTable table = CollectionTable.of(collection);
        db.write("reindex '" + collection + "'", c -> {
            db.touched(collection);
            if (!registry.updateIndex(JdbcExecutor.on(c), collection, newSpec.index())) {
                throw new NotFoundException("collection '" + collection + "' does not exist (dropped by another client?)");
            }
            try (SqliteGraphStorage graph = new SqliteGraphStorage(c, collection)) {
                engine.reindex(collection, newSpec, graph, new SqliteVectorRows(c, table));
            }
            return null;
        });
    }

    @Override
    protected Optional<CollectionSpec> doCollectionSpec(String name) {
        requireSchema();
        return db.read("read collection '" + name + "'", c -> {
            Optional<CollectionSpec> spec = registry.find(JdbcExecutor.on(c), name);
            return spec.isPresent() ? Optional.of(readOnlyView(c, name, spec.get())) : spec;
        });
    }

    @Override
    protected List<CollectionInfo> doListCollections() {
        requireSchema();
        return db.read("list collections", c -> {
            List<CollectionInfo> all = new ArrayList<>();
            for (CollectionInfo info : registry.list(JdbcExecutor.on(c))) {
                all.add(new CollectionInfo(info.name(), readOnlyView(c, info.name(), info.spec())));
            }
            return all;
        });
    }

    /**
     * The spec as a read-write open would leave it: the default collection registered without a
     * dimension while v1 code filled its table gets the dimension of its rows (which a read-write open
     * records, and a read-only one cannot).
     */
    private CollectionSpec readOnlyView(Connection c, String name, CollectionSpec spec) throws SQLException {
        if (!readOnly() || spec.hasDimension() || !CollectionTable.V1.equals(name)) {
            return spec;
        }
        int dimension = SqliteSchema.firstDimension(c);
        return dimension > 0 ? spec.withDimension(dimension) : spec;
    }

    @Override
    protected void doSetDimension(String name, int dimension) {
        db.write("fix the dimension of '" + name + "'", c -> {
            db.touched(name);
            engine.discard(name);
            registry.setDimension(JdbcExecutor.on(c), name, dimension);
            return null;
        });
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

    /** Writes rows and, for an indexed collection, their graph nodes in one write transaction. */
    private void write(String collection, List<VectorRecord> records, boolean upsert) {
        CollectionSpec spec = requireCollection(collection);
        CollectionTable table = CollectionTable.of(collection);
        db.write((upsert ? "upsert into '" : "insert into '") + collection + "'", c -> {
            IndexedCollection state = state(c, table, spec);
            try (CollectionTable.RowWriter rows = table.writer(c)) {
                if (state.index() == null) {
                    writeRows(rows, records, upsert, collection);
                    return null;
                }
                try (SqliteGraphStorage graph = new SqliteGraphStorage(c, collection)) {
                    engine.write(state, records, upsert, () -> writeRows(rows, records, upsert, collection), graph,
                            () -> db.touched(collection));
                }
            }
            return null;
        });
    }

    /** @return the rowid of each record's row, in order */
    private static long[] writeRows(CollectionTable.RowWriter rows, List<VectorRecord> records, boolean upsert, String collection)
            throws SQLException {
        long[] keys = new long[records.size()];
        for (int i = 0; i < keys.length; i++) {
            VectorRecord r = records.get(i);
            try {
                keys[i] = upsert ? rows.upsert(r) : rows.insert(r);
            } catch (SQLException e) {
                if (!upsert && SqliteErrors.isUniqueViolation(e)) {
                    throw new ConflictException("id '" + Validation.abbreviate(r.id()) + "' already exists in collection '"
                            + collection + "'; use upsert to replace it (nothing was written)", e);
                }
                throw e;
            }
        }
        return keys;
    }

    @Override
    protected boolean doDelete(String collection, String id) {
        return deleteIds(collection, null, id) > 0;
    }

    @Override
    protected long doDeleteWhere(String collection, Filter filter) {
        return deleteIds(collection, filter, null);
    }

    /** Deletes one id (filter null) or every row matching a filter (id null), tombstoning their nodes. */
    private long deleteIds(String collection, Filter filter, String id) {
        CollectionSpec spec = requireCollection(collection);
        CollectionTable table = CollectionTable.of(collection);
        return db.write("delete from '" + collection + "'", c -> {
            IndexedCollection state = state(c, table, spec);
            List<String> doomed = new ArrayList<>();
            SqlFragment where = id == null ? filters.translate(filter)
                    : new SqlFragment("t.id = ?", List.of(id));
            try (PreparedStatement ps = c.prepareStatement("SELECT t.id FROM " + table.quoted() + " t WHERE " + where.sql())) {
                JdbcBinder.bindAll(ps, 1, where.params());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        doomed.add(rs.getString(1));
                    }
                }
            }
            if (doomed.isEmpty()) {
                return 0L;
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table.quoted() + " WHERE id IN (SELECT value FROM json_each(?))")) {
                ps.setString(1, jsonArray(doomed));
                ps.executeUpdate();
            }
            if (state.index() != null) {
                db.touched(collection);
                try (SqliteGraphStorage graph = new SqliteGraphStorage(c, collection)) {
                    engine.delete(state, doomed, graph);
                }
            }
            return (long) doomed.size();
        });
    }

    /**
     * Returns the loaded index state of a collection for the writer, loading (or rebuilding) it in
     * the current write transaction. Must be called inside {@link SqliteConnections#write}.
     */
    private IndexedCollection state(Connection c, CollectionTable table, CollectionSpec spec) throws SQLException {
        IndexedCollection state = engine.loadedForWrite(table.name(), spec); // waits for a lazy load's vectors
        if (state != null) {
            return state;
        }
        // A caller holding a spec read before a reindex must not rebuild the old graph: the registry decides.
        spec = registry.find(JdbcExecutor.on(c), table.name()).orElse(spec);
        state = engine.loadedForWrite(table.name(), spec);
        if (state != null) {
            return state;
        }
        db.touched(table.name()); // loaded inside a transaction: it may hold that transaction's uncommitted view
        try (SqliteGraphStorage graph = new SqliteGraphStorage(c, table.name())) {
            state = engine.load(table.name(), spec, graph, new SqliteVectorRows(c, table));
        }
        state.beginWrite();
        return state;
    }

    /**
     * Returns the loaded index state for a search: loaded from a read snapshot without the writer
     * lock when the persisted graph is current, else loaded (rebuilt) under it; read-only, rebuilt in
     * memory from the snapshot (or the calling thread's read transaction) instead. A file's graph
     * loads lazily from the snapshot, read-only or not (the engine's "Lazy loads": the embeddings are
     * streamed in afterwards on a reader connection of their own); an in-memory database's eagerly.
     */
    private IndexedCollection state(String collection, CollectionSpec spec) {
        connections.checkExternalChangeForRead(); // another connection's commits invalidate the cached index
        IndexedCollection state = engine.loaded(collection, spec);
        if (state != null) {
            return state;
        }
        CollectionTable table = CollectionTable.of(collection);
        if (readOnly()) {
            long generation = engine.generation(collection);
            SqlWork<IndexedCollection> load = c -> {
                try (SqliteGraphStorage graph = new SqliteGraphStorage(c, collection)) {
                    return engine.loadReadOnly(collection, spec, generation, graph, new SqliteVectorRows(c, table, deferred(table)));
                }
            };
            String what = "load the index of '" + collection + "'";
            return db.inTransaction() ? db.read(what, load) : connections.readSnapshot(what, load);
        }
        if (!db.inTransaction()) {
            long generation = engine.generation(collection);
            state = connections.readSnapshot("load the index of '" + collection + "'", c -> {
                try (SqliteGraphStorage graph = new SqliteGraphStorage(c, collection)) {
                    return engine.loadForRead(collection, spec, generation, graph, new SqliteVectorRows(c, table, deferred(table)));
                }
            });
            if (state != null) {
                return state;
            }
        }
        return db.write("load the index of '" + collection + "'", c -> state(c, table, spec));
    }

    /**
     * @return the deferred reads of a lazy load, or null (an eager load) for an in-memory database (its
     *         one connection is the writer's) or a pool of one reader (the fill would hold it, and
     *         searches would wait for the fill)
     */
    private VectorRows.Deferred deferred(CollectionTable table) {
        return connections.maxReaders() < 2 ? null : SqliteVectorRows.deferred(connections, table);
    }

    // ------------------------------------------------------------------ reads

    @Override
    protected Optional<VectorRecord> doGet(String collection, String id) {
        CollectionTable table = CollectionTable.of(collection);
        return db.read("get from '" + collection + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(table.selectRecords() + " WHERE t.id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(table.readRecord(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    protected long doCount(String collection, Filter filter) {
        CollectionTable table = CollectionTable.of(collection);
        SqlFragment where = filters.translate(filter);
        return db.read("count '" + collection + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table.quoted() + " t WHERE " + where.sql())) {
                JdbcBinder.bindAll(ps, 1, where.params());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    protected List<VectorRecord> doScan(String collection, String afterId, int limit) {
        CollectionTable table = CollectionTable.of(collection);
        return db.read("scan '" + collection + "'", c -> {
            String sql = table.selectRecords() + (afterId == null ? "" : " WHERE t.id > ?") + " ORDER BY t.id LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (afterId != null) {
                    ps.setString(i++, afterId);
                }
                ps.setInt(i, limit);
                List<VectorRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(table.readRecord(rs));
                    }
                }
                return out;
            }
        });
    }

    /** Filters, orders ({@link SqlOrder}) and pages in SQLite, on a reader connection. */
    @Override
    protected List<VectorRecord> doFind(String collection, dev.agentdb.FindRequest request) {
        CollectionTable table = CollectionTable.of(collection);
        SqlFragment where = request.filter() == null ? null : filters.translate(request.filter());
        SqlFragment order = SqlOrder.orderBy(SqlDialect.SQLITE, request.sort(), "t.metadata", "t.id", table.timestampMillis());
        SqlFragment page = SqlDialect.SQLITE.limit(request.limit(), request.offset());
        List<Object> params = new ArrayList<>(where == null ? List.of() : where.params());
        params.addAll(order.params());
        params.addAll(page.params());
        String sql = table.selectRecords() + (where == null ? "" : " WHERE " + where.sql()) + " ORDER BY " + order.sql() + " " + page.sql();
        return db.read("find in '" + collection + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                JdbcBinder.bindAll(ps, 1, params);
                List<VectorRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(table.readRecord(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    protected List<SearchResult> doSearch(String collection, CollectionSpec spec, SearchRequest request) {
        Metric metric = request.metric() == null ? spec.metric() : request.metric();
        boolean indexed = spec.index().type() == IndexParams.IndexType.HNSW && metric == spec.metric();
        IndexedCollection state = indexed ? state(collection, spec) : null;
        CollectionTable table = CollectionTable.of(collection);
        return db.read("search '" + collection + "'", c -> engine.search(state, spec, request,
                new SqliteSearchReads(c, connections.statements(c), table, filters)));
    }

    /**
     * Bytes on disk are the stored payload of the collection, not pages: the sum of the lengths of
     * every column value of its rows (id, embedding, metadata, text, 8 bytes each for norm and
     * timestamp), plus its graph rows (ids, tombstone vectors and neighbour lists, with 16 bytes per
     * node and per edge row for the integers). It ignores page slack and B-tree overhead, which
     * depend on the page size and history of the file; {@code VACUUM} brings the file close to it.
     */
    @Override
    protected CollectionStats doStats(String collection) {
        CollectionSpec spec = requireCollection(collection);
        CollectionTable table = CollectionTable.of(collection);
        long[] sizes = db.read("stats of '" + collection + "'", c -> {
            long count;
            long bytes;
            String text = table.isV1() ? "(SELECT coalesce(sum(length(text)), 0) + 8 * count(*) FROM " + CollectionTable.V1_EXT + ")"
                    : "coalesce(sum(length(t.text)), 0)";
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*), coalesce(sum(length(t.id) "
                    + "+ length(t.embedding) + coalesce(length(t.metadata), 0) + 16), 0) + " + text + " FROM " + table.quoted() + " t")) {
                rs.next();
                count = rs.getLong(1);
                bytes = rs.getLong(2);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT coalesce(sum(length(id) + length(neighbors) + 16), 0) "
                    + "FROM hnsw_graph WHERE collection = ?) + (SELECT coalesce(sum(length(vector) + 8), 0) FROM hnsw_tombstones "
                    + "WHERE collection = ?)")) {
                ps.setString(1, collection);
                ps.setString(2, collection);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    bytes += rs.getLong(1);
                }
            }
            return new long[] {count, bytes};
        });
        long indexed = 0;
        if (spec.index().type() == IndexParams.IndexType.HNSW && spec.hasDimension()) {
            indexed = state(collection, spec).liveCount();
        }
        return new CollectionStats(collection, sizes[0], spec.dimension(), spec.metric(), spec.index(), sizes[1], indexed,
                CollectionStats.implementationOf(spec.index(), CollectionStats.IN_HOUSE));
    }

    // ------------------------------------------------------------------ transactions, raw SQL, health

    /**
     * Runs work in one SQLite transaction on the writer connection, bound to the calling thread;
     * this adapter's operations called by that thread inside it join it (each through a SAVEPOINT,
     * so an operation that fails inside leaves the rest of the transaction intact). Other threads'
     * writes wait until it ends. On an exception everything rolls back and the in-memory indexes
     * of the collections it touched are reloaded from the tables.
     */
    @Override
    protected <T> T doTransaction(java.util.function.Supplier<T> work) {
        return db.transaction("transaction", work);
    }

    /**
     * Runs one SQL statement on the writer connection with the writer lock held (inside the calling
     * thread's transaction if there is one, otherwise in autocommit mode, so statements such as
     * {@code VACUUM} work). Parameters bind as their JDBC types ({@code byte[]} as BLOB,
     * {@code float[]} as a little-endian float32 BLOB). After a statement other than {@code SELECT}
     * or {@code EXPLAIN}, the in-memory indexes, their row caches and the cached specs are dropped
     * and reloaded on next use, since the statement may have changed what they mirror. Read-only: a
     * statement that does not begin with a query keyword ({@link RawSql#mayRead}) is refused with
     * {@link dev.agentdb.ReadOnlyException} before it is sent, and SQLite refuses one that still
     * writes ({@code SQLITE_READONLY}, the same exception).
     *
     * @param sql one statement with {@code ?} placeholders
     * @param params bound values, in order; may be null for none
     * @return the rows of a query as column-name-to-value maps, or an empty list
     */
    @Override
    public List<Map<String, Object>> executeRaw(String sql, List<Object> params) {
        if (sql == null || sql.isBlank()) {
            throw new dev.agentdb.InvalidInputException("sql", "must not be empty");
        }
        if (!RawSql.mayRead(sql)) {
            requireWritable("raw SQL '" + Validation.abbreviate(sql.strip()) + "'");
        }
        List<Object> values = params == null ? List.of() : params;
        return db.withoutTransaction("raw SQL", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < values.size(); i++) {
                    Object v = values.get(i);
                    JdbcBinder.bind(ps, i + 1, v instanceof float[] ? VectorCodec.encode((float[]) v) : v);
                }
                boolean query = ps.execute();
                if (!readOnly(sql)) { // INSERT ... RETURNING is a query too: only SELECT and EXPLAIN change nothing
                    engine.discardAll();
                    invalidateSpecCache();
                }
                if (!query) {
                    return List.of();
                }
                List<Map<String, Object>> rows = new ArrayList<>();
                try (ResultSet rs = ps.getResultSet()) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int col = 1; col <= md.getColumnCount(); col++) {
                            row.put(md.getColumnLabel(col), rs.getObject(col));
                        }
                        rows.add(row);
                    }
                }
                return rows;
            }
        });
    }

    private static boolean readOnly(String sql) {
        String s = sql.stripLeading();
        return s.regionMatches(true, 0, "SELECT", 0, 6) || s.regionMatches(true, 0, "EXPLAIN", 0, 7);
    }

    /**
     * Each state store is its own table ({@link dev.agentdb.spi.StateStore#table()}: {@code agentdb_meta},
     * {@code agentdb_migration_checkpoints}) of shape {@code (key TEXT PRIMARY KEY, value TEXT NOT NULL)},
     * created by its first write ({@link StateTables.Creation#ON_FIRST_WRITE}), so files of layout
     * version 1 stay valid; reading a store never written finds nothing.
     */
    @Override
    protected Optional<String> doReadState(StateStore store, String key) {
        return db.read("read state '" + key + "' of " + store, c -> states.read(JdbcExecutor.on(c), store, key));
    }

    @Override
    protected void doWriteState(StateStore store, String key, String value) {
        db.write("write state '" + key + "' of " + store, c -> {
            states.write(JdbcExecutor.on(c), store, key, value);
            return null;
        });
    }

    @Override
    protected boolean doDeleteState(StateStore store, String key) {
        return db.write("delete state '" + key + "' of " + store, c -> states.delete(JdbcExecutor.on(c), store, key));
    }

    /** @return {@code "SQLite <version>"} */
    @Override
    protected String doPing() {
        return db.read("ping", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT sqlite_version()")) {
                rs.next();
                return "SQLite " + rs.getString(1) + (url.memory() ? " (in memory)" : "");
            }
        });
    }

    /**
     * Stops the vector fills of lazily loaded indexes (waiting for their threads, which give back
     * their reader connections), closes every connection (waiting for a running write) and releases
     * the in-memory indexes. Idempotent.
     */
    @Override
    public void close() {
        engine.close();
        db.close();
        engine.close(); // a search that loaded lazily while the connections closed
    }

    // ------------------------------------------------------------------ diagnostics

    /** @return how many times an in-memory index was loaded from the graph tables or rebuilt since open */
    @dev.agentdb.Beta
    public int indexLoads() {
        return engine.loads();
    }

    /** @return how many of those loads had to rebuild the graph from the rows (a WARN is logged for each) */
    @dev.agentdb.Beta
    public int indexRebuilds() {
        return engine.rebuilds();
    }

    /** @return whether the most recent index load rebuilt the graph */
    boolean lastIndexLoadWasRebuild() {
        return engine.lastLoadRebuilt();
    }

    /**
     * @param collection a collection
     * @return whether its in-memory index is loaded
     */
    boolean isIndexLoaded(String collection) {
        return engine.isLoaded(collection);
    }

    /**
     * @param collection a collection
     * @return whether its in-memory index was loaded lazily and still waits for some vectors
     */
    boolean indexVectorsPending(String collection) {
        return engine.vectorsPending(collection);
    }

    // ------------------------------------------------------------------ helpers

    private static String jsonArray(java.util.Collection<String> ids) {
        try {
            return Json.mapper().writeValueAsString(ids);
        } catch (JsonProcessingException e) {
            throw new AgentDBException("cannot encode ids as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
