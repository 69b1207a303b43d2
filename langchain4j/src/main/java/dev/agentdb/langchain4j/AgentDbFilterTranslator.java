package dev.agentdb.langchain4j;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.filter.Filter;
import dev.langchain4j.store.embedding.filter.comparison.ContainsString;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThan;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotIn;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.langchain4j.store.embedding.filter.logical.Not;
import dev.langchain4j.store.embedding.filter.logical.Or;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Translates a LangChain4j metadata {@link dev.langchain4j.store.embedding.filter.Filter} into an
 * AgentDB {@link Filter} tree, node by node (no query text is built: each backend binds the values).
 *
 * <p>The semantics agree with LangChain4j's in-memory store for the metadata LangChain4j writes:
 * <ul>
 *   <li>{@code isNotEqualTo}, {@code isNotIn} and {@code not(...)} match a record that lacks the key
 *       (AgentDB's {@code ne}, {@code nin} and {@code not} do); the other comparisons never do.</li>
 *   <li>Numbers compare numerically whatever their Java type. A {@code Float} is taken at its decimal
 *       value ({@code 1.23f} as {@code 1.23}, not {@code 1.2300000190734863}), the value
 *       {@link AgentDbEmbeddingStore} stores for it, so a float filter matches the float it was
 *       stored from.</li>
 *   <li>A {@code UUID} compares as its string form, which is how it is stored.</li>
 * </ul>
 *
 * <p>A key is one AgentDB metadata path segment ({@link Limits#PATH_SEGMENT}); AgentDB reads a dot as
 * nesting, so a key such as {@code a.b} would silently address another field and is refused instead.
 */
public final class AgentDbFilterTranslator {

    private AgentDbFilterTranslator() {
    }

    /**
     * Translates a LangChain4j filter.
     *
     * @param filter the filter: {@code IsEqualTo}, {@code IsNotEqualTo}, {@code IsGreaterThan},
     *               {@code IsGreaterThanOrEqualTo}, {@code IsLessThan}, {@code IsLessThanOrEqualTo},
     *               {@code IsIn}, {@code IsNotIn}, {@code And}, {@code Or}, {@code Not}; or null
     * @return the AgentDB filter, or null when {@code filter} is null (no filtering)
     * @throws UnsupportedOperationException for {@code ContainsString} (AgentDB filters have no
     *         substring operator) and for filter classes other than those above
     * @throws InvalidInputException naming {@code filter} for a key that is not one path segment
     *         ({@link Limits#PATH_SEGMENT}) or a value that is not a String, UUID, Number or Boolean;
     *         from AgentDB's {@link Filter} factories, naming the limit, for a filter beyond
     *         {@link Limits#MAX_IN_VALUES} values per list, {@link Limits#MAX_FILTER_DEPTH} levels or
     *         {@link Limits#MAX_FILTER_CLAUSES} clauses, or a NaN or infinite number
     */
    public static Filter translate(dev.langchain4j.store.embedding.filter.Filter filter) {
        if (filter == null) {
            return null;
        }
        if (filter instanceof IsEqualTo f) {
            return Filter.eq(key(f.key()), value(f.key(), f.comparisonValue()));
        }
        if (filter instanceof IsNotEqualTo f) {
            return Filter.ne(key(f.key()), value(f.key(), f.comparisonValue()));
        }
        if (filter instanceof IsGreaterThan f) {
            return Filter.gt(key(f.key()), value(f.key(), f.comparisonValue()));
        }
        if (filter instanceof IsGreaterThanOrEqualTo f) {
            return Filter.gte(key(f.key()), value(f.key(), f.comparisonValue()));
        }
        if (filter instanceof IsLessThan f) {
            return Filter.lt(key(f.key()), value(f.key(), f.comparisonValue()));
        }
        if (filter instanceof IsLessThanOrEqualTo f) {
            return Filter.lte(key(f.key()), value(f.key(), f.comparisonValue()));
        }
        if (filter instanceof IsIn f) {
            return Filter.in(key(f.key()), values(f.key(), f.comparisonValues()));
        }
        if (filter instanceof IsNotIn f) {
            return Filter.nin(key(f.key()), values(f.key(), f.comparisonValues()));
        }
        if (filter instanceof And f) {
            return Filter.and(translate(f.left()), translate(f.right()));
        }
        if (filter instanceof Or f) {
            return Filter.or(translate(f.left()), translate(f.right()));
        }
        if (filter instanceof Not f) {
            return Filter.not(translate(f.expression()));
        }
        if (filter instanceof ContainsString) {
            throw new UnsupportedOperationException("AgentDB filters have no substring operator: " + filter
                    + " (supported: equality, order, in, not in, and, or, not)");
        }
        throw new UnsupportedOperationException("unsupported LangChain4j filter " + filter.getClass().getName());
    }

    private static String key(String key) {
        if (key == null || !Limits.PATH_SEGMENT.matcher(key).matches()) {
            throw new InvalidInputException("filter", "metadata key '" + key + "' must match "
                    + Limits.PATH_SEGMENT.pattern() + " (one AgentDB path segment: letters, digits, '_' or '-', 1 to 64)");
        }
        return key;
    }

    private static List<Object> values(String key, Collection<?> values) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(value(key, v));
        }
        return out;
    }

    /** The AgentDB value of a LangChain4j comparison value: the same conversion as stored metadata. */
    private static Object value(String key, Object value) {
        Object converted = MetadataMapping.toAgentDb(value);
        if (converted instanceof String || converted instanceof Number || converted instanceof Boolean) {
            return converted;
        }
        throw new InvalidInputException("filter", "value of metadata key '" + key + "' has type "
                + (value == null ? "null" : value.getClass().getName()) + "; expected String, UUID, Integer, Long, Float or Double");
    }
}
