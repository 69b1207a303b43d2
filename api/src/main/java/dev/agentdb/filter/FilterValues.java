package dev.agentdb.filter;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.internal.Validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Validation and in-memory evaluation behind {@link Filter}. Public so that adapters can reuse the
 * exact comparison rules (for example to post-check results), but not part of the stable API.
 */
public final class FilterValues {
    /** The value {@link #resolve(Map, String)} returns for a path that does not resolve. */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "MISSING";
        }
    };

    private FilterValues() {
    }

    /**
     * Splits a validated path into its segments.
     *
     * @param path a metadata path such as {@code a.b}
     * @return its segments, e.g. {@code ["a", "b"]}
     */
    public static String[] segments(String path) {
        return path.split("\\.", -1);
    }

    /**
     * Walks nested maps along the path.
     *
     * @param metadata a JSON object, may be null
     * @param path a validated path
     * @return the value (possibly null), or {@link #MISSING}
     */
    public static Object resolve(Map<String, Object> metadata, String path) {
        Object current = metadata;
        int start = 0;
        while (true) {
            if (!(current instanceof Map)) {
                return MISSING;
            }
            int dot = path.indexOf('.', start);
            String key = dot < 0 ? path.substring(start) : path.substring(start, dot);
            Map<?, ?> map = (Map<?, ?>) current;
            if (!map.containsKey(key)) {
                return MISSING;
            }
            current = map.get(key);
            if (dot < 0) {
                return current;
            }
            start = dot + 1;
        }
    }

    static void checkPath(String path) {
        checkPath("filter.path", path);
    }

    /**
     * Checks a metadata path: 1 to {@link Limits#MAX_PATH_DEPTH} dot-separated segments, each
     * matching {@link Limits#PATH_SEGMENT}.
     *
     * @param field the field to name in the error, e.g. {@code "sort[0].path"}
     * @param path the path
     * @throws InvalidInputException naming the field when the path is null, empty or malformed
     */
    public static void checkPath(String field, String path) {
        if (path == null || path.isEmpty()) {
            throw new InvalidInputException(field, "must be a non-empty metadata path such as 'a.b'");
        }
        String[] segments = segments(path);
        if (segments.length > Limits.MAX_PATH_DEPTH) {
            throw new InvalidInputException(field, "'" + abbreviate(path) + "' has " + segments.length
                    + " segments; the limit is " + Limits.MAX_PATH_DEPTH);
        }
        for (String s : segments) {
            if (!Limits.PATH_SEGMENT.matcher(s).matches()) {
                throw new InvalidInputException(field, "'" + abbreviate(path)
                        + "' is not a metadata path: each dot-separated segment must match " + Limits.PATH_SEGMENT.pattern());
            }
        }
    }

    static Object checkScalar(String path, String op, Object value, boolean allowNull, boolean allowBoolean) {
        if (value == null) {
            if (allowNull) {
                return null;
            }
            throw new InvalidInputException("filter." + path + "." + op, "null is only allowed with $eq and $ne");
        }
        if (value instanceof String) {
            Validation.string("filter." + path + "." + op, (String) value);
            return value;
        }
        if (value instanceof Number) {
            return normalizeNumber(path, op, (Number) value);
        }
        if (value instanceof Boolean) {
            if (allowBoolean) {
                return value;
            }
            throw new InvalidInputException("filter." + path + "." + op, "booleans cannot be ordered; use $eq or $ne");
        }
        throw new InvalidInputException("filter." + path + "." + op, "expected a string, number or boolean, got "
                + value.getClass().getSimpleName());
    }

    /** Integers become Long, everything else finite becomes Double, so equal numbers have equal values. */
    private static Number normalizeNumber(String path, String op, Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return n.longValue();
        }
        if (n instanceof BigInteger) {
            BigInteger b = (BigInteger) n;
            return b.bitLength() < 64 ? (Number) b.longValue() : (Number) b.doubleValue();
        }
        if (n instanceof BigDecimal) {
            BigDecimal d = (BigDecimal) n;
            try {
                return d.longValueExact();
            } catch (ArithmeticException notIntegral) {
                return d.doubleValue();
            }
        }
        double d = asDouble(n);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new InvalidInputException("filter." + path + "." + op, "number must be finite, was " + d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
            return (long) d;
        }
        return d;
    }

    static List<Object> checkList(String path, String op, List<Object> values) {
        if (values == null) {
            throw new InvalidInputException("filter." + path + "." + op, "must be an array of values");
        }
        if (values.size() > Filter.MAX_IN_VALUES) {
            throw new InvalidInputException("filter." + path + "." + op, values.size() + " values; the limit is "
                    + Filter.MAX_IN_VALUES);
        }
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(checkScalar(path, op, v, false, true));
        }
        return Collections.unmodifiableList(out);
    }

    static List<Filter> checkOperands(String op, List<Filter> filters) {
        if (filters == null) {
            throw new InvalidInputException("filter." + op, "must be a list of filters");
        }
        for (Filter f : filters) {
            if (f == null) {
                throw new InvalidInputException("filter." + op, "operands must not be null");
            }
        }
        List<Filter> operands = List.copyOf(filters);
        checkShape(op, operands);
        return operands;
    }

    /**
     * Checks the tree that a new {@code $and}, {@code $or} or {@code $not} node makes over its
     * operands against {@link Limits#MAX_FILTER_DEPTH}, {@link Limits#MAX_FILTER_CLAUSES} and
     * {@link Limits#MAX_FILTER_VALUES}. The operands were checked when they were built, so the walk
     * (iterative) visits at most {@code MAX_FILTER_CLAUSES + 1} nodes before it refuses, whatever the
     * operands hold: also an operand shared many times, which counts each time it appears.
     *
     * @param op the new node's operator, for errors
     * @param operands its operands, none null
     * @throws InvalidInputException naming {@code filter.<op>} and the limit exceeded
     */
    static void checkShape(String op, List<Filter> operands) {
        Deque<Filter> nodes = new ArrayDeque<>(operands);
        Deque<Integer> depths = new ArrayDeque<>();
        operands.forEach(f -> depths.push(2));
        int clauses = 1;
        long values = 0;
        while (!nodes.isEmpty()) {
            Filter f = nodes.pop();
            int depth = depths.pop();
            if (++clauses > Limits.MAX_FILTER_CLAUSES) {
                throw new InvalidInputException("filter." + op, "the filter holds more than " + Limits.MAX_FILTER_CLAUSES
                        + " clauses (comparisons, $in, $nin, $exists, $and, $or and $not each count one; the limit is"
                        + " Limits.MAX_FILTER_CLAUSES); put alternatives for one path into one $in");
            }
            if (depth > Limits.MAX_FILTER_DEPTH) {
                throw new InvalidInputException("filter." + op, "the filter is nested deeper than the limit of "
                        + Limits.MAX_FILTER_DEPTH + " levels (Limits.MAX_FILTER_DEPTH; each $and, $or and $not adds one)");
            }
            if (f instanceof Filter.And and) {
                push(and.filters(), depth + 1, nodes, depths);
            } else if (f instanceof Filter.Or or) {
                push(or.filters(), depth + 1, nodes, depths);
            } else if (f instanceof Filter.Not not) {
                push(List.of(not.filter()), depth + 1, nodes, depths);
            } else if (f instanceof Filter.In in) {
                values += in.values().size();
            } else if (f instanceof Filter.Nin nin) {
                values += nin.values().size();
            } else if (f instanceof Filter.Comparison) {
                values++;
            }
            if (values > Limits.MAX_FILTER_VALUES) {
                throw new InvalidInputException("filter." + op, "the filter holds more than " + Limits.MAX_FILTER_VALUES
                        + " values (of comparisons and $in/$nin lists together; the limit is Limits.MAX_FILTER_VALUES)");
            }
        }
    }

    private static void push(List<Filter> children, int depth, Deque<Filter> nodes, Deque<Integer> depths) {
        for (Filter child : children) {
            nodes.push(child);
            depths.push(depth);
        }
    }

    static boolean testComparison(Filter.Comparison c, Map<String, Object> metadata) {
        Object actual = resolve(metadata, c.path());
        switch (c.op()) {
            case EQ: return matchesEq(actual, c.value());
            case NE: return !matchesEq(actual, c.value());
            default: return anyElement(actual, v -> ordered(v, c.op(), c.value()));
        }
    }

    static boolean testIn(String path, List<Object> values, Map<String, Object> metadata) {
        Object actual = resolve(metadata, path);
        for (Object v : values) {
            if (anyElement(actual, a -> scalarEquals(a, v))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesEq(Object actual, Object expected) {
        if (expected == null) {
            return actual == MISSING || actual == null;
        }
        return anyElement(actual, a -> scalarEquals(a, expected));
    }

    private interface ElementTest {
        boolean test(Object element);
    }

    private static boolean anyElement(Object actual, ElementTest test) {
        if (actual == MISSING || actual == null) {
            return false;
        }
        if (actual instanceof List) {
            for (Object e : (List<?>) actual) {
                if (e != null && !(e instanceof List) && !(e instanceof Map) && test.test(e)) {
                    return true;
                }
            }
            return false;
        }
        if (actual instanceof Map) {
            return false;
        }
        return test.test(actual);
    }

    /**
     * Typed scalar equality: numbers numerically, strings exactly, booleans exactly; different types are unequal.
     *
     * @param a a metadata scalar
     * @param b a filter scalar
     * @return whether they are equal under the filter rules
     */
    public static boolean scalarEquals(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            return compareNumbers((Number) a, (Number) b) == 0;
        }
        if (a instanceof Number || b instanceof Number) {
            return false;
        }
        return Objects.equals(a, b);
    }

    private static boolean ordered(Object a, Filter.Op op, Object b) {
        int cmp;
        if (a instanceof Number && b instanceof Number) {
            cmp = compareNumbers((Number) a, (Number) b);
        } else if (a instanceof String && b instanceof String) {
            cmp = compareCodePoints((String) a, (String) b);
        } else {
            return false;
        }
        switch (op) {
            case GT: return cmp > 0;
            case GTE: return cmp >= 0;
            case LT: return cmp < 0;
            case LTE: return cmp <= 0;
            default: throw new AssertionError(op);
        }
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
                || (n instanceof BigInteger && ((BigInteger) n).bitLength() < 64);
    }

    /**
     * Compares two numbers by value: exactly when both are integral, as doubles otherwise.
     *
     * @param a first number
     * @param b second number
     * @return negative, zero or positive as a is less than, equal to or greater than b
     */
    public static int compareNumbers(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        double x = asDouble(a);
        double y = asDouble(b);
        return Double.compare(x, y) == 0 ? 0 : (x < y ? -1 : (x > y ? 1 : 0));
    }

    /**
     * A number as the double its JSON form reads back as. A {@code Float} is written to JSON as its
     * shortest decimal ({@code 1.23f} as {@code 1.23}, Jackson's {@code Float.toString} form), which
     * reads back as the double nearest that decimal, not as the float's exact binary value
     * ({@code 1.2300000190734863}); comparing with the latter would miss the stored value.
     *
     * @param n a number; not null
     * @return its value as stored metadata holds it
     */
    static double asDouble(Number n) {
        if (n instanceof Float f) {
            return Float.isFinite(f) ? Double.parseDouble(Float.toString(f)) : f.doubleValue();
        }
        return n.doubleValue();
    }

    /**
     * Compares strings by Unicode code point, which is the byte order of their UTF-8 encodings
     * (SQLite's BINARY collation, PostgreSQL's C collation).
     *
     * @param a first string
     * @param b second string
     * @return negative, zero or positive
     */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
