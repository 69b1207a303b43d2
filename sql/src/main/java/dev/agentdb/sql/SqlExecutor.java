package dev.agentdb.sql;

import dev.agentdb.Beta;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one SQL statement: SQL text and bound values go out, rows come back. Nothing here needs a
 * JDBC driver, so the SQL written once against this interface (the {@link CollectionRegistry}, the
 * {@link StateTables}) serves JDBC adapters ({@code dev.agentdb.sql.jdbc.JdbcExecutor}) and
 * adapters that send SQL over HTTP (Cloudflare D1 takes SQL text and a JSON array of parameters).
 *
 * <p>Statements use {@code ?} placeholders, bound in order. Parameter values are those of
 * {@code dev.agentdb.sql.jdbc.JdbcBinder}: {@code String}, {@code Integer}, {@code Long},
 * {@code Double}, another {@code Number}, {@code Boolean}, {@code byte[]} or {@code null} (SQL NULL).
 * Errors are {@link SQLException}s (the JDK's type, no driver's): a transport without a driver
 * reports the database's error with its SQLState where it has one, and the adapter translates them
 * into AgentDB exceptions in one place.
 *
 * <p>An executor runs on whatever connection or transaction it was made for; it neither commits
 * nor rolls back. Whether it is thread-safe depends on what it runs on (a JDBC connection is not).
 */
@Beta
public interface SqlExecutor {
    /**
     * Runs a query and maps every row.
     *
     * @param sql one statement with {@code ?} placeholders
     * @param params the values to bind, in placeholder order; not null (elements may be)
     * @param mapper called once per row, in result order
     * @param <T> the row value type
     * @return the mapped rows, in result order; empty when there are none
     * @throws SQLException when the statement fails or a row cannot be read
     */
    <T> List<T> query(String sql, List<?> params, RowMapper<T> mapper) throws SQLException;

    /**
     * Runs a statement that changes data or schema.
     *
     * @param sql one statement with {@code ?} placeholders
     * @param params the values to bind, in placeholder order; not null (elements may be)
     * @return the number of rows changed (0 for DDL)
     * @throws SQLException when the statement fails
     */
    int update(String sql, List<?> params) throws SQLException;

    /**
     * Runs any statement, for raw SQL whose kind the caller does not know.
     *
     * @param sql one statement with {@code ?} placeholders
     * @param params the values to bind, in placeholder order; not null (elements may be)
     * @return a query's rows as column label to value maps (insertion-ordered, values as
     *         {@link SqlRow#value} gives them), or an empty list for other statements
     * @throws SQLException when the statement fails
     */
    List<Map<String, Object>> execute(String sql, List<?> params) throws SQLException;

    /**
     * Runs a query and maps its first row.
     *
     * @param sql one statement with {@code ?} placeholders
     * @param params the values to bind, in placeholder order; not null (elements may be)
     * @param mapper maps the first row; must not return null
     * @param <T> the row value type
     * @return the first row's value, or empty when the query returns no row
     * @throws SQLException when the statement fails or the row cannot be read
     */
    default <T> Optional<T> queryFirst(String sql, List<?> params, RowMapper<T> mapper) throws SQLException {
        List<T> rows = query(sql, params, mapper);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }
}
