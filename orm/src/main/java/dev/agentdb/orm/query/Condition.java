package dev.agentdb.orm.query;

import dev.agentdb.InvalidInputException;
import dev.agentdb.filter.Filter;
import dev.agentdb.orm.mapping.EntityMapping;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A condition on an entity's properties, written with Java property names and Java values, turned
 * into a portable {@link Filter} when a query runs against a mapping. Groups nest:
 *
 * <pre>{@code
 * users.query().where(Condition.or(
 *         Condition.of("role", Op.EQ, Role.ADMIN),
 *         Condition.and(Condition.of("age", Op.GTE, 18), Condition.not(Condition.of("banned", Op.EQ, true)))))
 * }</pre>
 */
public sealed interface Condition permits Condition.Leaf, Condition.All, Condition.Any, Condition.Negation {

    /**
     * @param mapping the entity's mapping
     * @return the filter over stored metadata paths and values
     * @throws InvalidInputException naming the entity and its known properties for an unknown
     *         path, or naming the path for a value that does not fit the operator
     */
    Filter toFilter(EntityMapping<?> mapping);

    /**
     * @param path a property path in Java names, e.g. {@code address.city}
     * @param op the operator
     * @param value a scalar (String, number, boolean, enum, UUID, Instant, LocalDate, null for EQ/NE), a
     *              collection or array of scalars for IN/NIN, a Boolean for EXISTS
     * @return the condition (checked when the query runs or is built against the entity)
     */
    static Condition of(String path, Op op, Object value) {
        return new Leaf(path, op, value);
    }

    /**
     * @param conditions the operands
     * @return a condition matching when all match (none: everything)
     * @throws InvalidInputException naming {@code where} when an operand is null
     */
    static Condition and(Condition... conditions) {
        return new All(operands(conditions));
    }

    /**
     * @param conditions the operands
     * @return a condition matching when at least one matches (none: nothing)
     * @throws InvalidInputException naming {@code where} when an operand is null
     */
    static Condition or(Condition... conditions) {
        return new Any(operands(conditions));
    }

    /**
     * @param condition the operand
     * @return a condition matching exactly when the operand does not
     * @throws InvalidInputException naming {@code where} when the operand is null
     */
    static Condition not(Condition condition) {
        return new Negation(operands(condition).get(0));
    }

    private static List<Condition> operands(Condition... conditions) {
        if (conditions == null || java.util.Arrays.asList(conditions).contains(null)) {
            throw new InvalidInputException("where", "conditions must not be null");
        }
        return List.of(conditions);
    }

    /**
     * {@code path op value}.
     *
     * @param path property path in Java names
     * @param op the operator
     * @param value the value
     */
    record Leaf(String path, Op op, Object value) implements Condition {
        @Override
        public Filter toFilter(EntityMapping<?> mapping) {
            if (op == null) {
                throw new InvalidInputException("where.op", "must not be null; one of " + List.of(Op.values()));
            }
            String field = "where(" + path + ")";
            String stored = mapping.filterPath(path);
            return switch (op) {
                case EQ -> Filter.eq(stored, mapping.jsonScalar(field, value));
                case NE -> Filter.ne(stored, mapping.jsonScalar(field, value));
                case GT -> Filter.gt(stored, mapping.jsonScalar(field, value));
                case GTE -> Filter.gte(stored, mapping.jsonScalar(field, value));
                case LT -> Filter.lt(stored, mapping.jsonScalar(field, value));
                case LTE -> Filter.lte(stored, mapping.jsonScalar(field, value));
                case IN -> Filter.in(stored, scalars(mapping, field, value));
                case NIN -> Filter.nin(stored, scalars(mapping, field, value));
                case EXISTS -> {
                    if (!(value instanceof Boolean b)) {
                        throw new InvalidInputException(field, "EXISTS takes true or false, was " + value);
                    }
                    yield Filter.exists(stored, b);
                }
            };
        }

        private static List<Object> scalars(EntityMapping<?> mapping, String field, Object value) {
            List<Object> out = new ArrayList<>();
            if (value instanceof Collection<?> c) {
                for (Object v : c) {
                    out.add(mapping.jsonScalar(field, v));
                }
            } else if (value != null && value.getClass().isArray()) {
                for (int i = 0; i < Array.getLength(value); i++) {
                    out.add(mapping.jsonScalar(field, Array.get(value, i)));
                }
            } else {
                throw new InvalidInputException(field, "IN and NIN take a collection or an array of values, was "
                        + (value == null ? "null" : value.getClass().getName()));
            }
            return out;
        }
    }

    /**
     * All operands.
     *
     * @param conditions the operands
     */
    record All(List<Condition> conditions) implements Condition {
        @Override
        public Filter toFilter(EntityMapping<?> mapping) {
            return Filter.and(conditions.stream().map(c -> c.toFilter(mapping)).toArray(Filter[]::new));
        }
    }

    /**
     * At least one operand.
     *
     * @param conditions the operands
     */
    record Any(List<Condition> conditions) implements Condition {
        @Override
        public Filter toFilter(EntityMapping<?> mapping) {
            return Filter.or(conditions.stream().map(c -> c.toFilter(mapping)).toArray(Filter[]::new));
        }
    }

    /**
     * Not the operand.
     *
     * @param condition the operand
     */
    record Negation(Condition condition) implements Condition {
        @Override
        public Filter toFilter(EntityMapping<?> mapping) {
            return Filter.not(condition.toFilter(mapping));
        }
    }
}
