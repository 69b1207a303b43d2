package dev.agentdb.filter;

import dev.agentdb.InvalidInputException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A portable metadata filter: an expression tree over metadata paths such as {@code a.b.c}, built
 * in Java ({@code Filter.and(Filter.eq("category", "tech"), Filter.gte("year", 2020))}) or parsed
 * from MongoDB-style JSON with {@link #parse(String)}
 * ({@code {"category":{"$in":["tech","science"]},"year":{"$gte":2020}}}).
 *
 * <p>Every adapter translates the tree to its native query; {@link #test(Map)} evaluates it in
 * memory and is the reference the compatibility kit checks every backend against. The semantics,
 * shared by all backends, follow MongoDB's query operators:
 * <ul>
 *   <li>A path walks nested objects; a path that does not resolve is <em>missing</em>.</li>
 *   <li>Filter values are scalars: {@code String}, {@code Number}, {@code Boolean} (and {@code null}
 *       for {@code eq}/{@code ne}). Numbers compare numerically whatever their Java type; strings
 *       compare by Unicode code point (the byte order of UTF-8). A comparison between different
 *       types (a string against a number, a boolean against anything but a boolean) is false.</li>
 *   <li>When the metadata value is an array, {@code eq}, {@code in}, {@code gt}, {@code gte},
 *       {@code lt}, {@code lte} match if any element matches; {@code ne} and {@code nin} match if
 *       no element matches (they are the negations of {@code eq} and {@code in}).</li>
 *   <li>Missing values and {@code null} never satisfy {@code gt/gte/lt/lte}; {@code eq(path, null)}
 *       matches a missing or null value; {@code ne} and {@code nin} match a missing value.</li>
 *   <li>{@code exists(path, true)} matches when the path resolves, even to {@code null}.</li>
 * </ul>
 */
public sealed interface Filter permits Filter.Comparison, Filter.In, Filter.Nin, Filter.Exists,
        Filter.And, Filter.Or, Filter.Not {

    /** Largest number of values in one {@code in}/{@code nin} list. */
    int MAX_IN_VALUES = 1_000;

    /**
     * Evaluates this filter against one record's metadata, in memory.
     *
     * @param metadata a JSON object as a map; null is treated as an empty object
     * @return whether the record matches
     */
    boolean test(Map<String, Object> metadata);

    /** @return this filter as MongoDB-style JSON that {@link #parse(String)} reads back to an equal filter */
    default String toJson() {
        return FilterJson.write(this);
    }

    // ---------------------------------------------------------------- the expression tree

    /** The six scalar comparison operators. */
    enum Op {
        /** equal; {@code $eq} */
        EQ("$eq"),
        /** not equal; {@code $ne} */
        NE("$ne"),
        /** greater than; {@code $gt} */
        GT("$gt"),
        /** greater than or equal; {@code $gte} */
        GTE("$gte"),
        /** less than; {@code $lt} */
        LT("$lt"),
        /** less than or equal; {@code $lte} */
        LTE("$lte");

        private final String jsonName;

        Op(String jsonName) {
            this.jsonName = jsonName;
        }

        /** @return the MongoDB operator name, e.g. {@code $gte} */
        public String jsonName() {
            return jsonName;
        }
    }

    /**
     * {@code path op value} for one of the six comparison operators.
     *
     * @param path a metadata path, segments matching {@link dev.agentdb.Limits#PATH_SEGMENT}
     * @param op the operator
     * @param value a String, Number or Boolean; null only for EQ and NE; only String or Number for ordering operators
     */
    record Comparison(String path, Op op, Object value) implements Filter {
        /** @throws InvalidInputException when the path or value is not allowed for the operator */
        public Comparison {
            FilterValues.checkPath(path);
            if (op == null) {
                throw new InvalidInputException("filter.op", "must not be null");
            }
            value = FilterValues.checkScalar(path, op.jsonName(), value, op == Op.EQ || op == Op.NE,
                    op == Op.EQ || op == Op.NE);
        }

        @Override
        public boolean test(Map<String, Object> metadata) {
            return FilterValues.testComparison(this, metadata);
        }
    }

    /**
     * {@code path in [values]}: equal to any of the values.
     *
     * @param path a metadata path
     * @param values 0 to {@link #MAX_IN_VALUES} scalars (String, Number, Boolean)
     */
    record In(String path, List<Object> values) implements Filter {
        /** @throws InvalidInputException when the path or a value is not allowed */
        public In {
            FilterValues.checkPath(path);
            values = FilterValues.checkList(path, "$in", values);
        }

        @Override
        public boolean test(Map<String, Object> metadata) {
            return FilterValues.testIn(path, values, metadata);
        }
    }

    /**
     * {@code path not in [values]}: the negation of {@link In}.
     *
     * @param path a metadata path
     * @param values 0 to {@link #MAX_IN_VALUES} scalars (String, Number, Boolean)
     */
    record Nin(String path, List<Object> values) implements Filter {
        /** @throws InvalidInputException when the path or a value is not allowed */
        public Nin {
            FilterValues.checkPath(path);
            values = FilterValues.checkList(path, "$nin", values);
        }

        @Override
        public boolean test(Map<String, Object> metadata) {
            return !FilterValues.testIn(path, values, metadata);
        }
    }

    /**
     * Whether a path resolves (to any value, {@code null} included).
     *
     * @param path a metadata path
     * @param exists true to match present paths, false to match missing ones
     */
    record Exists(String path, boolean exists) implements Filter {
        /** @throws InvalidInputException when the path is not allowed */
        public Exists {
            FilterValues.checkPath(path);
        }

        @Override
        public boolean test(Map<String, Object> metadata) {
            return FilterValues.resolve(metadata, path) != FilterValues.MISSING == exists;
        }
    }

    /**
     * All operands match; an empty list matches everything.
     *
     * @param filters the operands, none null
     */
    record And(List<Filter> filters) implements Filter {
        /** @throws InvalidInputException when an operand is null */
        public And {
            filters = FilterValues.checkOperands("$and", filters);
        }

        @Override
        public boolean test(Map<String, Object> metadata) {
            for (Filter f : filters) {
                if (!f.test(metadata)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Any operand matches; an empty list matches nothing.
     *
     * @param filters the operands, none null
     */
    record Or(List<Filter> filters) implements Filter {
        /** @throws InvalidInputException when an operand is null */
        public Or {
            filters = FilterValues.checkOperands("$or", filters);
        }

        @Override
        public boolean test(Map<String, Object> metadata) {
            for (Filter f : filters) {
                if (f.test(metadata)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The operand does not match.
     *
     * @param filter the operand, not null
     */
    record Not(Filter filter) implements Filter {
        /** @throws InvalidInputException when the operand is null */
        public Not {
            if (filter == null) {
                throw new InvalidInputException("filter.$not", "operand must not be null");
            }
        }

        @Override
        public boolean test(Map<String, Object> metadata) {
            return !filter.test(metadata);
        }
    }

    // ---------------------------------------------------------------- builders

    /** @param path metadata path @param value scalar or null @return {@code path == value} */
    static Filter eq(String path, Object value) {
        return new Comparison(path, Op.EQ, value);
    }

    /** @param path metadata path @param value scalar or null @return {@code path != value} */
    static Filter ne(String path, Object value) {
        return new Comparison(path, Op.NE, value);
    }

    /** @param path metadata path @param value number or string @return {@code path > value} */
    static Filter gt(String path, Object value) {
        return new Comparison(path, Op.GT, value);
    }

    /** @param path metadata path @param value number or string @return {@code path >= value} */
    static Filter gte(String path, Object value) {
        return new Comparison(path, Op.GTE, value);
    }

    /** @param path metadata path @param value number or string @return {@code path < value} */
    static Filter lt(String path, Object value) {
        return new Comparison(path, Op.LT, value);
    }

    /** @param path metadata path @param value number or string @return {@code path <= value} */
    static Filter lte(String path, Object value) {
        return new Comparison(path, Op.LTE, value);
    }

    /** @param path metadata path @param values scalars @return {@code path in values} */
    static Filter in(String path, Object... values) {
        return new In(path, values == null ? null : Arrays.asList(values));
    }

    /** @param path metadata path @param values scalars @return {@code path in values} */
    static Filter in(String path, List<?> values) {
        return new In(path, values == null ? null : new ArrayList<>(values));
    }

    /** @param path metadata path @param values scalars @return {@code path not in values} */
    static Filter nin(String path, Object... values) {
        return new Nin(path, values == null ? null : Arrays.asList(values));
    }

    /** @param path metadata path @param values scalars @return {@code path not in values} */
    static Filter nin(String path, List<?> values) {
        return new Nin(path, values == null ? null : new ArrayList<>(values));
    }

    /** @param path metadata path @return a filter matching records where the path resolves */
    static Filter exists(String path) {
        return new Exists(path, true);
    }

    /** @param path metadata path @param exists whether the path must resolve @return the filter */
    static Filter exists(String path, boolean exists) {
        return new Exists(path, exists);
    }

    /** @param filters operands @return a filter matching when all match */
    static Filter and(Filter... filters) {
        return new And(filters == null ? null : Arrays.asList(filters));
    }

    /** @param filters operands @return a filter matching when any matches */
    static Filter or(Filter... filters) {
        return new Or(filters == null ? null : Arrays.asList(filters));
    }

    /** @param filter operand @return a filter matching when the operand does not */
    static Filter not(Filter filter) {
        return new Not(filter);
    }

    /**
     * Parses a MongoDB-style JSON filter. Top level: an object whose keys are metadata paths or the
     * logical operators {@code $and}, {@code $or}, {@code $nor} (arrays of filters) and {@code $not}
     * (a filter). A path maps to a scalar (equality) or to an object of operators {@code $eq $ne $gt
     * $gte $lt $lte $in $nin $exists $not}. Several keys in one object are combined with AND.
     *
     * @param json the filter text; must not be null
     * @return the filter ({@code {}} parses to an empty AND, which matches everything)
     * @throws InvalidInputException naming {@code filter} and the position (JSON path, or line and
     *         column for a syntax error) of the first problem
     */
    static Filter parse(String json) {
        return FilterJson.parse(json);
    }
}
