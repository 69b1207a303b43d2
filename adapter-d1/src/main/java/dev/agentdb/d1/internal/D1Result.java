package dev.agentdb.d1.internal;

import java.util.List;

/**
 * The result of one statement as D1's {@code /raw} endpoint returns it: column names in SELECT order
 * (duplicates kept), rows as value lists (JSON values: {@code String}, {@code Long}, {@code Double},
 * {@code List} of byte values for a BLOB, or null), and the statement's {@code meta}.
 *
 * @param columns the column labels; empty for a statement that returns no rows
 * @param rows the rows; never null
 * @param changes {@code meta.changes}: rows changed by the statement (0 when absent)
 * @param rowsRead {@code meta.rows_read} (0 when absent)
 * @param rowsWritten {@code meta.rows_written} (0 when absent)
 */
public record D1Result(List<String> columns, List<List<Object>> rows, long changes, long rowsRead, long rowsWritten) {
}
