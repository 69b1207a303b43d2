package dev.agentdb.mysql;

import dev.agentdb.filter.Filter;
import dev.agentdb.filter.FilterValues;
import dev.agentdb.sql.SqlDialect;
import dev.agentdb.sql.SqlFilterTranslator;
import dev.agentdb.sql.SqlFragment;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates a portable {@link Filter} into a MySQL/MariaDB boolean expression over a metadata
 * column holding JSON text, with every path and value bound as a parameter (nothing the user wrote
 * is spliced into the SQL text). The same SQL runs on MySQL 8.0.17+ and MariaDB 10.6+: it uses only
 * {@code JSON_EXTRACT}, {@code JSON_TYPE}, {@code JSON_UNQUOTE} and {@code JSON_TABLE}, which both
 * families have, and no {@code JSON} column type (MariaDB's JSON functions return text, MySQL's a
 * JSON value; {@code JSON_UNQUOTE} and {@code CAST} make them agree).
 *
 * <p>The expression matches exactly the rows for which {@link Filter#test} is true (for documents
 * the server's JSON functions can read; MariaDB's stop at 32 levels, see {@code MysqlAdapter}):
 * <ul>
 *   <li>A path {@code a.b} is {@code JSON_EXTRACT(m, ?)} with the bound path {@code $."a"."b"}:
 *       quoted members only descend into objects, like {@link FilterValues#resolve}.</li>
 *   <li>A comparison switches on {@code JSON_TYPE} of that value: an {@code ARRAY} is searched
 *       element by element with {@code EXISTS (SELECT 1 FROM JSON_TABLE(v, '$[*]' COLUMNS (i FOR
 *       ORDINALITY)) ...)} (MongoDB's "any element matches"; nested arrays and objects among the
 *       elements never match); a scalar is tested directly; an object, JSON null or a missing path
 *       never matches.</li>
 *   <li>Tests are typed by {@code JSON_TYPE}: strings only with {@code STRING}, compared as the
 *       bytes of their UTF-8 ({@code CAST(... AS BINARY)}: code point order, no padding, no
 *       collation); numbers only with {@code INTEGER}/{@code UNSIGNED INTEGER}/{@code DOUBLE}/
 *       {@code DECIMAL}, exactly ({@code DECIMAL(65,0)}) when both are integers within {@code long},
 *       otherwise as doubles, as {@link FilterValues#compareNumbers} does; booleans only with
 *       {@code BOOLEAN} (JSON {@code true}/{@code false}, never 1/0).</li>
 *   <li>{@code eq(path, null)} is {@code COALESCE(JSON_TYPE(v), 'NULL') = 'NULL'} (missing or JSON
 *       null); {@code exists} is {@code JSON_TYPE(v) IS [NOT] NULL}.</li>
 *   <li>{@code ne}, {@code nin} and {@code not} are {@code NOT (...)} of the positive form. Every
 *       fragment is true or false, never SQL NULL, so negation is exact.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class MysqlFilterTranslator extends SqlFilterTranslator {
    private static final String INTEGER_TYPES = "('INTEGER', 'UNSIGNED INTEGER')";
    private static final String NUMBER_TYPES = "('INTEGER', 'UNSIGNED INTEGER', 'DOUBLE', 'DECIMAL')";
    /** Placeholder of the element expression inside a test, replaced when the test is placed. */
    private static final String E = "\u0000E\u0000";

    /**
     * @param column the SQL expression of the metadata column (JSON text), e.g. {@code t.metadata};
     *               a trusted identifier (it is spliced), never user input
     * @throws IllegalArgumentException when it is not a plain, optionally qualified identifier
     */
    public MysqlFilterTranslator(String column) {
        super(column, SqlDialect.MYSQL);
    }

    /** Appends {@code (COALESCE(JSON_TYPE(v), 'NULL') = 'NULL')}. */
    @Override
    protected void appendNullOrMissing(String path, StringBuilder sql, List<Object> params) {
        sql.append("(COALESCE(JSON_TYPE(").append(value(path, params)).append("), 'NULL') = 'NULL')");
    }

    /** Appends the "any element" test of equality, typed. */
    @Override
    protected void appendEquals(String path, Object value, StringBuilder sql, List<Object> params) {
        appendIn(path, List.of(value), sql, params);
    }

    /** Appends the "any element" test of {@code element operator value}, typed. */
    @Override
    protected void appendOrdered(String path, String operator, Object value, StringBuilder sql, List<Object> params) {
        List<Object> testParams = new ArrayList<>();
        String test = typedTest(value, operator, testParams);
        anyElement(path, test, testParams, sql, params);
    }

    /** Appends the "any element" test of equality with any of the values, one typed test per value. */
    @Override
    protected void appendIn(String path, List<Object> values, StringBuilder sql, List<Object> params) {
        List<Object> testParams = new ArrayList<>();
        StringBuilder test = new StringBuilder("(");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                test.append(" OR ");
            }
            test.append(typedTest(values.get(i), "=", testParams));
        }
        anyElement(path, test.append(')').toString(), testParams, sql, params);
    }

    /** Appends {@code (JSON_TYPE(v) IS [NOT] NULL)}: a JSON null has the type {@code NULL}, a missing path none. */
    @Override
    protected void appendExists(String path, boolean exists, StringBuilder sql, List<Object> params) {
        sql.append("(JSON_TYPE(").append(value(path, params)).append(") IS ").append(exists ? "NOT NULL" : "NULL").append(')');
    }

    /**
     * One typed test of the element {@link #E} against a scalar; its parameters are added in the
     * order of their placeholders within the test (the test mentions the element several times,
     * each mention adds the element's own parameters when placed).
     */
    private static String typedTest(Object value, String op, List<Object> testParams) {
        String type = "JSON_TYPE(" + E + ")";
        String text = "JSON_UNQUOTE(" + E + ")";
        if (value instanceof String) {
            testParams.add(value);
            return "(" + type + " = 'STRING' AND CAST(" + text + " AS BINARY) " + op + " CAST(? AS BINARY))";
        }
        if (value instanceof Long) {
            String exact = "CAST(" + text + " AS DECIMAL(65,0))";
            testParams.add(value);
            testParams.add(((Long) value).doubleValue());
            return "(CASE WHEN " + type + " IN " + INTEGER_TYPES + " AND " + exact
                    + " BETWEEN -9223372036854775808 AND 9223372036854775807 THEN " + exact + " " + op + " ?"
                    + " WHEN " + type + " IN " + NUMBER_TYPES + " THEN CAST(" + text + " AS DOUBLE) " + op + " CAST(? AS DOUBLE)"
                    + " ELSE FALSE END)";
        }
        if (value instanceof Number) {
            testParams.add(((Number) value).doubleValue());
            return "(" + type + " IN " + NUMBER_TYPES + " AND CAST(" + text + " AS DOUBLE) " + op + " CAST(? AS DOUBLE))";
        }
        if (value instanceof Boolean) {
            return "(" + type + " = 'BOOLEAN' AND " + text + " = '" + value + "')";
        }
        throw new IllegalStateException("unexpected filter value type " + value.getClass().getName());
    }

    /**
     * Appends "some element at path passes test": {@code CASE JSON_TYPE(v) WHEN 'ARRAY' THEN EXISTS
     * (... JSON_TABLE ...) WHEN 'OBJECT' THEN FALSE WHEN 'NULL' THEN FALSE ELSE COALESCE(test(v),
     * FALSE) END}, the test placed once for the elements and once for a scalar.
     */
    private void anyElement(String path, String test, List<Object> testParams, StringBuilder sql, List<Object> params) {
        sql.append("(CASE JSON_TYPE(").append(value(path, params)).append(") WHEN 'ARRAY' THEN EXISTS (SELECT 1 FROM JSON_TABLE(")
                .append(value(path, params)).append(", '$[*]' COLUMNS (agentdb_i FOR ORDINALITY)) AS agentdb_e WHERE ");
        List<Object> elementParams = new ArrayList<>();
        String element = "JSON_EXTRACT(" + value(path, elementParams) + ", CONCAT('$[', agentdb_e.agentdb_i - 1, ']'))";
        place(test, testParams, element, elementParams, sql, params);
        sql.append(") WHEN 'OBJECT' THEN FALSE WHEN 'NULL' THEN FALSE ELSE COALESCE(");
        List<Object> scalarParams = new ArrayList<>();
        String scalar = value(path, scalarParams);
        place(test, testParams, scalar, scalarParams, sql, params);
        sql.append(", FALSE) END)");
    }

    /** Writes the test with each {@link #E} replaced by the element expression, parameters in placeholder order. */
    private static void place(String test, List<Object> testParams, String element, List<Object> elementParams,
                              StringBuilder sql, List<Object> params) {
        int values = 0;
        for (int i = 0; i < test.length(); i++) {
            if (test.startsWith(E, i)) {
                sql.append(element);
                params.addAll(elementParams);
                i += E.length() - 1;
            } else {
                char ch = test.charAt(i);
                sql.append(ch);
                if (ch == '?') {
                    params.add(testParams.get(values++));
                }
            }
        }
    }

    /** @return {@code JSON_EXTRACT(column, ?)} ({@link SqlDialect#jsonExtract}), its bound path added to params */
    private String value(String path, List<Object> params) {
        SqlFragment v = SqlDialect.MYSQL.jsonExtract(column(), path);
        params.addAll(v.params());
        return v.sql();
    }
}
