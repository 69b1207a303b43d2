package dev.agentdb.postgres;

import dev.agentdb.InvalidInputException;
import dev.agentdb.filter.Filter;
import dev.agentdb.filter.FilterValues;
import dev.agentdb.postgres.internal.PgJson;
import dev.agentdb.sql.SqlDialect;
import dev.agentdb.sql.SqlFilterTranslator;
import dev.agentdb.sql.SqlFragment;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates a portable {@link Filter} into a PostgreSQL boolean expression over a {@code jsonb}
 * metadata column, with every key and value bound as a parameter (nothing the user wrote is spliced
 * into the SQL text; placeholders carry explicit casts such as {@code ?::text}, {@code ?::jsonb}).
 *
 * <p>The expression matches exactly the rows for which {@link Filter#test} is true:
 * <ul>
 *   <li>A path {@code a.b} is walked with {@code metadata -> ?::text -> ?::text}, one bound key per
 *       segment. {@code jsonb -> text} only descends into objects (an array or scalar on the way
 *       gives SQL NULL), like {@link FilterValues#resolve}; {@code #>} would instead read digit
 *       segments as array indexes.</li>
 *   <li>{@code eq}/{@code in} with a string, a boolean or a number of magnitude below 2^53 become
 *       jsonb containment, {@code metadata @> '{"a":{"b":v}}' OR metadata @> '{"a":{"b":[v]}}'},
 *       which the GIN {@code jsonb_path_ops} index answers. Containment is structural (an object
 *       must be an object on the way; the array form matches a direct element, not a nested array),
 *       numbers compare by value and strings exactly, which is MongoDB's rule.</li>
 *   <li>Ordering operators, and equality with numbers at or beyond 2^53, test "any element" with
 *       {@code EXISTS (SELECT 1 FROM jsonb_array_elements(CASE jsonb_typeof(v) WHEN 'array' THEN v
 *       ELSE jsonb_build_array(v) END) e(x) WHERE ...)}: nested arrays, objects, JSON null and a
 *       missing path never match. Tests are typed: strings only with strings, compared
 *       {@code COLLATE "C"} (code point order); numbers only with numbers, exactly when both are
 *       integers within {@code long} (the stored text has no {@code .}), otherwise as
 *       {@code float8}, as {@link FilterValues#compareNumbers} does.</li>
 *   <li>{@code eq(path, null)} is {@code COALESCE(v, 'null') = 'null'}; {@code exists} is
 *       {@code v IS [NOT] NULL} (a JSON null is a jsonb value, not SQL NULL).</li>
 *   <li>{@code ne}, {@code nin} and {@code not} are {@code NOT (...)} of the positive form. Every
 *       fragment is true or false, never SQL NULL, so negation is exact.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class PostgresFilterTranslator extends SqlFilterTranslator {
    /** Numbers below this magnitude compare the same as jsonb {@code numeric} and as Java doubles. */
    private static final double EXACT_DOUBLE_LIMIT = 9.007199254740992E15;

    /**
     * @param column the SQL expression of the jsonb metadata column, e.g. {@code metadata} or
     *               {@code t.metadata}; a trusted identifier (it is spliced), never user input
     * @throws IllegalArgumentException when it is not a plain, optionally qualified identifier
     */
    public PostgresFilterTranslator(String column) {
        super(column, SqlDialect.POSTGRES);
    }

    /** Appends {@code (COALESCE(v, 'null'::jsonb) = 'null'::jsonb)}. */
    @Override
    protected void appendNullOrMissing(String path, StringBuilder sql, List<Object> params) {
        sql.append("(COALESCE(");
        value(path, sql, params);
        sql.append(", 'null'::jsonb) = 'null'::jsonb)");
    }

    /** Appends containment where exact, an "any element" test otherwise (see {@link #appendIn}). */
    @Override
    protected void appendEquals(String path, Object value, StringBuilder sql, List<Object> params) {
        appendIn(path, List.of(value), sql, params);
    }

    /** Appends {@code EXISTS (SELECT 1 FROM jsonb_array_elements(...) e(x) WHERE <typed x operator ?>)}. */
    @Override
    protected void appendOrdered(String path, String operator, Object value, StringBuilder sql, List<Object> params) {
        anyElement(path, List.of(value), operator, sql, params);
    }

    /**
     * Appends "equals one of values", parenthesised: jsonb containment for the values where it is
     * exact, one {@code EXISTS} element test for the others (numbers at or beyond 2^53).
     */
    @Override
    protected void appendIn(String path, List<Object> values, StringBuilder sql, List<Object> params) {
        List<Object> contained = new ArrayList<>();
        List<Object> elementwise = new ArrayList<>();
        for (Object v : values) {
            (containable(v) ? contained : elementwise).add(v);
        }
        sql.append('(');
        boolean first = true;
        for (Object v : contained) {
            if (!first) {
                sql.append(" OR ");
            }
            first = false;
            String scalar = PgJson.scalar(v);
            sql.append(column()).append(" @> ?::jsonb OR ").append(column()).append(" @> ?::jsonb");
            params.add(nest(path, scalar));
            params.add(nest(path, "[" + scalar + "]"));
        }
        if (!elementwise.isEmpty()) {
            if (!first) {
                sql.append(" OR ");
            }
            anyElement(path, elementwise, "=", sql, params);
        }
        sql.append(')');
    }

    /** Appends {@code (v IS [NOT] NULL)}: a JSON null is a jsonb value, not SQL NULL. */
    @Override
    protected void appendExists(String path, boolean exists, StringBuilder sql, List<Object> params) {
        sql.append('(');
        value(path, sql, params);
        sql.append(exists ? " IS NOT NULL)" : " IS NULL)");
    }

    private static boolean containable(Object v) {
        if (v instanceof String || v instanceof Boolean) {
            return true;
        }
        return v instanceof Number && Math.abs(((Number) v).doubleValue()) < EXACT_DOUBLE_LIMIT;
    }

    /** Appends {@code EXISTS (... elements of the value at path ... WHERE x op any of values)}. */
    private void anyElement(String path, List<Object> values, String op, StringBuilder sql, List<Object> params) {
        sql.append("EXISTS (SELECT 1 FROM jsonb_array_elements(CASE jsonb_typeof(");
        value(path, sql, params);
        sql.append(") WHEN 'array' THEN ");
        value(path, sql, params);
        sql.append(" ELSE jsonb_build_array(");
        value(path, sql, params);
        sql.append(") END) AS e(x) WHERE ");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sql.append(" OR ");
            }
            typedTest(values.get(i), op, sql, params);
        }
        sql.append(')');
    }

    /** One typed test of element {@code x}; a CASE so that casts only see values of their type. */
    private static void typedTest(Object value, String op, StringBuilder sql, List<Object> params) {
        if (value instanceof String) {
            sql.append("CASE WHEN jsonb_typeof(x) = 'string' THEN (x #>> '{}') COLLATE \"C\" ").append(op)
                    .append(" ?::text ELSE FALSE END");
            params.add(value);
        } else if (value instanceof Long) {
            sql.append("CASE WHEN jsonb_typeof(x) <> 'number' THEN FALSE")
                    .append(" WHEN strpos(x::text, '.') = 0 AND x::numeric BETWEEN -9223372036854775808 AND 9223372036854775807")
                    .append(" THEN x::numeric ").append(op).append(" ?::numeric ELSE x::float8 ").append(op)
                    .append(" ?::float8 END");
            params.add(value);
            params.add(((Long) value).doubleValue());
        } else if (value instanceof Number) {
            sql.append("CASE WHEN jsonb_typeof(x) = 'number' THEN x::float8 ").append(op).append(" ?::float8 ELSE FALSE END");
            params.add(((Number) value).doubleValue());
        } else if (value instanceof Boolean) {
            sql.append("x = ?::jsonb");
            params.add(value.toString());
        } else {
            throw new IllegalStateException("unexpected filter value type " + value.getClass().getName());
        }
    }

    /** Appends {@code (column -> ?::text -> ?::text ...)} ({@link SqlDialect#jsonExtract}) and binds the segments. */
    private void value(String path, StringBuilder sql, List<Object> params) {
        SqlFragment value = SqlDialect.POSTGRES.jsonExtract(column(), path);
        sql.append(value.sql());
        params.addAll(value.params());
    }

    /**
     * @param path a validated metadata path such as {@code a.b}
     * @param leaf JSON text of the innermost value
     * @return {@code {"a":{"b":leaf}}}
     */
    static String nest(String path, String leaf) {
        String[] segments = segments(path);
        StringBuilder b = new StringBuilder();
        for (String s : segments) {
            b.append("{\"").append(s).append("\":");
        }
        b.append(leaf);
        for (int i = 0; i < segments.length; i++) {
            b.append('}');
        }
        return b.toString();
    }

    private static String[] segments(String path) {
        String[] segments = FilterValues.segments(path);
        for (String segment : segments) {
            // The Filter records validate segments ([A-Za-z0-9_-]); re-check: a quote would break the JSON.
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c == '"' || c == '\\' || c < 0x20) {
                    throw new InvalidInputException("filter.path", "illegal character in segment '" + segment + "'");
                }
            }
        }
        return segments;
    }
}
