package dev.agentdb.sql;

import dev.agentdb.Beta;
import dev.agentdb.spi.StateStore;

import java.sql.SQLException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL of the {@link StateStore}s: each store is its own key/value table
 * ({@link StateStore#table()}) of shape {@code (key PRIMARY KEY, value NOT NULL)}, read by key,
 * written by upsert ({@link SqlDialect#upsert}) and deleted by key. Written once, for every dialect,
 * against a {@link SqlExecutor}.
 *
 * <p>Where the tables come from is the backend's choice ({@link Creation}): a versioned schema that
 * creates them (PostgreSQL's Flyway scripts), or creation by the first write, so that a store never
 * written needs no table (SQLite files of layout version 1 stay valid).
 *
 * <p>Statements are rendered once by the constructor; table names are constants of
 * {@link StateStore} (never user text), keys and values are bound. Immutable and thread-safe; each
 * call runs on the executor it is given, inside whatever transaction that executor is in.
 */
@Beta
public final class StateTables {
    /** How the store tables come to exist. */
    public enum Creation {
        /** The versioned schema creates every store's table; reads and writes assume it exists. */
        MIGRATED,
        /**
         * The first write of a store creates its table; reading or deleting in a store never written
         * finds nothing (one catalog query first).
         */
        ON_FIRST_WRITE
    }

    /** Dialects with {@code CREATE TABLE IF NOT EXISTS}; the standard needs a catalog look-up first. */
    private static final Set<SqlDialect> CREATE_IF_NOT_EXISTS = EnumSet.of(SqlDialect.SQLITE, SqlDialect.POSTGRES,
            SqlDialect.MYSQL, SqlDialect.MARIADB);

    /** The rendered statements of one store. */
    private record Statements(String read, String upsert, String delete, String create, SqlFragment exists) {
    }

    private final Creation creation;
    private final boolean createIfNotExists;
    private final Map<StateStore, Statements> statements = new EnumMap<>(StateStore.class);

    /**
     * @param dialect the database's dialect (quoting, upsert, column types, catalog)
     * @param schema the schema holding the tables, or null for the connection's default
     * @param creation how the tables come to exist
     * @throws NullPointerException when dialect or creation is null
     * @throws IllegalArgumentException when the schema is empty or contains NUL
     */
    public StateTables(SqlDialect dialect, String schema, Creation creation) {
        this.creation = Objects.requireNonNull(creation, "creation");
        this.createIfNotExists = CREATE_IF_NOT_EXISTS.contains(dialect);
        String key = dialect.quote("key");
        String value = dialect.quote("value");
        for (StateStore store : StateStore.values()) {
            String table = dialect.qualify(schema, store.table());
            statements.put(store, new Statements(
                    "SELECT " + value + " FROM " + table + " WHERE " + key + " = ?",
                    dialect.upsert(table, List.of("key"), List.of("value")),
                    "DELETE FROM " + table + " WHERE " + key + " = ?",
                    "CREATE TABLE " + (createIfNotExists ? "IF NOT EXISTS " : "") + table + " (" + key + " "
                            + dialect.keyTextType() + " PRIMARY KEY, " + value + " " + dialect.longTextType() + " NOT NULL)",
                    dialect.tableExists(schema, store.table())));
        }
    }

    /**
     * @param store the store
     * @return the {@code CREATE TABLE} statement of its table, as {@link Creation#ON_FIRST_WRITE} runs it
     *         (with {@code IF NOT EXISTS} where the dialect has it)
     */
    public String createTableSql(StateStore store) {
        return statements.get(store).create();
    }

    /**
     * @param sql where to run
     * @param store the store
     * @param key a validated state key
     * @return the value, or empty when the key (or, {@link Creation#ON_FIRST_WRITE}, the table) is absent
     * @throws SQLException from the executor
     */
    public Optional<String> read(SqlExecutor sql, StateStore store, String key) throws SQLException {
        Statements s = statements.get(store);
        if (creation == Creation.ON_FIRST_WRITE && !exists(sql, s)) {
            return Optional.empty();
        }
        return sql.queryFirst(s.read(), List.of(key), row -> row.text(1));
    }

    /**
     * Inserts or replaces a value ({@link Creation#ON_FIRST_WRITE}: creating the table first when needed).
     *
     * @param sql where to run
     * @param store the store
     * @param key a validated state key
     * @param value the value; not null
     * @throws SQLException from the executor
     */
    public void write(SqlExecutor sql, StateStore store, String key, String value) throws SQLException {
        Statements s = statements.get(store);
        if (creation == Creation.ON_FIRST_WRITE && (createIfNotExists || !exists(sql, s))) {
            sql.update(s.create(), List.of());
        }
        sql.update(s.upsert(), List.of(key, value));
    }

    /**
     * @param sql where to run
     * @param store the store
     * @param key a validated state key
     * @return whether a value was removed
     * @throws SQLException from the executor
     */
    public boolean delete(SqlExecutor sql, StateStore store, String key) throws SQLException {
        Statements s = statements.get(store);
        if (creation == Creation.ON_FIRST_WRITE && !exists(sql, s)) {
            return false;
        }
        return sql.update(s.delete(), List.of(key)) > 0;
    }

    private static boolean exists(SqlExecutor sql, Statements s) throws SQLException {
        return !sql.query(s.exists().sql(), s.exists().params(), row -> Boolean.TRUE).isEmpty();
    }
}
