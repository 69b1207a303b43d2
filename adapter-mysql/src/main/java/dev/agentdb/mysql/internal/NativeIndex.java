package dev.agentdb.mysql.internal;

import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.mysql.MysqlServer;
import dev.agentdb.sql.SqlExecutor;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * A collection stored for MariaDB's own vector index (11.7+): {@code embedding VECTOR(n) NOT NULL}
 * (the same little-endian float32 bytes as the BLOB of the in-house path) with
 * {@code VECTOR INDEX agentdb_embedding (embedding) M=<m> DISTANCE=cosine|euclidean}, searched by
 * {@code ORDER BY VEC_DISTANCE_COSINE|VEC_DISTANCE_EUCLIDEAN(embedding, ?) LIMIT n}.
 *
 * <p>Which collections get it ({@link #choose}): new ones, on a MariaDB server with the vector index,
 * whose dimension is known, whose index is HNSW with an {@code M} MariaDB accepts ({@value #MIN_M} to
 * {@value #MAX_M}) or FLAT, and whose metric MariaDB indexes (cosine, l2). Inner product has no native
 * distance: such a collection, the default collection created before its first insert fixes its
 * dimension, and everything on other servers use the in-house HNSW index.
 *
 * <p>A FLAT collection gets the {@code VECTOR} column without the index ({@link #UNBUILT}, searches scan
 * exactly); a reindex to HNSW adds the index with {@code ALTER TABLE}, which MariaDB builds over the rows
 * in one pass: the bulk-load path (create FLAT, load, reindex), which {@code agentdb migrate} takes.
 *
 * <p>MariaDB refuses a vector whose squared norm overflows float ({@code Incorrect vector value}, from
 * about 1.8e19 in one component), which AgentDB accepts: such a row keeps its exact vector in the
 * column {@code raw} and a copy scaled by a power of two in {@code embedding} ({@link #indexable}),
 * and searches score it from {@code raw}. So does a zero vector in a cosine collection, whose
 * {@code embedding} is a placeholder direction (MariaDB's cosine of it is NaN).
 *
 * <p>What a collection uses is recorded in its registry row (columns {@code index_implementation}
 * and {@code native_m}, schema V2): {@code m} is the {@code M} the server's index was built with,
 * which a reindex inside a transaction cannot change (DDL commits). Not API.
 *
 * @param metric the collection's metric, cosine or l2
 * @param m the index's {@code M}, {@value #MIN_M} to {@value #MAX_M}, or {@value #UNBUILT} when the table
 *          has the {@code VECTOR} column but no index yet
 */
public record NativeIndex(Metric metric, int m) {
    /** {@code index_implementation} of a collection on the in-house HNSW index (the shared engine). */
    public static final String IN_HOUSE = "agentdb-hnsw";
    /** {@code index_implementation} of a collection on MariaDB's {@code VECTOR INDEX}. */
    public static final String MARIADB = "mariadb-vector";
    /** Smallest {@code M} MariaDB accepts. */
    public static final int MIN_M = 3;
    /** Largest {@code M} MariaDB accepts. */
    public static final int MAX_M = 200;
    /** Largest {@code mhnsw_ef_search} MariaDB accepts. */
    public static final int MAX_EF_SEARCH = 10_000;
    /** {@link #m()} of a collection whose table has the {@code VECTOR} column but no index (yet). */
    public static final int UNBUILT = 0;
    /** The index's name in the collection table. */
    public static final String INDEX_NAME = "agentdb_embedding";

    /**
     * @param metric cosine or l2
     * @param m {@value #MIN_M} to {@value #MAX_M}, or {@value #UNBUILT}
     * @throws IllegalArgumentException for inner product or an {@code M} out of range (never spliced into DDL)
     */
    public NativeIndex {
        if (metric == Metric.INNER_PRODUCT || metric == null) {
            throw new IllegalArgumentException("MariaDB's vector index has no distance for " + metric);
        }
        if (m != UNBUILT && !inRange(m)) {
            throw new IllegalArgumentException("M must be " + MIN_M + " to " + MAX_M + ", was " + m);
        }
    }

    /** Squared norms from here on are scaled down: well below float's maximum (3.4e38), for MariaDB's float sums. */
    static final double MAX_SQUARED_NORM = 0x1p120;

    /**
     * A lower bound of the Euclidean norm of every vector that does not {@link #fits fit}: such a row's l2
     * distance to a query of norm {@code |q|} is more than this minus {@code |q|}, whatever the index
     * made of its scaled copy.
     */
    public static final double MIN_UNFIT_NORM = Math.sqrt(MAX_SQUARED_NORM) * (1 - 1e-9);

    /**
     * @param vector a finite vector
     * @return whether MariaDB's {@code VECTOR} column stores it as it is
     */
    public static boolean fits(float[] vector) {
        return squaredNorm(vector) <= MAX_SQUARED_NORM;
    }

    /**
     * @param vector a finite vector
     * @return the sum of its squared components, in double
     */
    public static double squaredNorm(float[] vector) {
        double squares = 0;
        for (float x : vector) {
            squares += (double) x * x;
        }
        return squares;
    }

    /**
     * @param vector a finite vector
     * @param metric the collection's metric, cosine or l2
     * @return the vector itself when the index can take it as it is; else what the index holds, the
     *         exact bytes being kept in {@code raw}: a copy scaled by a power of two when it does not
     *         {@link #fits fit} (its direction kept, exactly: only the exponents change, tiny components
     *         may round to 0), and under cosine for a zero vector the unit vector along the first axis
     *         (MariaDB's cosine of a zero vector is NaN, which misleads its index's search for every
     *         query; searches score such a row from {@code raw}, distance 1)
     */
    public static float[] indexable(float[] vector, Metric metric) {
        if (metric == Metric.COSINE && isZero(vector)) {
            float[] placeholder = new float[vector.length];
            placeholder[0] = 1;
            return placeholder;
        }
        if (fits(vector)) {
            return vector;
        }
        float max = 0;
        for (float x : vector) {
            max = Math.max(max, Math.abs(x));
        }
        // every component at most 2^40 afterwards: squared norm at most n * 2^80, within MAX_SQUARED_NORM
        int shift = Math.getExponent(max) - 40;
        float[] scaled = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            scaled[i] = Math.scalb(vector[i], -shift);
        }
        return scaled;
    }

    /**
     * @param vector a vector
     * @return whether every component is 0 (or -0)
     */
    public static boolean isZero(float[] vector) {
        for (float x : vector) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The rule of the class comment.
     *
     * @param server the server the adapter detected
     * @param spec the new collection's spec
     * @param allowed false when the adapter was told to keep every collection in-house
     * @return the native index to create, or empty for the in-house path
     */
    public static Optional<NativeIndex> choose(MysqlServer server, CollectionSpec spec, boolean allowed) {
        IndexParams index = spec.index();
        if (!allowed || server.family() != MysqlServer.Family.MARIADB || !server.vectorIndex() || !spec.hasDimension()
                || spec.metric() == Metric.INNER_PRODUCT) {
            return Optional.empty();
        }
        if (index.type() == IndexParams.IndexType.FLAT) {
            return Optional.of(new NativeIndex(spec.metric(), UNBUILT));
        }
        if (index.type() != IndexParams.IndexType.HNSW || !inRange(index.m())) {
            return Optional.empty();
        }
        return Optional.of(new NativeIndex(spec.metric(), index.m()));
    }

    /**
     * @param m an {@code M}
     * @return whether MariaDB's index accepts it ({@value #MIN_M} to {@value #MAX_M})
     */
    public static boolean inRange(int m) {
        return m >= MIN_M && m <= MAX_M;
    }

    /** @return whether the table has the index (else searches scan exactly) */
    public boolean built() {
        return m != UNBUILT;
    }

    /** @return {@code cosine} or {@code euclidean}, MariaDB's {@code DISTANCE} option */
    public String distance() {
        return metric == Metric.COSINE ? "cosine" : "euclidean";
    }

    /** @return {@code VEC_DISTANCE_COSINE} or {@code VEC_DISTANCE_EUCLIDEAN}, the function the index serves */
    public String distanceFunction() {
        return metric == Metric.COSINE ? "VEC_DISTANCE_COSINE" : "VEC_DISTANCE_EUCLIDEAN";
    }

    /**
     * @param dimension the collection's dimension, 1 or more
     * @return the embedding column's definition
     */
    public static String columnSql(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension " + dimension);
        }
        return "embedding VECTOR(" + dimension + ") NOT NULL";
    }

    /**
     * @return the index clause of {@code CREATE TABLE} / {@code ALTER TABLE ... ADD}
     * @throws IllegalStateException when {@link #built()} is false
     */
    public String indexSql() {
        if (!built()) {
            throw new IllegalStateException("no index to create");
        }
        return "VECTOR INDEX " + INDEX_NAME + " (embedding) M=" + m + " DISTANCE=" + distance();
    }

    /**
     * Reads what a registered collection uses.
     *
     * @param sql where to read, in the caller's transaction
     * @param name the collection
     * @return the native index, or empty for the in-house path or an unregistered name
     * @throws SQLException from the driver
     */
    public static Optional<NativeIndex> read(SqlExecutor sql, String name) throws SQLException {
        return sql.queryFirst("SELECT index_implementation, native_m, metric FROM agentdb_collections WHERE name = ?",
                List.of(name), row -> MARIADB.equals(row.text(1))
                        ? Optional.of(new NativeIndex(Metric.fromString(row.text(3)), row.text(2) == null ? UNBUILT : row.int32(2)))
                        : Optional.<NativeIndex>empty())
                .orElse(Optional.empty());
    }

    /**
     * Records what a registered collection uses, in the caller's transaction.
     *
     * @param sql where to write
     * @param name the collection
     * @param index the native index, or null for the in-house path
     * @throws SQLException from the driver
     */
    public static void record(SqlExecutor sql, String name, NativeIndex index) throws SQLException {
        sql.update("UPDATE agentdb_collections SET index_implementation = ?, native_m = ? WHERE name = ?",
                java.util.Arrays.asList(index == null ? IN_HOUSE : MARIADB, index == null || !index.built() ? null : index.m(), name));
    }
}
