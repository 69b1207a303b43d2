package dev.agentdb.orm.query;

import dev.agentdb.filter.Filter;
import dev.agentdb.orm.mapping.EntityMapping;
import dev.agentdb.InvalidInputException;

/**
 * Checks a caller's {@link Filter} against an entity and rewrites its paths from Java property names
 * to stored keys ({@code @Column(name)}); values are left as the caller wrote them (JSON scalars).
 */
final class FilterPaths implements Filter.Visitor<Filter> {
    private final EntityMapping<?> mapping;

    private FilterPaths(EntityMapping<?> mapping) {
        this.mapping = mapping;
    }

    static Filter resolve(Filter filter, EntityMapping<?> mapping) {
        if (filter == null) {
            throw new InvalidInputException("where", "the filter must not be null");
        }
        return filter.accept(new FilterPaths(mapping));
    }

    private String stored(String path) {
        return mapping.filterPath(path);
    }

    @Override
    public Filter comparison(Filter.Comparison c) {
        return new Filter.Comparison(stored(c.path()), c.op(), c.value());
    }

    @Override
    public Filter in(Filter.In in) {
        return new Filter.In(stored(in.path()), in.values());
    }

    @Override
    public Filter nin(Filter.Nin nin) {
        return new Filter.Nin(stored(nin.path()), nin.values());
    }

    @Override
    public Filter exists(Filter.Exists exists) {
        return new Filter.Exists(stored(exists.path()), exists.exists());
    }

    @Override
    public Filter and(Filter.And and) {
        return Filter.and(and.filters().stream().map(f -> f.accept(this)).toArray(Filter[]::new));
    }

    @Override
    public Filter or(Filter.Or or) {
        return Filter.or(or.filters().stream().map(f -> f.accept(this)).toArray(Filter[]::new));
    }

    @Override
    public Filter not(Filter.Not not) {
        return Filter.not(not.filter().accept(this));
    }
}
