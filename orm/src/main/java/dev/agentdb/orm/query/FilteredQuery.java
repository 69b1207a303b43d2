package dev.agentdb.orm.query;

import dev.agentdb.InvalidInputException;
import dev.agentdb.VectorCollection;
import dev.agentdb.filter.Filter;
import dev.agentdb.orm.mapping.EntityMapping;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code where} part shared by {@link EntityQuery} and {@link SimilarityQuery}: conditions are
 * checked against the entity when added (a typo fails at once, naming the entity and its known
 * properties) and ANDed together. Not thread-safe; build, run, discard.
 *
 * @param <T> the entity type
 * @param <Q> the concrete query type, returned by each method for chaining
 */
public abstract class FilteredQuery<T, Q extends FilteredQuery<T, Q>> {
    /** The entity's collection. */
    protected final VectorCollection collection;
    /** The entity's mapping. */
    protected final EntityMapping<T> mapping;
    private final List<Filter> filters;

    FilteredQuery(VectorCollection collection, EntityMapping<T> mapping, List<Filter> filters) {
        this.collection = collection;
        this.mapping = mapping;
        this.filters = new ArrayList<>(filters);
    }

    /**
     * Adds {@code path op value}, ANDed with the conditions already given.
     *
     * @param path a property path in Java names ({@code role}, {@code address.city}); a metadata property
     * @param op the operator
     * @param value see {@link Condition#of(String, Op, Object)}
     * @return this query
     * @throws InvalidInputException naming the entity and its known properties for an unknown path, the
     *         path for the id, embedding, text or timestamp (not filterable), or the value when it does
     *         not fit the operator or {@link dev.agentdb.Limits}
     */
    public Q where(String path, Op op, Object value) {
        return where(Condition.of(path, op, value));
    }

    /**
     * Adds a condition or group ({@link Condition#or}, {@link Condition#not}, ...), ANDed.
     *
     * @param condition the condition; not null
     * @return this query
     * @throws InvalidInputException as for {@link #where(String, Op, Object)}, or naming {@code where} when null
     */
    public Q where(Condition condition) {
        if (condition == null) {
            throw new InvalidInputException("where", "the condition must not be null");
        }
        filters.add(condition.toFilter(mapping));
        return self();
    }

    /**
     * Adds a portable filter written with Java property names (values as stored: JSON scalars), ANDed.
     *
     * @param filter the filter; not null
     * @return this query
     * @throws InvalidInputException naming the entity and its known properties for an unknown path
     */
    public Q where(Filter filter) {
        filters.add(FilterPaths.resolve(filter, mapping));
        return self();
    }

    /** @return the conditions so far as one filter over stored paths, or null when there are none */
    public Filter filter() {
        return filters.isEmpty() ? null : filters.size() == 1 ? filters.get(0) : Filter.and(filters.toArray(Filter[]::new));
    }

    List<Filter> filters() {
        return filters;
    }

    abstract Q self();
}
