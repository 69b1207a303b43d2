package dev.agentdb;

import dev.agentdb.filter.Filter;

import java.util.ArrayList;
import java.util.List;

/**
 * A query for records by their metadata rather than by similarity: which records
 * ({@link #filter()}), in what order ({@link #sort()}, see {@link Sort} for the one order of mixed
 * JSON values every backend follows), and which page ({@link #offset()}, {@link #limit()}).
 * Results are whole records (embedding included). Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * List<VectorRecord> admins = docs.find(FindRequest.builder()
 *         .filter(Filter.eq("role", "admin"))
 *         .sort(Sort.timestampDescending())
 *         .limit(10)
 *         .build());
 * }</pre>
 */
public final class FindRequest {
    /** The limit when none is given. */
    public static final int DEFAULT_LIMIT = 100;

    private final Filter filter;
    private final List<Sort> sort;
    private final int limit;
    private final long offset;

    private FindRequest(Builder b) {
        this.filter = b.filter;
        this.sort = List.copyOf(b.sort);
        this.limit = b.limit;
        this.offset = b.offset;
    }

    /** @return a builder: every record, by id, the first {@value #DEFAULT_LIMIT} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the filter, or null for every record */
    public Filter filter() {
        return filter;
    }

    /** @return the sort keys, in order (then by id ascending); unmodifiable, possibly empty */
    public List<Sort> sort() {
        return sort;
    }

    /** @return the most records to return, 1 to {@link Limits#MAX_FIND_LIMIT} */
    public int limit() {
        return limit;
    }

    /** @return how many records of the order to skip, 0 to {@link Limits#MAX_FIND_OFFSET} */
    public long offset() {
        return offset;
    }

    @Override
    public String toString() {
        return "FindRequest[filter=" + filter + ", sort=" + sort + ", limit=" + limit + ", offset=" + offset + "]";
    }

    /** Builds a {@link FindRequest}; validates each value as it is set. Not thread-safe. */
    public static final class Builder {
        private Filter filter;
        private final List<Sort> sort = new ArrayList<>();
        private int limit = DEFAULT_LIMIT;
        private long offset;

        private Builder() {
        }

        /**
         * @param value the filter, or null for every record
         * @return this builder
         */
        public Builder filter(Filter value) {
            this.filter = value;
            return this;
        }

        /**
         * Replaces the sort keys.
         *
         * @param keys the keys in order, at most {@link Limits#MAX_SORT_KEYS}; none for id order
         * @return this builder
         * @throws InvalidInputException naming {@code sort} for a null key or too many keys
         */
        public Builder sort(Sort... keys) {
            sort.clear();
            for (Sort s : keys) {
                orderBy(s);
            }
            return this;
        }

        /**
         * Appends a sort key (applied after those already given).
         *
         * @param key the key; not null
         * @return this builder
         * @throws InvalidInputException naming {@code sort} for a null key or more than
         *         {@link Limits#MAX_SORT_KEYS} keys
         */
        public Builder orderBy(Sort key) {
            if (key == null) {
                throw new InvalidInputException("sort[" + sort.size() + "]", "must not be null");
            }
            if (sort.size() == Limits.MAX_SORT_KEYS) {
                throw new InvalidInputException("sort", "at most " + Limits.MAX_SORT_KEYS + " keys are allowed");
            }
            sort.add(key);
            return this;
        }

        /**
         * @param value the most records to return, 1 to {@link Limits#MAX_FIND_LIMIT}
         * @return this builder
         * @throws InvalidInputException naming {@code limit} when out of range
         */
        public Builder limit(int value) {
            if (value < 1 || value > Limits.MAX_FIND_LIMIT) {
                throw new InvalidInputException("limit", "must be between 1 and " + Limits.MAX_FIND_LIMIT + ", was " + value);
            }
            this.limit = value;
            return this;
        }

        /**
         * @param value records of the order to skip, 0 to {@link Limits#MAX_FIND_OFFSET}
         * @return this builder
         * @throws InvalidInputException naming {@code offset} when out of range
         */
        public Builder offset(long value) {
            if (value < 0 || value > Limits.MAX_FIND_OFFSET) {
                throw new InvalidInputException("offset", "must be between 0 and " + Limits.MAX_FIND_OFFSET + ", was " + value
                        + "; page further by filtering on the sort key");
            }
            this.offset = value;
            return this;
        }

        /** @return the request */
        public FindRequest build() {
            return new FindRequest(this);
        }
    }
}
