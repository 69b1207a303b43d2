package dev.agentdb.d1.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.internal.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi-row writes in one bound parameter: the rows as a JSON array of arrays, read back in SQL with
 * {@code json_each(?)} and {@code json_extract(value, '$[i]')}. One statement then writes hundreds of rows
 * with 1 bound parameter instead of D1's 100-parameter limit allowing 16 rows of 6 columns, and JSON integers
 * read by SQLite are exact 64-bit. Rows are split so that each statement's array stays within
 * {@value #MAX_ARRAY_BYTES} bytes (under D1's 2,000,000-byte string limit); a single row above it is refused
 * naming D1's row limit. Not thread-safe.
 */
public final class JsonRows {
    /** The largest JSON array text of one statement, in UTF-8 bytes. */
    public static final int MAX_ARRAY_BYTES = 1_900_000;

    private final List<String> arrays = new ArrayList<>();
    private final StringBuilder current = new StringBuilder();
    private int currentBytes;
    private int rows;

    /**
     * Adds one row.
     *
     * @param values its column values (String, Long, Double, null), in the statement's order
     * @throws InvalidInputException when the row alone is above D1's row size limit
     */
    public void add(Object... values) {
        String row;
        try {
            row = Json.mapper().writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("records", "cannot encode a row as JSON: " + e.getOriginalMessage());
        }
        int bytes = row.length() * 3 > MAX_ARRAY_BYTES ? row.getBytes(StandardCharsets.UTF_8).length : row.length();
        if (bytes > MAX_ARRAY_BYTES) {
            throw new InvalidInputException("records", "a row of " + bytes + " bytes (as JSON, embedding in hex) is above D1's limit of "
                    + D1Params.MAX_VALUE_BYTES + " bytes per row, string or BLOB");
        }
        if (currentBytes > 0 && currentBytes + bytes + 2 > MAX_ARRAY_BYTES) {
            finish();
        }
        current.append(currentBytes == 0 ? "[" : ",").append(row);
        currentBytes += bytes + 1;
        rows++;
    }

    private void finish() {
        if (currentBytes > 0) {
            arrays.add(current.append(']').toString());
            current.setLength(0);
            currentBytes = 0;
        }
    }

    /** @return how many rows were added */
    public int rows() {
        return rows;
    }

    /** @return the JSON arrays, one per statement; empty when no row was added */
    public List<String> arrays() {
        finish();
        return List.copyOf(arrays);
    }

    /**
     * @param n the column count
     * @return {@code json_extract(value, '$[0]'), ..., json_extract(value, '$[n-1]')}
     */
    public static String columns(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ", ").append("json_extract(value, '$[").append(i).append("]')");
        }
        return b.toString();
    }
}
