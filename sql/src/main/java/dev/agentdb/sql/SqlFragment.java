package dev.agentdb.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A piece of SQL with {@code ?} placeholders and the values to bind to them, in placeholder order:
 * what the SQL adapters' filter translators produce. User text only ever travels in
 * {@link #params()}; {@link #sql()} holds trusted text (operators, validated identifiers).
 *
 * @param sql the SQL text; never null
 * @param params the values to bind ({@code String}, {@code Long}, {@code Double}, ...); copied into an
 *               unmodifiable list
 */
public record SqlFragment(String sql, List<Object> params) {
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    /**
     * Copies the parameters into an unmodifiable list (null elements allowed: they bind SQL NULL).
     *
     * @param sql the SQL text with one {@code ?} per parameter; not checked here; should not be null
     * @param params the values to bind, in placeholder order; the list must not be null, its
     *               elements may be
     * @throws NullPointerException when {@code params} is null
     */
    public SqlFragment {
        params = Collections.unmodifiableList(new ArrayList<>(params));
    }

    /**
     * Checks a column expression that a translator splices into SQL (it is trusted code, never user
     * input, but a typo must not become SQL).
     *
     * @param column e.g. {@code metadata} or {@code t.metadata}
     * @return the column
     * @throws IllegalArgumentException unless it is a plain, optionally qualified identifier
     */
    public static String requireColumn(String column) {
        if (column == null || !COLUMN.matcher(column).matches()) {
            throw new IllegalArgumentException("column must be a plain (optionally qualified) identifier, was " + column);
        }
        return column;
    }
}
