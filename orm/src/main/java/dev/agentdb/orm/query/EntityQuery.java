package dev.agentdb.orm.query;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.Metric;
import dev.agentdb.Sort;
import dev.agentdb.VectorCollection;
import dev.agentdb.filter.Filter;
import dev.agentdb.orm.mapping.EntityMapping;
import jakarta.data.Direction;
import jakarta.data.Order;
import jakarta.data.page.Page;
import jakarta.data.page.PageRequest;
import jakarta.data.page.impl.PageRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A query for entities by their properties: {@code where} conditions, {@code orderBy} keys, a page
 * ({@code offset}, {@code limit}), then {@link #find()}, {@link #stream()}, {@link #first()},
 * {@link #count()} or {@link #delete()}; or {@link #similarTo(float[], int)} for a similarity query
 * with the same conditions. Runs on the API's {@code find}, so the filter semantics are
 * {@link Filter}'s and the order {@link Sort}'s (one order of mixed JSON types, then by id), identical
 * on every backend.
 *
 * <pre>{@code
 * List<User> admins = users.query().where("role", Op.EQ, "admin").orderBy("timestamp", Direction.DESC).limit(10).find();
 * }</pre>
 *
 * <p>Not thread-safe: build, run, discard.
 *
 * @param <T> the entity type
 */
public final class EntityQuery<T> extends FilteredQuery<T, EntityQuery<T>> {
    /** Records read per page by {@link #stream()} and {@link #find()} unless {@link #pageSize(int)} says otherwise. */
    public static final int DEFAULT_PAGE_SIZE = 1_000;

    private final List<Sort> sorts = new ArrayList<>();
    private long limit = Long.MAX_VALUE;
    private boolean limited;
    private long offset;
    private int pageSize = DEFAULT_PAGE_SIZE;

    /**
     * @param collection the entity's collection
     * @param mapping the entity's mapping
     */
    public EntityQuery(VectorCollection collection, EntityMapping<T> mapping) {
        super(collection, mapping, List.of());
    }

    @Override
    EntityQuery<T> self() {
        return this;
    }

    /**
     * Orders ascending by a path: the id property (or {@code id}), the {@code @Timestamp} property
     * (or {@code timestamp}), or a metadata property path. Keys apply in the order given, then by id.
     *
     * @param path a property path in Java names
     * @return this query
     * @throws InvalidInputException naming {@code orderBy} and the known properties for an unknown path,
     *         or for the text or embedding, or past {@link Limits#MAX_SORT_KEYS} keys
     */
    public EntityQuery<T> orderBy(String path) {
        return orderBy(path, Direction.ASC);
    }

    /**
     * Orders by a path in a direction (see {@link #orderBy(String)}).
     *
     * @param path a property path in Java names
     * @param direction {@code ASC} or {@code DESC}; not null
     * @return this query
     * @throws InvalidInputException as for {@link #orderBy(String)}, or when the direction is null
     */
    public EntityQuery<T> orderBy(String path, Direction direction) {
        if (direction == null) {
            throw new InvalidInputException("orderBy.direction", "must not be null; ASC or DESC");
        }
        return addSort(mapping.sort("orderBy", path, direction == Direction.ASC));
    }

    /**
     * Appends the keys of a Jakarta Data order ({@code Order.by(Sort.desc("age"), Sort.asc("name"))}).
     *
     * @param order the order; not null
     * @return this query
     * @throws InvalidInputException as for {@link #orderBy(String)}, or naming {@code sort.ignoreCase}
     *         for a case-insensitive key (strings order by code point on every backend)
     */
    public EntityQuery<T> orderBy(Order<?> order) {
        if (order == null) {
            throw new InvalidInputException("orderBy", "the order must not be null");
        }
        for (jakarta.data.Sort<?> s : order) {
            orderBy(s);
        }
        return this;
    }

    /**
     * Appends one Jakarta Data sort key ({@code Sort.desc("age")}).
     *
     * @param sort the key; not null
     * @return this query
     * @throws InvalidInputException as for {@link #orderBy(Order)}
     */
    public EntityQuery<T> orderBy(jakarta.data.Sort<?> sort) {
        if (sort == null) {
            throw new InvalidInputException("orderBy", "the sort must not be null");
        }
        if (sort.ignoreCase()) {
            throw new InvalidInputException("sort.ignoreCase", "is not supported (" + sort.property()
                    + "): strings order by Unicode code point on every backend");
        }
        return addSort(mapping.sort("orderBy", sort.property(), sort.isAscending()));
    }

    private EntityQuery<T> addSort(Sort sort) {
        if (sorts.size() == Limits.MAX_SORT_KEYS) {
            throw new InvalidInputException("orderBy", "at most " + Limits.MAX_SORT_KEYS + " keys are allowed");
        }
        sorts.add(sort);
        return this;
    }

    /**
     * @param value the most entities to return, 1 or more
     * @return this query
     * @throws InvalidInputException naming {@code limit} when below 1
     */
    public EntityQuery<T> limit(long value) {
        if (value < 1) {
            throw new InvalidInputException("limit", "must be 1 or more, was " + value);
        }
        this.limit = value;
        this.limited = true;
        return this;
    }

    /**
     * @param value entities of the order to skip, 0 to {@link Limits#MAX_FIND_OFFSET}
     * @return this query
     * @throws InvalidInputException naming {@code offset} when out of range
     */
    public EntityQuery<T> offset(long value) {
        if (value < 0 || value > Limits.MAX_FIND_OFFSET) {
            throw new InvalidInputException("offset", "must be between 0 and " + Limits.MAX_FIND_OFFSET + ", was " + value);
        }
        this.offset = value;
        return this;
    }

    /**
     * @param value records read per backend call by {@link #stream()} and {@link #find()}, 1 to
     *              {@link Limits#MAX_FIND_LIMIT}; default {@value #DEFAULT_PAGE_SIZE}
     * @return this query
     * @throws InvalidInputException naming {@code pageSize} when out of range
     */
    public EntityQuery<T> pageSize(int value) {
        if (value < 1 || value > Limits.MAX_FIND_LIMIT) {
            throw new InvalidInputException("pageSize", "must be between 1 and " + Limits.MAX_FIND_LIMIT + ", was " + value);
        }
        this.pageSize = value;
        return this;
    }

    /**
     * Every matching entity of the page, in order. Without a {@link #limit(long)} that is every match:
     * use {@link #stream()} for results that should not all be in memory at once.
     *
     * @return the entities, in order; empty when none match
     * @throws dev.agentdb.NotFoundException when the collection was dropped
     */
    public List<T> find() {
        try (Stream<T> s = stream()) {
            return s.toList();
        }
    }

    /**
     * @return the first entity of the order, or empty
     * @throws dev.agentdb.NotFoundException when the collection was dropped
     */
    public Optional<T> first() {
        long saved = limit;
        boolean savedLimited = limited;
        limit(1);
        try {
            return find().stream().findFirst();
        } finally {
            limit = saved;
            limited = savedLimited;
        }
    }

    /**
     * The matching entities, read lazily one page ({@link #pageSize(int)}) at a time: memory stays
     * constant whatever the length. Sorted queries page by offset and stop with an
     * {@link InvalidInputException} naming {@code offset} beyond {@link Limits#MAX_FIND_OFFSET} rows;
     * unsorted ones (id order) have no bound. Each page is a separate read (no snapshot).
     *
     * @return a sequential, ordered stream
     */
    public Stream<T> stream() {
        RecordPages pages = new RecordPages(collection, filter(), List.copyOf(sorts), offset, limit, pageSize);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .map(mapping::toEntity);
    }

    /**
     * One page of this query's order, Jakarta Data's offset pagination (the query's own offset and
     * limit are replaced by the page's).
     *
     * @param pageRequest page number (from 1) and size (1 to {@link Limits#MAX_FIND_LIMIT}); offset mode only
     * @return the page; {@code totalElements} (the matches) when {@code pageRequest.requestTotal()}
     * @throws InvalidInputException naming {@code pageRequest} when null, in cursor mode, larger than
     *         {@link Limits#MAX_FIND_LIMIT} or starting beyond {@link Limits#MAX_FIND_OFFSET}
     */
    public Page<T> page(PageRequest pageRequest) {
        if (pageRequest == null) {
            throw new InvalidInputException("pageRequest", "must not be null");
        }
        if (pageRequest.mode() != PageRequest.Mode.OFFSET) {
            throw new InvalidInputException("pageRequest.mode", "only OFFSET pagination is supported, was " + pageRequest.mode()
                    + "; stream() reads everything");
        }
        if (pageRequest.size() > Limits.MAX_FIND_LIMIT) {
            throw new InvalidInputException("pageRequest.size", "must be at most " + Limits.MAX_FIND_LIMIT + ", was " + pageRequest.size());
        }
        long start = (pageRequest.page() - 1) * pageRequest.size();
        if (start > Limits.MAX_FIND_OFFSET) {
            throw new InvalidInputException("pageRequest.page", "page " + pageRequest.page() + " of size " + pageRequest.size()
                    + " starts at offset " + start + ", beyond " + Limits.MAX_FIND_OFFSET);
        }
        long savedLimit = limit;
        long savedOffset = offset;
        boolean savedLimited = limited;
        try {
            // one row more than the page tells whether another page follows
            offset(start).limit(pageRequest.size() + 1L);
            List<T> rows = new ArrayList<>(find());
            boolean more = rows.size() > pageRequest.size();
            if (more) {
                rows.remove(rows.size() - 1);
            }
            long total = pageRequest.requestTotal() ? collection.count(filter()) : -1;
            return new PageRecord<>(pageRequest, rows, total, more);
        } finally {
            limit = savedLimit;
            offset = savedOffset;
            limited = savedLimited;
        }
    }

    /**
     * @return the number of entities {@link #find()} would return (matches, less the offset, at most the limit)
     * @throws dev.agentdb.NotFoundException when the collection was dropped
     */
    public long count() {
        long matching = collection.count(filter());
        return Math.max(0, Math.min(matching - offset, limit));
    }

    /**
     * Deletes every matching entity.
     *
     * @return how many were deleted
     * @throws InvalidInputException naming {@code delete} when an order, offset or limit was given
     *         (they do not apply: every match is deleted)
     * @throws dev.agentdb.ReadOnlyException on a read-only database
     */
    public long delete() {
        if (limited || offset > 0 || !sorts.isEmpty()) {
            throw new InvalidInputException("delete", "deletes every match; orderBy, offset and limit do not apply to it");
        }
        Filter f = filter();
        return collection.deleteWhere(f == null ? Filter.and() : f);
    }

    /**
     * A similarity query with this query's conditions, ranked by the collection's metric.
     *
     * @param vector the query embedding, {@code float[dimension]}
     * @param k neighbours wanted, 1 to {@link Limits#MAX_K}
     * @return the similarity query
     * @throws InvalidInputException naming {@code similarTo} when an order or offset was given
     */
    public SimilarityQuery<T> similarTo(float[] vector, int k) {
        return similarTo(vector, k, null);
    }

    /**
     * A similarity query with this query's conditions, ranked by a metric (another than the
     * collection's is answered by an exact scan).
     *
     * @param vector the query embedding, {@code float[dimension]}
     * @param k neighbours wanted, 1 to {@link Limits#MAX_K}
     * @param metric the metric, or null for the collection's
     * @return the similarity query
     * @throws InvalidInputException naming {@code similarTo} when an order or offset was given (hits
     *         come closest first)
     */
    public SimilarityQuery<T> similarTo(float[] vector, int k, Metric metric) {
        if (!sorts.isEmpty() || offset > 0) {
            throw new InvalidInputException("similarTo", "hits come closest first; orderBy and offset do not apply");
        }
        return new SimilarityQuery<>(collection, mapping, filters(), vector, k, metric);
    }
}
