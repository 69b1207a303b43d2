package dev.agentdb.postgres.internal;

import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.sql.SqlDialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static dev.agentdb.postgres.internal.PgSql.exec;

/**
 * The tables and indexes of PostgreSQL collections, in one schema. Each collection is a table
 * named as the collection (quoted; names are validated before they get here):
 * {@code id text COLLATE "C" PRIMARY KEY, embedding vector(n) NOT NULL, metadata jsonb NOT NULL,
 * text text, "timestamp" bigint NOT NULL}, with a GIN {@code jsonb_path_ops} index on metadata and
 * a pgvector index (HNSW or IVFFlat) with the metric's operator class, on {@code embedding} up to
 * {@value #MAX_VECTOR_INDEX_DIMENSION} dimensions and on its {@code halfvec} cast up to
 * {@value #MAX_HALFVEC_INDEX_DIMENSION}. Thread-safe. Not API.
 */
public final class PostgresDdl {
    /** Largest dimension of a {@code vector} index (pgvector). */
    public static final int MAX_VECTOR_INDEX_DIMENSION = 2_000;
    /** Largest dimension of a {@code halfvec} index (pgvector); indexed collections above it are refused. */
    public static final int MAX_HALFVEC_INDEX_DIMENSION = 4_000;
    /** pgvector's HNSW limits: {@code m} at most 100, {@code ef_construction} 4 to 1000 and at least {@code 2m}. */
    private static final int MAX_M = 100;
    private static final int MAX_EF_CONSTRUCTION = 1_000;
    /** PostgreSQL's identifier length limit, in bytes (names here are ASCII). */
    private static final int MAX_IDENTIFIER = 63;

    private final String schema;
    private final String quotedSchema;
    private final String maintenanceWorkMem;

    /**
     * @param schema the AgentDB schema
     * @param maintenanceWorkMem {@code maintenance_work_mem} for index builds after a bulk load or a
     *                           reindex, as PostgreSQL memory text (e.g. {@code 1GB})
     */
    public PostgresDdl(String schema, String maintenanceWorkMem) {
        this.schema = schema;
        this.quotedSchema = SqlDialect.POSTGRES.quote(schema);
        this.maintenanceWorkMem = maintenanceWorkMem;
    }

    /**
     * @param collection a validated collection name
     * @return its schema-qualified, quoted table
     */
    public String table(String collection) {
        return SqlDialect.POSTGRES.qualify(schema, collection);
    }

    /**
     * Takes the collection's transaction-scoped advisory lock: DDL on one collection (create, drop,
     * reindex, fixing the dimension, a bulk load's index rebuild) runs one at a time.
     *
     * @param c a connection inside a transaction
     * @param collection the collection name
     * @throws SQLException from the driver (e.g. {@code lock_timeout})
     */
    public void lock(Connection c, String collection) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            ps.setString(1, "agentdb:" + schema + "." + collection);
            ps.execute();
        }
    }

    /**
     * Creates the collection's table (when missing), its metadata index and, with a dimension, its vector index.
     *
     * @param c a connection inside a transaction
     * @param name the collection name
     * @param spec its spec; dimension 0 creates an untyped {@code vector} column, fixed by {@link #fixDimension}
     * @throws SQLException from the driver
     */
    public void createTable(Connection c, String name, CollectionSpec spec) throws SQLException {
        String table = table(name);
        exec(c, "CREATE TABLE IF NOT EXISTS " + table + " (id text COLLATE \"C\" PRIMARY KEY, embedding "
                + (spec.dimension() == 0 ? "vector" : "vector(" + spec.dimension() + ")")
                + " NOT NULL, metadata jsonb NOT NULL DEFAULT '{}', text text, \"timestamp\" bigint NOT NULL)");
        exec(c, "CREATE INDEX IF NOT EXISTS " + SqlDialect.POSTGRES.quote(indexName(name, "meta")) + " ON " + table
                + " USING gin (metadata jsonb_path_ops)");
        if (spec.dimension() > 0) {
            createVectorIndex(c, name, spec);
        }
    }

    /**
     * Types the embedding column of a collection created without dimension and creates its vector index.
     *
     * @param c a connection inside a transaction
     * @param name the collection name
     * @param spec its spec, with the new dimension
     * @throws SQLException from the driver, e.g. when stored rows have another dimension
     */
    public void fixDimension(Connection c, String name, CollectionSpec spec) throws SQLException {
        exec(c, "ALTER TABLE " + table(name) + " ALTER COLUMN embedding TYPE vector(" + spec.dimension() + ")");
        createVectorIndex(c, name, spec);
    }

    /**
     * Drops the collection's table.
     *
     * @param c a connection inside a transaction
     * @param name the collection name
     * @return whether the table existed
     * @throws SQLException from the driver
     */
    public boolean dropTable(Connection c, String name) throws SQLException {
        boolean existed;
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table(name));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                existed = rs.getBoolean(1);
            }
        }
        exec(c, "DROP TABLE IF EXISTS " + table(name));
        return existed;
    }

    /**
     * Drops the collection's vector index, whichever kind it is.
     *
     * @param c a connection inside a transaction
     * @param collection the collection name
     * @throws SQLException from the driver
     */
    public void dropVectorIndexes(Connection c, String collection) throws SQLException {
        SqlDialect pg = SqlDialect.POSTGRES;
        exec(c, "DROP INDEX IF EXISTS " + quotedSchema + "." + pg.quote(indexName(collection, "hnsw")) + ", "
                + quotedSchema + "." + pg.quote(indexName(collection, "ivfflat")));
    }

    /**
     * Builds the vector index over the rows present, with the configured {@code maintenance_work_mem}
     * for the rest of the transaction: pgvector builds an HNSW graph far faster when it fits in
     * maintenance_work_mem (the server default, 64 MB, holds about 20,000 784-d vectors). Does
     * nothing for FLAT.
     *
     * @param c a connection inside a transaction
     * @param collection the collection name
     * @param spec its spec
     * @throws SQLException from the driver
     */
    public void buildVectorIndex(Connection c, String collection, CollectionSpec spec) throws SQLException {
        if (!indexed(spec.index())) {
            return;
        }
        PgSql.setLocal(c, "maintenance_work_mem", maintenanceWorkMem);
        createVectorIndex(c, collection, spec);
    }

    /**
     * Creates the collection's vector index (when missing): IVFFlat with {@code lists}, or HNSW with
     * {@code m} and {@code ef_construction} clamped to pgvector's limits; nothing for FLAT.
     *
     * @param c a connection inside a transaction
     * @param name the collection name
     * @param spec its spec, with a dimension
     * @throws SQLException from the driver
     */
    public void createVectorIndex(Connection c, String name, CollectionSpec spec) throws SQLException {
        String using = indexExpression(spec.dimension()) + " " + opClass(spec.dimension(), spec.metric());
        if (spec.index().type() == IndexParams.IndexType.IVFFLAT) {
            exec(c, "CREATE INDEX IF NOT EXISTS " + SqlDialect.POSTGRES.quote(indexName(name, "ivfflat")) + " ON " + table(name)
                    + " USING ivfflat (" + using + ") WITH (lists = " + spec.index().lists() + ")");
            return;
        }
        if (spec.index().type() != IndexParams.IndexType.HNSW) {
            return;
        }
        int m = Math.min(spec.index().m(), MAX_M);
        int efc = Math.max(4, Math.min(MAX_EF_CONSTRUCTION, Math.max(spec.index().efConstruction(), 2 * m)));
        exec(c, "CREATE INDEX IF NOT EXISTS " + SqlDialect.POSTGRES.quote(indexName(name, "hnsw")) + " ON " + table(name)
                + " USING hnsw (" + using + ") WITH (m = " + m + ", ef_construction = " + efc + ")");
    }

    /**
     * @param index index parameters
     * @return whether they ask for a pgvector index (HNSW or IVFFlat)
     */
    public static boolean indexed(IndexParams index) {
        return index.type() == IndexParams.IndexType.HNSW || index.type() == IndexParams.IndexType.IVFFLAT;
    }

    /**
     * @param name the collection name, for the message
     * @param dimension its dimension
     * @param index its index parameters
     * @throws InvalidInputException naming {@code dimension} when an indexed collection exceeds
     *         {@value #MAX_HALFVEC_INDEX_DIMENSION} dimensions
     */
    public static void checkIndexable(String name, int dimension, IndexParams index) {
        if (indexed(index) && dimension > MAX_HALFVEC_INDEX_DIMENSION) {
            throw new InvalidInputException("dimension", "collection '" + name + "': an " + index.type() + " index on PostgreSQL (pgvector)"
                    + " supports at most " + MAX_HALFVEC_INDEX_DIMENSION + " dimensions (halfvec above "
                    + MAX_VECTOR_INDEX_DIMENSION + "), was " + dimension + "; use IndexParams.flat() for exact search");
        }
    }

    /**
     * @param dimension the collection's dimension
     * @return the indexed expression: {@code embedding}, or its halfvec cast above {@value #MAX_VECTOR_INDEX_DIMENSION}
     */
    public static String indexExpression(int dimension) {
        return dimension > MAX_VECTOR_INDEX_DIMENSION ? "(embedding::halfvec(" + dimension + "))" : "embedding";
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

    /**
     * Index names live in the schema's relation namespace next to the tables: the reserved prefix
     * {@code agentdb_} keeps them apart from collection names; long names are shortened with a hash
     * to PostgreSQL's 63 bytes.
     */
    private static String indexName(String collection, String suffix) {
        String name = "agentdb_" + collection + "_" + suffix;
        if (name.length() <= MAX_IDENTIFIER) {
            return name;
        }
        String hash = Integer.toHexString(collection.hashCode());
        return "agentdb_" + collection.substring(0, MAX_IDENTIFIER - 8 - suffix.length() - hash.length() - 2) + "_" + hash + "_" + suffix;
    }
}
