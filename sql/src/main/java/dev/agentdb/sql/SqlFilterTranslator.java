package dev.agentdb.sql;

import dev.agentdb.filter.Filter;

import java.util.ArrayList;
import java.util.List;

/**
 * The dialect-independent half of a SQL adapter's filter translator: walks a portable
 * {@link Filter} tree into a {@code WHERE} fragment, and leaves to a subclass per SQL dialect only
 * the leaf translations (the protected {@code append*} hooks: equality, ordered comparison,
 * {@code in}, {@code exists}) and the boolean literals (constructor arguments).
 *
 * <p>The walk, written once here:
 * <ul>
 *   <li>a null filter is the true literal without parameters;</li>
 *   <li>{@code and}/{@code or} join their translated operands, parenthesised, with {@code AND}/{@code OR};
 *       an empty {@code and} is the true literal, an empty {@code or} the false literal;</li>
 *   <li>{@code eq(path, null)} is {@link #appendNullOrMissing}, any other {@code eq}
 *       {@link #appendEquals}; {@code gt/gte/lt/lte} are {@link #appendOrdered} with the SQL operator;</li>
 *   <li>{@code in} is {@link #appendIn}, except that an empty list is the false literal;
 *       {@code exists} is {@link #appendExists};</li>
 *   <li>{@code ne}, {@code nin} and {@code not} are {@code NOT (...)} of the positive form.</li>
 * </ul>
 * Negation is exact only because every fragment is true or false, never SQL NULL: each hook must
 * keep that promise (typically with {@code COALESCE}/{@code IFNULL} or {@code CASE ... ELSE false}),
 * and must match exactly the rows for which {@link Filter#test} is true. A hook appends one
 * expression that may stand as an operand of {@code AND}/{@code OR} (parenthesised, or a single
 * primary such as a literal or {@code EXISTS (...)}), and binds its values by adding them to the
 * parameter list in placeholder order; nothing a user wrote goes into the SQL text.
 *
 * <p>Subclasses should be stateless, which makes them thread-safe: the walk keeps its state in
 * local variables.
 */
public abstract class SqlFilterTranslator {
    private final String column;
    private final String trueLiteral;
    private final String falseLiteral;

    /**
     * @param column the SQL expression of the metadata column, e.g. {@code metadata} or
     *               {@code t.metadata}; a trusted identifier (it is spliced), never user input
     * @param trueLiteral the dialect's always-true expression, e.g. {@code TRUE} or {@code 1}
     * @param falseLiteral the dialect's always-false expression, e.g. {@code FALSE} or {@code 0}
     * @throws IllegalArgumentException when the column is not a plain, optionally qualified
     *                                  identifier, or a literal is null or blank
     */
    protected SqlFilterTranslator(String column, String trueLiteral, String falseLiteral) {
        this.column = SqlFragment.requireColumn(column);
        this.trueLiteral = requireLiteral(trueLiteral, "trueLiteral");
        this.falseLiteral = requireLiteral(falseLiteral, "falseLiteral");
    }

    /**
     * @param column the SQL expression of the metadata column, e.g. {@code metadata} or
     *               {@code t.metadata}; a trusted identifier (it is spliced), never user input
     * @param dialect gives the boolean literals ({@link SqlDialect#booleanLiteral})
     * @throws IllegalArgumentException when the column is not a plain, optionally qualified identifier
     */
    protected SqlFilterTranslator(String column, SqlDialect dialect) {
        this(column, dialect.booleanLiteral(true), dialect.booleanLiteral(false));
    }

    /**
     * Translates a filter into a {@code WHERE} fragment.
     *
     * @param filter the filter; null means "match everything"
     * @return the fragment and its parameters (the true literal without parameters for null)
     */
    public final SqlFragment translate(Filter filter) {
        if (filter == null) {
            return new SqlFragment(trueLiteral, List.of());
        }
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        append(filter, sql, params);
        return new SqlFragment(sql.toString(), params);
    }

    /** @return the metadata column expression given to the constructor (already validated) */
    protected final String column() {
        return column;
    }

    /**
     * Appends "the value at path is missing or JSON null" ({@code eq(path, null)}).
     *
     * @param path a validated metadata path such as {@code a.b}
     * @param sql where to append the expression
     * @param params where to add the expression's parameters, in placeholder order
     */
    protected abstract void appendNullOrMissing(String path, StringBuilder sql, List<Object> params);

    /**
     * Appends "the value at path, or an element of it when it is an array, equals value".
     *
     * @param path a validated metadata path such as {@code a.b}
     * @param value a {@code String}, a {@code Long}, a {@code Double} or a {@code Boolean}; never null
     * @param sql where to append the expression
     * @param params where to add the expression's parameters, in placeholder order
     */
    protected abstract void appendEquals(String path, Object value, StringBuilder sql, List<Object> params);

    /**
     * Appends "the value at path, or an element of it when it is an array, compares to value with
     * operator": numbers only with numbers, strings only with strings in code point order.
     *
     * @param path a validated metadata path such as {@code a.b}
     * @param operator the SQL operator: {@code >}, {@code >=}, {@code <} or {@code <=}
     * @param value a {@code String}, a {@code Long} or a {@code Double}; never null
     * @param sql where to append the expression
     * @param params where to add the expression's parameters, in placeholder order
     */
    protected abstract void appendOrdered(String path, String operator, Object value, StringBuilder sql,
            List<Object> params);

    /**
     * Appends "the value at path, or an element of it when it is an array, equals one of values".
     *
     * @param path a validated metadata path such as {@code a.b}
     * @param values one or more scalars ({@code String}, {@code Long}, {@code Double}, {@code Boolean}); never empty,
     *               no nulls (the walk turns an empty list into the false literal)
     * @param sql where to append the expression
     * @param params where to add the expression's parameters, in placeholder order
     */
    protected abstract void appendIn(String path, List<Object> values, StringBuilder sql, List<Object> params);

    /**
     * Appends "the path resolves (to any value, JSON null included)", or its negation.
     *
     * @param path a validated metadata path such as {@code a.b}
     * @param exists true for "resolves", false for "is missing"
     * @param sql where to append the expression
     * @param params where to add the expression's parameters, in placeholder order
     */
    protected abstract void appendExists(String path, boolean exists, StringBuilder sql, List<Object> params);

    private static String requireLiteral(String literal, String name) {
        if (literal == null || literal.isBlank()) {
            throw new IllegalArgumentException(name + " must be a SQL boolean expression, was " + literal);
        }
        return literal;
    }

    private void append(Filter f, StringBuilder sql, List<Object> params) {
        if (f instanceof Filter.Comparison c) {
            comparison(c, sql, params);
        } else if (f instanceof Filter.In in) {
            in(in.path(), in.values(), sql, params);
        } else if (f instanceof Filter.Nin nin) {
            sql.append("NOT (");
            in(nin.path(), nin.values(), sql, params);
            sql.append(')');
        } else if (f instanceof Filter.Exists ex) {
            appendExists(ex.path(), ex.exists(), sql, params);
        } else if (f instanceof Filter.And and) {
            logical(and.filters(), " AND ", trueLiteral, sql, params);
        } else if (f instanceof Filter.Or or) {
            logical(or.filters(), " OR ", falseLiteral, sql, params);
        } else if (f instanceof Filter.Not not) {
            sql.append("NOT (");
            append(not.filter(), sql, params);
            sql.append(')');
        } else {
            throw new IllegalStateException("unknown filter node " + f.getClass().getName());
        }
    }

    private void logical(List<Filter> operands, String joiner, String empty, StringBuilder sql, List<Object> params) {
        if (operands.isEmpty()) {
            sql.append(empty);
            return;
        }
        sql.append('(');
        for (int i = 0; i < operands.size(); i++) {
            if (i > 0) {
                sql.append(joiner);
            }
            append(operands.get(i), sql, params);
        }
        sql.append(')');
    }

    private void comparison(Filter.Comparison c, StringBuilder sql, List<Object> params) {
        switch (c.op()) {
            case EQ -> eq(c.path(), c.value(), sql, params);
            case NE -> {
                sql.append("NOT (");
                eq(c.path(), c.value(), sql, params);
                sql.append(')');
            }
            default -> appendOrdered(c.path(), orderingOperator(c.op()), c.value(), sql, params);
        }
    }

    private static String orderingOperator(Filter.Op op) {
        return switch (op) {
            case GT -> ">";
            case GTE -> ">=";
            case LT -> "<";
            case LTE -> "<=";
            default -> throw new IllegalStateException("not an ordering operator: " + op);
        };
    }

    private void eq(String path, Object value, StringBuilder sql, List<Object> params) {
        if (value == null) {
            appendNullOrMissing(path, sql, params);
        } else {
            appendEquals(path, value, sql, params);
        }
    }

    private void in(String path, List<Object> values, StringBuilder sql, List<Object> params) {
        if (values.isEmpty()) {
            sql.append(falseLiteral); // $in [] matches nothing
        } else {
            appendIn(path, values, sql, params);
        }
    }
}
