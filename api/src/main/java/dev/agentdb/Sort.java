package dev.agentdb;

import dev.agentdb.filter.FilterValues;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One key of the order of a {@link FindRequest}: a record's id, its timestamp, or a metadata path,
 * ascending or descending. Keys apply in order; records equal on every key are then ordered by id,
 * ascending, so every order is total and pages never overlap or skip.
 *
 * <h2>One order of mixed JSON values, on every backend</h2>
 * A metadata path may hold different JSON types in different records. Ascending, they order by
 * type rank first, then within the rank:
 * <ol>
 *   <li>missing and {@code null} (equal to each other);</li>
 *   <li>booleans: {@code false} before {@code true};</li>
 *   <li>numbers, by value (integers and decimals compared as numbers);</li>
 *   <li>strings, by Unicode code point (the byte order of UTF-8; SQLite's BINARY, PostgreSQL's
 *       {@code "C"} collation; no locale rules, no case folding);</li>
 *   <li>arrays and objects, equal to each other (so ordered by the next key, then by id).</li>
 * </ol>
 * Descending reverses all of it (missing and {@code null} last). A path resolves as in
 * {@link dev.agentdb.filter.Filter} ({@code a.b} walks nested objects); unlike filters, an array is
 * not searched element by element: it sorts as an array. Ids order by code point; timestamps
 * (milliseconds) numerically, a missing one first. {@link #comparator(List)} is the reference
 * implementation, which the compatibility kit checks every backend against.
 *
 * @param key what the key sorts by
 * @param path the metadata path when {@code key} is {@link Key#METADATA}, else null
 * @param ascending true for ascending, false for descending
 */
public record Sort(Key key, String path, boolean ascending) {

    /** What a sort key sorts by. */
    public enum Key {
        /** The record id. */
        ID,
        /** The record timestamp (ms). */
        TIMESTAMP,
        /** A metadata path. */
        METADATA
    }

    /**
     * @param key what to sort by; not null
     * @param path a metadata path for {@link Key#METADATA} (dot-separated, segments matching
     *             {@link Limits#PATH_SEGMENT}, at most {@link Limits#MAX_PATH_DEPTH} of them); null otherwise
     * @param ascending the direction
     * @throws InvalidInputException naming {@code sort.key} or {@code sort.path} when the key is null,
     *         the path is malformed, or a path is given for the id or timestamp
     */
    public Sort {
        if (key == null) {
            throw new InvalidInputException("sort.key", "must not be null; expected ID, TIMESTAMP or METADATA");
        }
        if (key == Key.METADATA) {
            FilterValues.checkPath("sort.path", path);
        } else if (path != null) {
            throw new InvalidInputException("sort.path", "must be null when sorting by " + key + ", was '" + path + "'");
        }
    }

    /**
     * @param path a metadata path such as {@code "a.b"}
     * @return ascending by that path
     * @throws InvalidInputException naming {@code sort.path} when the path is malformed
     */
    public static Sort asc(String path) {
        return new Sort(Key.METADATA, path, true);
    }

    /**
     * @param path a metadata path such as {@code "a.b"}
     * @return descending by that path
     * @throws InvalidInputException naming {@code sort.path} when the path is malformed
     */
    public static Sort desc(String path) {
        return new Sort(Key.METADATA, path, false);
    }

    /** @return ascending by id */
    public static Sort idAscending() {
        return new Sort(Key.ID, null, true);
    }

    /** @return descending by id */
    public static Sort idDescending() {
        return new Sort(Key.ID, null, false);
    }

    /** @return ascending by timestamp (oldest first) */
    public static Sort timestampAscending() {
        return new Sort(Key.TIMESTAMP, null, true);
    }

    /** @return descending by timestamp (newest first) */
    public static Sort timestampDescending() {
        return new Sort(Key.TIMESTAMP, null, false);
    }

    /**
     * The reference order: the keys in turn, then the id ascending.
     *
     * @param sorts the keys, in order; may be empty
     * @return a comparator of records implementing the rules of this class
     */
    public static Comparator<VectorRecord> comparator(List<Sort> sorts) {
        Comparator<VectorRecord> order = (a, b) -> 0;
        for (Sort s : sorts) {
            Comparator<VectorRecord> one = s::compare;
            order = order.thenComparing(s.ascending ? one : one.reversed());
        }
        return order.thenComparing(VectorRecord::id, FilterValues::compareCodePoints);
    }

    /** Ascending comparison of two records on this key alone. */
    private int compare(VectorRecord a, VectorRecord b) {
        switch (key) {
            case ID:
                return FilterValues.compareCodePoints(a.id(), b.id());
            case TIMESTAMP:
                if (a.timestamp() == null || b.timestamp() == null) {
                    return a.timestamp() == null ? (b.timestamp() == null ? 0 : -1) : 1;
                }
                return Long.compare(a.timestamp(), b.timestamp());
            default:
                return compareValues(FilterValues.resolve(a.metadata(), path), FilterValues.resolve(b.metadata(), path));
        }
    }

    /**
     * @param a a resolved metadata value ({@link FilterValues#MISSING}, null or a JSON value)
     * @param b another
     * @return the ascending comparison of the rules of this class
     */
    static int compareValues(Object a, Object b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        switch (ra) {
            case 1: return Boolean.compare((Boolean) a, (Boolean) b);
            case 2: return FilterValues.compareNumbers((Number) a, (Number) b);
            case 3: return FilterValues.compareCodePoints((String) a, (String) b);
            default: return 0;
        }
    }

    /**
     * @param v a resolved metadata value
     * @return its type rank: 0 missing or null, 1 boolean, 2 number, 3 string, 4 array or object
     */
    public static int rank(Object v) {
        if (v == null || v == FilterValues.MISSING) {
            return 0;
        }
        if (v instanceof Boolean) {
            return 1;
        }
        if (v instanceof Number) {
            return 2;
        }
        if (v instanceof String) {
            return 3;
        }
        return v instanceof List || v instanceof Map ? 4 : 0;
    }
}
