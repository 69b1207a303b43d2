package dev.agentdb.d1.internal;

import dev.agentdb.InvalidInputException;
import dev.agentdb.internal.VectorCodec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns a statement with Java parameter values into what D1 accepts, and enforces D1's documented
 * limits before anything is sent (each a typed {@link InvalidInputException} naming the limit).
 *
 * <p>Parameters travel as JSON, read by JavaScript, so:
 * <ul>
 *   <li>{@code byte[]} (and, for raw SQL, {@code float[]} as little-endian float32) cannot be bound: the
 *       value goes as hex text and its placeholder becomes {@code unhex(?)}, giving SQLite a BLOB (so one bound
 *       BLOB is at most {@value #MAX_VALUE_BYTES} / 2 bytes: its hex text is the string D1 checks);</li>
 *   <li>a {@code Long} (or {@code Integer}...) beyond +-2^53 would reach SQLite rounded to a double: it goes
 *       as decimal text and its placeholder becomes {@code CAST(? AS INTEGER)}, exact. (Results read
 *       back as JSON numbers are not exact beyond 2^53 either: AgentDB reads metadata as JSON text, so only raw
 *       SQL results are affected; see the adapter's class comment);</li>
 *   <li>{@code Boolean} binds as 1 or 0, as D1 does;</li>
 *   <li>a {@code Double} that is NaN or infinite has no JSON form and is refused.</li>
 * </ul>
 * Placeholders are found outside quoted text ({@code '...'}, {@code "..."}, {@code `...`}, {@code [...]})
 * and comments; {@code ?NNN} and named parameters are not supported. Stateless.
 */
public final class D1Params {
    /** D1's most bound parameters per statement. */
    public static final int MAX_PARAMS = 100;
    /** D1's largest SQL statement, in UTF-8 bytes. */
    public static final int MAX_SQL_BYTES = 100_000;
    /** D1's largest string or BLOB value (and row), in bytes. */
    public static final int MAX_VALUE_BYTES = 2_000_000;
    /** Integers beyond this magnitude lose precision as JSON numbers (2^53). */
    public static final long MAX_EXACT_JSON_INTEGER = 1L << 53;

    private D1Params() {
    }

    /**
     * @param sql one statement with {@code ?} placeholders; not null
     * @param params the Java values, in placeholder order; not null (elements may be)
     * @return the statement as D1 takes it
     * @throws InvalidInputException naming {@code sql} or {@code params} and the D1 limit when the statement has
     *         more than {@value #MAX_PARAMS} parameters, more than {@value #MAX_SQL_BYTES} bytes of SQL, a value
     *         above {@value #MAX_VALUE_BYTES} bytes, a non-finite double, an unsupported type, or a placeholder
     *         count that differs from the parameters
     */
    public static D1Statement prepare(String sql, List<?> params) {
        return prepare(sql, params, false);
    }

    /**
     * Like {@link #prepare(String, List)}, but a statement with more than {@value #MAX_PARAMS} parameters (a
     * large translated filter) is rewritten to bind a single one: the values as a JSON array {@code ?1}, each
     * placeholder becoming {@code json_extract(?1, '$[i]')} (SQLite reads JSON integers exactly, so this form
     * also carries integers beyond 2^53). For the adapter's own statements; raw SQL keeps D1's limit.
     *
     * @param sql one statement with {@code ?} placeholders; not null
     * @param params the Java values; not null
     * @return the statement as D1 takes it
     * @throws InvalidInputException as {@link #prepare(String, List)}, except for the parameter count
     */
    public static D1Statement preparePacked(String sql, List<?> params) {
        return prepare(sql, params, params.size() > MAX_PARAMS);
    }

    private static D1Statement prepare(String sql, List<?> params, boolean pack) {
        if (!pack && params.size() > MAX_PARAMS) {
            throw new InvalidInputException("params", "D1 binds at most " + MAX_PARAMS + " parameters per statement (limit: bound "
                    + "parameters per query), this statement has " + params.size());
        }
        StringBuilder out = new StringBuilder(sql.length() + 16);
        List<Object> values = new ArrayList<>(params.size());
        int next = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int end = skipQuoted(sql, i);
            if (end > i) {
                out.append(sql, i, end);
                i = end;
                continue;
            }
            if (c == '?') {
                if (next >= params.size()) {
                    throw new InvalidInputException("params", "the statement has more '?' placeholders than the " + params.size()
                            + " parameters given");
                }
                out.append(pack ? packed(params.get(next), next, values) : bind(params.get(next), values));
                next++;
                i++;
                continue;
            }
            out.append(c);
            i++;
        }
        if (next != params.size()) {
            throw new InvalidInputException("params", "the statement has " + next + " '?' placeholders but " + params.size()
                    + " parameters were given");
        }
        if (pack) {
            values = List.of(packArray(values));
        }
        String text = out.toString();
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SQL_BYTES) {
            throw new InvalidInputException("sql", "D1 accepts SQL statements of at most " + MAX_SQL_BYTES + " bytes (limit: SQL "
                    + "statement length), this one has " + bytes);
        }
        return new D1Statement(text, values);
    }

    /** @return the end of a quoted run or comment starting at {@code i}, or {@code i} when none starts there */
    private static int skipQuoted(String sql, int i) {
        char c = sql.charAt(i);
        char close;
        switch (c) {
            case '\'': close = '\''; break;
            case '"': close = '"'; break;
            case '`': close = '`'; break;
            case '[': close = ']'; break;
            case '-':
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                    int nl = sql.indexOf('\n', i);
                    return nl < 0 ? sql.length() : nl + 1;
                }
                return i;
            case '/':
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                    int e = sql.indexOf("*/", i + 2);
                    return e < 0 ? sql.length() : e + 2;
                }
                return i;
            default:
                return i;
        }
        int j = sql.indexOf(close, i + 1);
        return j < 0 ? sql.length() : j + 1; // a doubled quote is two adjacent runs: same result
    }

    /** Adds {@code v} to the packed array and returns the expression reading it back. */
    private static String packed(Object v, int index, List<Object> values) {
        if (v instanceof byte[] || v instanceof float[]) {
            List<Object> one = new ArrayList<>(1);
            bind(v, one);
            values.add(one.get(0));
            return "unhex(json_extract(?1, '$[" + index + "]'))";
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            values.add(new java.math.BigInteger(Long.toString(((Number) v).longValue()))); // written as an exact JSON integer
            return "json_extract(?1, '$[" + index + "]')";
        }
        bind(v, values);
        return "json_extract(?1, '$[" + index + "]')";
    }

    private static String packArray(List<Object> values) {
        try {
            return dev.agentdb.internal.Json.mapper().writeValueAsString(values);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException("params", "cannot encode the parameters as JSON: " + e.getOriginalMessage());
        }
    }

    /** Adds the JSON value of {@code v} and returns the placeholder text for it. */
    private static String bind(Object v, List<Object> values) {
        if (v == null) {
            values.add(null);
            return "?";
        }
        if (v instanceof String s) {
            checkSize(s.length() > MAX_VALUE_BYTES / 3 ? s.getBytes(StandardCharsets.UTF_8).length : s.length(), "string");
            values.add(s);
            return "?";
        }
        if (v instanceof Boolean b) {
            values.add(b ? 1L : 0L);
            return "?";
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            long l = ((Number) v).longValue();
            if (l > MAX_EXACT_JSON_INTEGER || l < -MAX_EXACT_JSON_INTEGER) {
                values.add(Long.toString(l));
                return "CAST(? AS INTEGER)";
            }
            values.add(l);
            return "?";
        }
        if (v instanceof Number num) {
            double d = num.doubleValue();
            if (!Double.isFinite(d)) {
                throw new InvalidInputException("params", "D1 parameters travel as JSON, which has no " + d);
            }
            values.add(d);
            return "?";
        }
        if (v instanceof byte[] || v instanceof float[]) {
            byte[] bytes = v instanceof float[] f ? VectorCodec.encode(f) : (byte[]) v;
            checkSize(2L * bytes.length, "BLOB, sent as hex text,"); // the hex text is the string D1 receives
            values.add(HexFormat.of().formatHex(bytes));
            return "unhex(?)";
        }
        throw new InvalidInputException("params", "D1 cannot bind a " + v.getClass().getName()
                + "; use String, Long, Double, Boolean, byte[] or null");
    }

    private static void checkSize(long bytes, String what) {
        if (bytes > MAX_VALUE_BYTES) {
            throw new InvalidInputException("params", "D1 stores strings and BLOBs of at most " + MAX_VALUE_BYTES + " bytes (limit: "
                    + "string, BLOB or row size), this " + what + " has " + bytes);
        }
    }
}
