package dev.agentdb.filter;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filters are built exactly when they stay within {@link Limits#MAX_FILTER_DEPTH},
 * {@link Limits#MAX_FILTER_CLAUSES}, {@link Limits#MAX_FILTER_VALUES} and
 * {@link Limits#MAX_IN_VALUES} (counted here by an oracle that knows the shape it generated), a
 * built filter survives its JSON form and evaluation, and a refused one is refused with
 * {@link InvalidInputException}, never a {@code StackOverflowError}.
 */
class FilterLimitsPropertiesTest {

    /**
     * One generated filter shape: a chain of logical operators, each with siblings, around a leaf.
     *
     * @param operators the chain, innermost first: 0 = and, 1 = or, 2 = not
     * @param siblings leaf siblings added at each and/or level
     * @param inSize values of the {@code $in} each sibling is (0 makes it a comparison)
     */
    record Shape(List<Integer> operators, int siblings, int inSize) {
        int depth() {
            return operators.size() + 1;
        }

        int clauses() {
            int clauses = 1;
            for (int op : operators) {
                clauses += op == 2 ? 1 : 1 + siblings;
            }
            return clauses;
        }

        int values() {
            int values = 1;
            for (int op : operators) {
                values += op == 2 ? 0 : siblings * Math.max(1, inSize);
            }
            return values;
        }

        boolean withinLimits() {
            boolean hasSiblings = siblings > 0 && operators.stream().anyMatch(op -> op != 2);
            return depth() <= Limits.MAX_FILTER_DEPTH && clauses() <= Limits.MAX_FILTER_CLAUSES
                    && values() <= Limits.MAX_FILTER_VALUES && (!hasSiblings || inSize <= Limits.MAX_IN_VALUES);
        }

        Filter build() {
            Filter f = Filter.eq("k", 0);
            for (int op : operators) {
                if (op == 2) {
                    f = Filter.not(f);
                    continue;
                }
                List<Filter> operands = new ArrayList<>();
                operands.add(f);
                for (int s = 0; s < siblings; s++) {
                    operands.add(inSize == 0 ? Filter.gte("a.b", s + 0.5) : Filter.in("k", values(s)));
                }
                f = op == 0 ? new Filter.And(operands) : new Filter.Or(operands);
            }
            return f;
        }

        private List<Object> values(int s) {
            List<Object> out = new ArrayList<>(inSize);
            for (int i = 0; i < inSize; i++) {
                out.add(i % 2 == 0 ? (Object) (long) (s * inSize + i) : "v" + i);
            }
            return out;
        }
    }

    @Provide
    Arbitrary<Shape> shapes() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 2).list().ofMaxSize(Limits.MAX_FILTER_DEPTH + 6),
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 4)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(5, 300))),
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, 50)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(900, 1_100))))
                .as(Shape::new);
    }

    /**
     * A filter is built exactly when its shape is within the limits; then its JSON form parses back
     * to an equal filter and it evaluates; else the refusal is typed and names a filter field.
     *
     * @param shape the generated shape
     */
    @Property(tries = 2_000)
    void filters_are_built_exactly_within_the_limits(@ForAll("shapes") Shape shape) {
        Filter built;
        try {
            built = shape.build();
        } catch (InvalidInputException e) {
            assertThat(shape.withinLimits()).as("refused %s (depth %d, clauses %d, values %d): %s", shape, shape.depth(),
                    shape.clauses(), shape.values(), e.getMessage()).isFalse();
            assertThat(e.field()).startsWith("filter");
            return;
        }
        assertThat(shape.withinLimits()).as("built %s (depth %d, clauses %d, values %d)", shape, shape.depth(),
                shape.clauses(), shape.values()).isTrue();
        assertThat(Filter.parse(built.toJson())).isEqualTo(built);
        built.test(Map.of("k", 0L, "a", Map.of("b", 1.0)));
    }
}
