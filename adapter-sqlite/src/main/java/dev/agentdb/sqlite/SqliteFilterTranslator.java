package dev.agentdb.sqlite;

import dev.agentdb.sql.SqliteJsonFilterTranslator;

/**
 * Translates a portable {@link dev.agentdb.filter.Filter} into a SQLite {@code WHERE} fragment over a
 * JSON metadata column, every value and JSON path bound: the SQL layer's
 * {@link SqliteJsonFilterTranslator} (shared with Cloudflare D1, which speaks SQLite's dialect), under
 * this adapter's name. Stateless and thread-safe.
 */
public final class SqliteFilterTranslator extends SqliteJsonFilterTranslator {
    /**
     * @param column the SQL expression of the metadata JSON column, e.g. {@code t.metadata}; must be
     *               a trusted identifier expression (it is spliced), never user input
     * @throws IllegalArgumentException when it is not a plain, optionally qualified identifier
     */
    public SqliteFilterTranslator(String column) {
        super(column);
    }
}
