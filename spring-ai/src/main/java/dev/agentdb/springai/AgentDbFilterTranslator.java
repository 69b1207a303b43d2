package dev.agentdb.springai;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.filter.Filter;
import org.springframework.ai.vectorstore.filter.Filter.Expression;
import org.springframework.ai.vectorstore.filter.Filter.Group;
import org.springframework.ai.vectorstore.filter.Filter.Key;
import org.springframework.ai.vectorstore.filter.Filter.Operand;
import org.springframework.ai.vectorstore.filter.Filter.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates a Spring AI {@link Expression} (built with {@code FilterExpressionBuilder}, or parsed from
 * the text syntax by {@code FilterExpressionTextParser}, as {@code SearchRequest.Builder.filterExpression(String)}
 * does) into an AgentDB {@link Filter} tree, node by node: no query text is built, each backend binds
 * the values.
 *
 * <p>Operators: {@code EQ NE GT GTE LT LTE} become the comparisons of the same name, {@code IN}/{@code NIN}
 * {@code in}/{@code nin}, {@code AND OR NOT} the logical nodes, {@code ISNULL} {@code eq(key, null)} and
 * {@code ISNOTNULL} {@code ne(key, null)}; a {@link Group} (parentheses) is its content. The semantics are
 * AgentDB's (MongoDB's), the same on every backend:
 * <ul>
 *   <li>Numbers compare numerically whatever their Java type: {@code year == 2020.0} matches a stored
 *       {@code 2020} and {@code price > 2} a stored {@code 2.5}.</li>
 *   <li>{@code NE}, {@code NIN} and {@code NOT} match a document without the key (as Spring AI's
 *       {@code SimpleVectorStore} does); the other comparisons never do.</li>
 *   <li>{@code ISNULL} matches a document without the key or with a null value; {@code ISNOTNULL} one
 *       with a present, non-null value.</li>
 *   <li>A key is an AgentDB metadata path: a dot means nesting ({@code author.name}), as in the
 *       PgVector store's JSON paths. A quoted key ({@code "year"} or {@code 'year'} in the text syntax)
 *       loses its quotes.</li>
 * </ul>
 */
public final class AgentDbFilterTranslator {

    private AgentDbFilterTranslator() {
    }

    /**
     * Translates a Spring AI filter expression.
     *
     * @param expression the expression, or null
     * @return the AgentDB filter, or null when {@code expression} is null (no filtering)
     * @throws InvalidInputException naming {@code filterExpression} for a malformed tree (an operand of
     *         the wrong kind, an {@code IN} without a list) or a value that is not a String, Number or
     *         Boolean; from AgentDB's {@link Filter} factories, naming the limit, for a key that is not a
     *         metadata path ({@link Limits#MAX_PATH_DEPTH} segments of {@link Limits#PATH_SEGMENT}), a
     *         NaN or infinite number, or a filter beyond {@link Limits#MAX_IN_VALUES} values per list,
     *         {@link Limits#MAX_FILTER_DEPTH} levels or {@link Limits#MAX_FILTER_CLAUSES} clauses
     */
    public static Filter translate(Expression expression) {
        if (expression == null) {
            return null;
        }
        switch (expression.type()) {
            case AND:
                return Filter.and(operand(expression.left()), operand(expression.right()));
            case OR:
                return Filter.or(operand(expression.left()), operand(expression.right()));
            case NOT:
                return Filter.not(operand(expression.left()));
            case EQ:
                return Filter.eq(key(expression), scalar(expression));
            case NE:
                return Filter.ne(key(expression), scalar(expression));
            case GT:
                return Filter.gt(key(expression), scalar(expression));
            case GTE:
                return Filter.gte(key(expression), scalar(expression));
            case LT:
                return Filter.lt(key(expression), scalar(expression));
            case LTE:
                return Filter.lte(key(expression), scalar(expression));
            case IN:
                return Filter.in(key(expression), list(expression));
            case NIN:
                return Filter.nin(key(expression), list(expression));
            case ISNULL:
                return Filter.eq(key(expression), null);
            case ISNOTNULL:
                return Filter.ne(key(expression), null);
            default:
                throw invalid("unsupported operator " + expression.type() + " in " + expression);
        }
    }

    /** An operand of AND, OR or NOT: an expression, possibly in parentheses. */
    private static Filter operand(Operand operand) {
        if (operand instanceof Expression e) {
            return translate(e);
        }
        if (operand instanceof Group g && g.content() != null) {
            return translate(g.content());
        }
        throw invalid("expected an expression as operand of a logical operator, got " + operand);
    }

    private static String key(Expression expression) {
        if (!(expression.left() instanceof Key k) || k.key() == null) {
            throw invalid("expected a key on the left of " + expression.type() + ", got " + expression.left());
        }
        String key = k.key().strip();
        boolean quoted = key.length() >= 2 && (key.charAt(0) == '"' || key.charAt(0) == '\'')
                && key.charAt(key.length() - 1) == key.charAt(0);
        return quoted ? key.substring(1, key.length() - 1) : key;
    }

    private static Object scalar(Expression expression) {
        if (!(expression.right() instanceof Value v)) {
            throw invalid("expected a value on the right of " + expression.type() + ", got " + expression.right());
        }
        return checked(expression, v.value());
    }

    private static List<Object> list(Expression expression) {
        if (!(expression.right() instanceof Value v) || !(v.value() instanceof List<?> values)) {
            throw invalid("expected a list of values on the right of " + expression.type() + ", got " + expression.right());
        }
        List<Object> out = new ArrayList<>(values.size());
        for (Object value : values) {
            out.add(checked(expression, value));
        }
        return out;
    }

    /** Only the JSON scalars AgentDB compares; anything else (a Date, a nested list) is refused, not converted. */
    private static Object checked(Expression expression, Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        throw invalid("value of " + expression.type() + " on " + expression.left() + " has type "
                + (value == null ? "null" : value.getClass().getName()) + "; expected String, Number or Boolean");
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException("filterExpression", message);
    }
}
