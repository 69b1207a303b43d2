package dev.agentdb.sql;

import dev.agentdb.AgentDBException;
import dev.agentdb.Beta;
import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The SQL of the collection registry, table {@value #TABLE}: one row per collection with its
 * {@code name}, {@code dimension} (0 for the default collection before its first insert),
 * {@code metric} (its wire name, e.g. {@code cosine}), {@code index_type}, the HNSW parameters
 * {@code m}, {@code ef_construction}, {@code ef_search}, in the {@link Layout#WITH_IVFFLAT} layout
 * also the IVFFlat {@code lists} and {@code probes} (NULL unless IVFFLAT), and {@code created_at}
 * (milliseconds since the epoch). Written once, for every dialect, against a {@link SqlExecutor}.
 *
 * <p>The statements are rendered once by the constructor (identifiers quoted for the dialect,
 * every value bound). The table itself belongs to the backend's versioned schema (Flyway scripts,
 * SQLite's layout), not to this class. Immutable and thread-safe; each call runs on the executor it
 * is given, inside whatever transaction that executor is in.
 */
@Beta
public final class CollectionRegistry {
    /** The registry's table name. */
    public static final String TABLE = "agentdb_collections";

    /** Which columns the registry table has, and how it spells index types. */
    public enum Layout {
        /**
         * {@code index_type} in lower case ({@code hnsw}, {@code flat}), no IVFFlat columns: the
         * registry of SQLite files (layout version 1).
         */
        HNSW_ONLY,
        /**
         * {@code index_type} in upper case ({@code HNSW}, {@code FLAT}, {@code IVFFLAT}) and the
         * columns {@code lists} and {@code probes}: PostgreSQL's registry (schema version 2 on), and
         * the layout for new backends.
         */
        WITH_IVFFLAT
    }

    private static final List<String> INDEX_COLUMNS = List.of("index_type", "m", "ef_construction", "ef_search");
    private static final List<String> IVFFLAT_COLUMNS = List.of("lists", "probes");

    private final Layout layout;
    private final String select;
    private final String find;
    private final String list;
    private final String insert;
    private final String updateIndex;
    private final String setDimension;
    private final String delete;

    /**
     * @param dialect the database's dialect (identifier quoting)
     * @param schema the schema holding the table, or null for the connection's default
     * @param layout the table's columns
     * @throws NullPointerException when dialect or layout is null
     * @throws IllegalArgumentException when the schema is empty or contains NUL
     */
    public CollectionRegistry(SqlDialect dialect, String schema, Layout layout) {
        this.layout = Objects.requireNonNull(layout, "layout");
        String table = dialect.qualify(schema, TABLE);
        List<String> specColumns = new ArrayList<>(List.of("dimension", "metric"));
        specColumns.addAll(indexColumns());
        this.select = "SELECT " + columns(dialect, specColumns) + ", " + dialect.quote("name") + " FROM " + table;
        this.find = select + " WHERE " + dialect.quote("name") + " = ?";
        this.list = select + " ORDER BY " + dialect.quote("name");
        List<String> all = new ArrayList<>(List.of("name"));
        all.addAll(specColumns);
        all.add("created_at");
        this.insert = "INSERT INTO " + table + " (" + columns(dialect, all) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(all.size(), "?")) + ")";
        this.updateIndex = "UPDATE " + table + " SET " + assignments(dialect, indexColumns()) + " WHERE " + dialect.quote("name") + " = ?";
        this.setDimension = "UPDATE " + table + " SET " + dialect.quote("dimension") + " = ? WHERE " + dialect.quote("name") + " = ?";
        this.delete = "DELETE FROM " + table + " WHERE " + dialect.quote("name") + " = ?";
    }

    private List<String> indexColumns() {
        List<String> out = new ArrayList<>(INDEX_COLUMNS);
        if (layout == Layout.WITH_IVFFLAT) {
            out.addAll(IVFFLAT_COLUMNS);
        }
        return out;
    }

    private static String columns(SqlDialect dialect, List<String> names) {
        List<String> quoted = new ArrayList<>(names.size());
        for (String n : names) {
            quoted.add(dialect.quote(n));
        }
        return String.join(", ", quoted);
    }

    private static String assignments(SqlDialect dialect, List<String> names) {
        List<String> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(dialect.quote(n) + " = ?");
        }
        return String.join(", ", out);
    }

    /**
     * @param sql where to run
     * @param name a collection name
     * @return its registered spec, or empty when it is not registered
     * @throws SQLException from the executor
     * @throws AgentDBException when the stored row holds an unknown index type or metric
     */
    public Optional<CollectionSpec> find(SqlExecutor sql, String name) throws SQLException {
        return sql.queryFirst(find, List.of(name), this::spec);
    }

    /**
     * @param sql where to run
     * @return every registered collection, ordered by name (the column's collation: code point order
     *         on SQLite and PostgreSQL)
     * @throws SQLException from the executor
     * @throws AgentDBException when a stored row holds an unknown index type or metric
     */
    public List<CollectionInfo> list(SqlExecutor sql) throws SQLException {
        return sql.query(list, List.of(), row -> new CollectionInfo(row.text(row.columnCount()), spec(row)));
    }

    /**
     * Registers a collection.
     *
     * @param sql where to run
     * @param name the collection name
     * @param spec its spec
     * @param createdAtMs the creation time in milliseconds since the epoch
     * @throws SQLException from the executor, e.g. a unique violation when the name is registered
     */
    public void insert(SqlExecutor sql, String name, CollectionSpec spec, long createdAtMs) throws SQLException {
        List<Object> params = new ArrayList<>();
        params.add(name);
        params.add(spec.dimension());
        params.add(spec.metric().wireName());
        params.addAll(indexValues(spec.index()));
        params.add(createdAtMs);
        sql.update(insert, params);
    }

    /**
     * Replaces a collection's index type and parameters (not its dimension or metric).
     *
     * @param sql where to run
     * @param name the collection name
     * @param index the new index parameters
     * @return whether a registered collection was updated
     * @throws SQLException from the executor
     */
    public boolean updateIndex(SqlExecutor sql, String name, IndexParams index) throws SQLException {
        List<Object> params = new ArrayList<>(indexValues(index));
        params.add(name);
        return sql.update(updateIndex, params) > 0;
    }

    /**
     * @param sql where to run
     * @param name the collection name
     * @param dimension the new dimension
     * @return whether a registered collection was updated
     * @throws SQLException from the executor
     */
    public boolean setDimension(SqlExecutor sql, String name, int dimension) throws SQLException {
        return sql.update(setDimension, List.of(dimension, name)) > 0;
    }

    /**
     * @param sql where to run
     * @param name the collection name
     * @return whether a registered collection was removed
     * @throws SQLException from the executor
     */
    public boolean delete(SqlExecutor sql, String name) throws SQLException {
        return sql.update(delete, List.of(name)) > 0;
    }

    /** @return index_type, m, ef_construction, ef_search, and (WITH_IVFFLAT) lists, probes: NULL unless IVFFLAT */
    private List<Object> indexValues(IndexParams index) {
        String type = index.type().name();
        List<Object> values = new ArrayList<>(Arrays.asList(layout == Layout.HNSW_ONLY ? type.toLowerCase(Locale.ROOT) : type,
                index.m(), index.efConstruction(), index.efSearch()));
        if (layout == Layout.WITH_IVFFLAT) {
            boolean ivf = index.type() == IndexParams.IndexType.IVFFLAT;
            values.add(ivf ? index.lists() : null);
            values.add(ivf ? index.probes() : null);
        }
        return values;
    }

    /** Reads dimension, metric, index_type, m, ef_construction, ef_search (columns 1-6) and, WITH_IVFFLAT, lists, probes (7-8). */
    private CollectionSpec spec(SqlRow row) throws SQLException {
        String stored = row.text(3);
        IndexParams.IndexType type;
        try {
            type = IndexParams.IndexType.valueOf(stored.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new AgentDBException("the registry row of collection '" + row.text(row.columnCount())
                    + "' has index_type '" + stored + "', which this library does not know; upgrade AgentDB", e);
        }
        int lists = IndexParams.DEFAULT_LISTS;
        int probes = IndexParams.DEFAULT_PROBES;
        if (layout == Layout.WITH_IVFFLAT && type == IndexParams.IndexType.IVFFLAT) {
            Integer storedLists = row.int32(7);
            Integer storedProbes = row.int32(8);
            lists = storedLists == null ? IndexParams.DEFAULT_LISTS : storedLists;
            probes = storedProbes == null ? Math.min(IndexParams.DEFAULT_PROBES, lists) : storedProbes;
        }
        return new CollectionSpec(row.int32(1), Metric.fromString(row.text(2)),
                new IndexParams(type, row.int32(4), row.int32(5), row.int32(6), lists, probes));
    }
}
