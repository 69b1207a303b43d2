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
 *
 * <p>Limits, the same on every backend and checked when a filter is built or parsed (so no filter
 * beyond them exists): at most {@link dev.agentdb.Limits#MAX_FILTER_DEPTH} levels of nesting,
 * {@link dev.agentdb.Limits#MAX_FILTER_CLAUSES} clauses, {@link dev.agentdb.Limits#MAX_FILTER_VALUES}
 * values, {@link dev.agentdb.Limits#MAX_IN_VALUES} per {@code $in}/{@code $nin} list and
 * {@link dev.agentdb.Limits#MAX_PATH_DEPTH} path segments; string values in
 * {@link dev.agentdb.Limits#STRING_DOMAIN}. Beyond them an {@link InvalidInputException} names the
 * limit.
 */
public sealed interface Filter permits Filter.Comparison, Filter.In, Filter.Nin, Filter.Exists,
        Filter.And, Filter.Or, Filter.Not {

    /** Largest number of values in one {@code in}/{@code nin} list: {@link dev.agentdb.Limits#MAX_IN_VALUES}. */
    int MAX_IN_VALUES = dev.agentdb.Limits.MAX_IN_VALUES;

    /**
     * Evaluates this filter against one record's metadata, in memory.
     *
     * @param metadata a JSON object as a map; null is treated as an empty object
     * @return whether the record matches
     */
    boolean test(Map<String, Object> metadata);

    /**
     * Walks this node with a visitor: the way a translator that builds something other than SQL text
     * (MongoDB's BSON query, say) sees every kind of node, with the compiler telling it when a kind
     * is added. A visitor recurses into {@link And}, {@link Or} and {@link Not} itself; depth is
     * bounded by the limits the tree is built under.
     *
     * @param visitor the visitor; not null
     * @param <R> what the visitor makes of a node
     * @return what the visitor returned for this node
     */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per kind of node.
     *
     * @param <R> what the visitor makes of a node
     */
    interface Visitor<R> {
        /**
         * @param comparison a comparison node
         * @return the result for it
         */
        R comparison(Comparison comparison);

        /**
         * @param in an {@code $in} node
         * @return the result for it
         */
        R in(In in);

        /**
         * @param nin a {@code $nin} node
         * @return the result for it
         */
        R nin(Nin nin);

        /**
         * @param exists an {@code $exists} node
         * @return the result for it
         */
        R exists(Exists exists);

        /**
         * @param and an {@code $and} node (empty: matches everything)
         * @return the result for it
         */
        R and(And and);

        /**
         * @param or an {@code $or} node (empty: matches nothing)
         * @return the result for it
         */
        R or(Or or);

        /**
         * @param not a {@code $not} node
         * @return the result for it
         */
        R not(Not not);
    }

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
        /**
         * Validates the comparison and normalises the value: numbers with an integral value that a
         * {@code long} holds exactly become {@code Long}, the others {@code Double}, so equal numbers
         * have equal values.
         *
         * @param path a dot-separated metadata path: not null or empty, at most
         *             {@link dev.agentdb.Limits#MAX_PATH_DEPTH} segments, each matching
         *             {@link dev.agentdb.Limits#PATH_SEGMENT}
         * @param op the operator; must not be null
         * @param value a String, finite Number or Boolean; null only for EQ and NE; Booleans only for
         *              EQ and NE
         * @throws InvalidInputException when the path is malformed, the operator is null, or the value
         *         is not allowed for the operator (wrong type, NaN or infinite)
         */
        public Comparison {
            FilterValues.checkPath(path);
            if (op == null) {
                throw new InvalidInputException("filter.op", "must not be null");
            }
            value = FilterValues.checkScalar(path, op.jsonName(), value, op == Op.EQ || op == Op.NE,
                    op == Op.EQ || op == Op.NE);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.comparison(this);
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
        /**
         * Validates the operands and copies the values into an unmodifiable list, numbers normalised
         * as in {@link Comparison}.
         *
         * @param path a dot-separated metadata path: not null or empty, at most
         *             {@link dev.agentdb.Limits#MAX_PATH_DEPTH} segments, each matching
         *             {@link dev.agentdb.Limits#PATH_SEGMENT}
         * @param values 0 to {@link #MAX_IN_VALUES} Strings, finite Numbers or Booleans; the list and
         *               its elements must not be null
         * @throws InvalidInputException when the path or a value is not allowed, the list is null or
         *         holds more than {@link #MAX_IN_VALUES} values
         */
        public In {
            FilterValues.checkPath(path);
            values = FilterValues.checkList(path, "$in", values);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.in(this);
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
        /**
         * Validates the operands and copies the values into an unmodifiable list, numbers normalised
         * as in {@link Comparison}.
         *
         * @param path a dot-separated metadata path: not null or empty, at most
         *             {@link dev.agentdb.Limits#MAX_PATH_DEPTH} segments, each matching
         *             {@link dev.agentdb.Limits#PATH_SEGMENT}
         * @param values 0 to {@link #MAX_IN_VALUES} Strings, finite Numbers or Booleans; the list and
         *               its elements must not be null
         * @throws InvalidInputException when the path or a value is not allowed, the list is null or
         *         holds more than {@link #MAX_IN_VALUES} values
         */
        public Nin {
            FilterValues.checkPath(path);
            values = FilterValues.checkList(path, "$nin", values);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.nin(this);
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
        /**
         * Validates the path.
         *
         * @param path a dot-separated metadata path: not null or empty, at most
         *             {@link dev.agentdb.Limits#MAX_PATH_DEPTH} segments, each matching
         *             {@link dev.agentdb.Limits#PATH_SEGMENT}
         * @param exists true to match present paths (even when the value is null), false to match
         *               missing ones
         * @throws InvalidInputException when the path is not allowed
         */
        public Exists {
            FilterValues.checkPath(path);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.exists(this);
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
        /**
         * Validates the operands and copies them into an unmodifiable list.
         *
         * @param filters the operands, any number (empty matches everything); the list and its
         *                elements must not be null
         * @throws InvalidInputException when the list or an operand is null, or the filter would exceed
         *         {@link dev.agentdb.Limits#MAX_FILTER_DEPTH}, {@link dev.agentdb.Limits#MAX_FILTER_CLAUSES} or
         *         {@link dev.agentdb.Limits#MAX_FILTER_VALUES}
         */
        public And {
            filters = FilterValues.checkOperands("$and", filters);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.and(this);
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
        /**
         * Validates the operands and copies them into an unmodifiable list.
         *
         * @param filters the operands, any number (empty matches nothing); the list and its elements
         *                must not be null
         * @throws InvalidInputException when the list or an operand is null, or the filter would exceed
         *         {@link dev.agentdb.Limits#MAX_FILTER_DEPTH}, {@link dev.agentdb.Limits#MAX_FILTER_CLAUSES} or
         *         {@link dev.agentdb.Limits#MAX_FILTER_VALUES}
         */
        public Or {
            filters = FilterValues.checkOperands("$or", filters);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.or(this);
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
        /**
         * Validates the operand.
         *
         * @param filter the operand; must not be null
         * @throws InvalidInputException when the operand is null, or the filter would exceed
         *         {@link dev.agentdb.Limits#MAX_FILTER_DEPTH}, {@link dev.agentdb.Limits#MAX_FILTER_CLAUSES} or
         *         {@link dev.agentdb.Limits#MAX_FILTER_VALUES}
         */
        public Not {
            if (filter == null) {
                throw new InvalidInputException("filter.$not", "operand must not be null");
            }
            FilterValues.checkShape("$not", List.of(filter));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.not(this);
        }

        @Override
        public boolean test(Map<String, Object> metadata) {
            return !filter.test(metadata);
        }
    }

    // ---------------------------------------------------------------- builders

    /**
     * Equality: matches when the value at {@code path} equals {@code value} (for an array, when any
     * element does). Numbers compare numerically whatever their Java type.
     *
     * @param path a dot-separated metadata path such as {@code a.b}: not null or empty, at most
     *        {@link dev.agentdb.Limits#MAX_PATH_DEPTH} segments, each matching
     *        {@link dev.agentdb.Limits#PATH_SEGMENT}
     * @param value the String, Number (finite) or Boolean to compare with; null matches a missing or
     *        null value
     * @return a filter for {@code path == value}, never null
     * @throws InvalidInputException when the path is malformed, or the value is another type or a
     *         NaN/infinite number
     */
    static Filter eq(String path, Object value) {
        return new Comparison(path, Op.EQ, value);
    }

    /**
     * Inequality, the negation of {@link #eq(String, Object)}: matches when the value at
     * {@code path} differs from {@code value} (for an array, when no element equals it), including
     * when the path is missing.
     *
     * @param path a dot-separated metadata path such as {@code a.b}: not null or empty, at most
     *        {@link dev.agentdb.Limits#MAX_PATH_DEPTH} segments, each matching
     *        {@link dev.agentdb.Limits#PATH_SEGMENT}
     * @param value the String, Number (finite) or Boolean to compare with; null matches any present,
     *        non-null value
     * @return a filter for {@code path != value}, never null
     * @throws InvalidInputException when the path is malformed, or the value is another type or a
     *         NaN/infinite number
     */
    static Filter ne(String path, Object value) {
        return new Comparison(path, Op.NE, value);
    }

    /**
     * Strictly greater than. Numbers compare numerically, strings by Unicode code point; a value
     * of another type, a missing value or null never matches.
     *
     * @param path a dot-separated metadata path such as {@code a.b}: not null or empty, at most
     *        {@link dev.agentdb.Limits#MAX_PATH_DEPTH} segments, each matching
     *        {@link dev.agentdb.Limits#PATH_SEGMENT}
     * @param value the bound: a finite Number or a String; not null, not a Boolean
     * @return a filter for {@code path > value}, never null
     * @throws InvalidInputException when the path is malformed, or the value is null, a Boolean,
     *         another type or a NaN/infinite number
     */
    static Filter gt(String path, Object value) {
        return new Comparison(path, Op.GT, value);
    }

    /**
     * Greater than or equal. Numbers compare numerically, strings by Unicode code point; a value
     * of another type, a missing value or null never matches.
     *
     * @param path a dot-separated metadata path such as {@code a.b}: not null or empty, at most
     *        {@link dev.agentdb.Limits#MAX_PATH_DEPTH} segments, each matching
     *        {@link dev.agentdb.Limits#PATH_SEGMENT}
     * @param value the bound (inclusive): a finite Number or a String; not null, not a Boolean
     * @return a filter for {@code path >= value}, never null
     * @throws InvalidInputException when the path is malformed, or the value is null, a Boolean,
     *         another type or a NaN/infinite number
     */
    static Filter gte(String path, Object value) {
        return new Comparison(path, Op.GTE, value);
    }

    /**
     * Strictly less than. Numbers compare numerically, strings by Unicode code point; a value of
     * another type, a missing value or null never matches.
     *
     * @param path a dot-separated metadata path such as {@code a.b}: not null or empty, at most
     *        {@link dev.agentdb.Limits#MAX_PATH_DEPTH} segments, each matching
     *        {@link dev.agentdb.Limits#PATH_SEGMENT}
     * @param value the bound: a finite Number or a String; not null, not a Boolean
     * @return a filter for {@code path < value}, never null
     * @throws InvalidInputException when the path is malformed, or the value is null, a Boolean,
     *         another type or a NaN/infinite number
     */
    static Filter lt(String path, Object value) {
        return new Comparison(path, Op.LT, value);
    }

    /**
     * Less than or equal. Numbers compare numerically, strings by Unicode code point; a value of
     * another type, a missing value or null never matches.
     *
     * @param path a dot-separated metadata path such as {@code a.b}: not null or empty, at most
     *        {@link dev.agentdb.Limits#MAX_PATH_DEPTH} segments, each matching
     *        {@link dev.agentdb.Limits#PATH_SEGMENT}
     * @param value the bound (inclusive): a finite Number or a String; not null, not a Boolean
     * @return a filter for {@code path <= value}, never null
     * @throws InvalidInputException when the path is malformed, or the value is null, a Boolean,
     *         another type or a NaN/infinite number
     */
    static Filter lte(String path, Object value) {
        return new Comparison(path, Op.LTE, value);
    }

    /**
     * Membership: matches when the value at {@code path} equals any of {@code values} (for an
     * array, when any element does). An empty list matches nothing.
     *
     * @param path a dot-separated metadata path such as {@code a.b}: not null or empty, at most
     *        {@link dev.agentdb.Limits#MAX_PATH_DEPTH} segments, each matching
     *        {@link dev.agentdb.Limits#PATH_SEGMENT}
     * @param values 0 to {@link #MAX_IN_VALUES} Strings, finite Numbers or Booleans; the array and
     *        its elements must not be null; copied
     * @return a filter for {@code path in values}, never null
     * @throws InvalidInputException when the path is malformed, the array is null, it holds more
     *         than {@link #MAX_IN_VALUES} values, or a value is null, another type or NaN/infinite
     */
    static Filter in(String path, Object... values) {
        return new In(path, values == null ? null : Arrays.asList(values));
    }

    /**
     * Membership: matches when the value at {@code path} equals any of {@code values} (for an
     * array, when any element does). An empty list matches nothing.
     *
     * @param path a dot-separated metadata path such as {@code a.b}: not null or empty, at most
     *        {@link dev.agentdb.Limits#MAX_PATH_DEPTH} segments, each matching
     *        {@link dev.agentdb.Limits#PATH_SEGMENT}
     * @param values 0 to {@link #MAX_IN_VALUES} Strings, finite Numbers or Booleans; the list and
     *        its elements must not be null; copied, later changes to the list are not seen
     * @return a filter for {@code path in values}, never null
     * @throws InvalidInputException when the path is malformed, the list is null, it holds more
     *         than {@link #MAX_IN_VALUES} values, or a value is null, another type or NaN/infinite
     */
    static Filter in(String path, List<?> values) {
        return new In(path, values == null ? null : new ArrayList<>(values));
    }

    /**
     * Non-membership, the negation of {@link #in(String, Object...)}: matches when the value at
     * {@code path} equals none of {@code values} (for an array, when no element does), including
     * when the path is missing. An empty list matches everything.
     *
     * @param path a dot-separated metadata path such as {@code a.b}: not null or empty, at most
     *        {@link dev.agentdb.Limits#MAX_PATH_DEPTH} segments, each matching
     *        {@link dev.agentdb.Limits#PATH_SEGMENT}
     * @param values 0 to {@link #MAX_IN_VALUES} Strings, finite Numbers or Booleans; the array and
     *        its elements must not be null; copied
     * @return a filter for {@code path not in values}, never null
     * @throws InvalidInputException when the path is malformed, the array is null, it holds more
     *         than {@link #MAX_IN_VALUES} values, or a value is null, another type or NaN/infinite
     */
    static Filter nin(String path, Object... values) {
        return new Nin(path, values == null ? null : Arrays.asList(values));
    }

    /**
     * Non-membership, the negation of {@link #in(String, List)}: matches when the value at
     * {@code path} equals none of {@code values} (for an array, when no element does), including
     * when the path is missing. An empty list matches everything.
     *
     * @param path a dot-separated metadata path such as {@code a.b}: not null or empty, at most
     *        {@link dev.agentdb.Limits#MAX_PATH_DEPTH} segments, each matching
     *        {@link dev.agentdb.Limits#PATH_SEGMENT}
     * @param values 0 to {@link #MAX_IN_VALUES} Strings, finite Numbers or Booleans; the list and
     *        its elements must not be null; copied, later changes to the list are not seen
     * @return a filter for {@code path not in values}, never null
     * @throws InvalidInputException when the path is malformed, the list is null, it holds more
     *         than {@link #MAX_IN_VALUES} values, or a value is null, another type or NaN/infinite
     */
    static Filter nin(String path, List<?> values) {
        return new Nin(path, values == null ? null : new ArrayList<>(values));
    }

    /**
     * Presence: same as {@code exists(path, true)}.
     *
     * @param path a dot-separated metadata path such as {@code a.b}: not null or empty, at most
     *        {@link dev.agentdb.Limits#MAX_PATH_DEPTH} segments, each matching
     *        {@link dev.agentdb.Limits#PATH_SEGMENT}
     * @return a filter matching records where the path resolves, even to {@code null}; never null
     * @throws InvalidInputException when the path is malformed
     */
    static Filter exists(String path) {
        return new Exists(path, true);
    }

    /**
     * Presence or absence of a path. A path that resolves to {@code null} counts as present.
     *
     * @param path a dot-separated metadata path such as {@code a.b}: not null or empty, at most
     *        {@link dev.agentdb.Limits#MAX_PATH_DEPTH} segments, each matching
     *        {@link dev.agentdb.Limits#PATH_SEGMENT}
     * @param exists true to match records where the path resolves, false to match records where
     *        it is missing
     * @return the filter, never null
     * @throws InvalidInputException when the path is malformed
     */
    static Filter exists(String path, boolean exists) {
        return new Exists(path, exists);
    }

    /**
     * Conjunction.
     *
     * @param filters the operands, any number (zero gives a filter that matches everything); the
     *        array and its elements must not be null; copied
     * @return a filter matching when all operands match, never null
     * @throws InvalidInputException when the array or one of its elements is null, or the filter would
     *         exceed {@link dev.agentdb.Limits#MAX_FILTER_DEPTH}, {@link dev.agentdb.Limits#MAX_FILTER_CLAUSES} or
     *         {@link dev.agentdb.Limits#MAX_FILTER_VALUES}
     */
    static Filter and(Filter... filters) {
        return new And(filters == null ? null : Arrays.asList(filters));
    }

    /**
     * Disjunction.
     *
     * @param filters the operands, any number (zero gives a filter that matches nothing); the
     *        array and its elements must not be null; copied
     * @return a filter matching when at least one operand matches, never null
     * @throws InvalidInputException when the array or one of its elements is null, or the filter would
     *         exceed {@link dev.agentdb.Limits#MAX_FILTER_DEPTH}, {@link dev.agentdb.Limits#MAX_FILTER_CLAUSES} or
     *         {@link dev.agentdb.Limits#MAX_FILTER_VALUES}
     */
    static Filter or(Filter... filters) {
        return new Or(filters == null ? null : Arrays.asList(filters));
    }

    /**
     * Negation.
     *
     * @param filter the operand; must not be null
     * @return a filter matching exactly the records the operand does not match, never null
     * @throws InvalidInputException when the operand is null, or the filter would exceed
     *         {@link dev.agentdb.Limits#MAX_FILTER_DEPTH}, {@link dev.agentdb.Limits#MAX_FILTER_CLAUSES} or
     *         {@link dev.agentdb.Limits#MAX_FILTER_VALUES}
     */
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
