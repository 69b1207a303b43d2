package dev.agentdb.filter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of node reaches its own visitor method; a visitor recurses as it chooses. */
class FilterVisitorTest {
    /** Renders a filter as a prefix expression, the way a non-SQL translator would walk it. */
    private static final class Prefix implements Filter.Visitor<String> {
        @Override
        public String comparison(Filter.Comparison c) {
            return c.op().jsonName() + "(" + c.path() + "," + c.value() + ")";
        }

        @Override
        public String in(Filter.In in) {
            return "$in(" + in.path() + "," + in.values() + ")";
        }

        @Override
        public String nin(Filter.Nin nin) {
            return "$nin(" + nin.path() + "," + nin.values() + ")";
        }

        @Override
        public String exists(Filter.Exists exists) {
            return "$exists(" + exists.path() + "," + exists.exists() + ")";
        }

        @Override
        public String and(Filter.And and) {
            return "$and" + and.filters().stream().map(f -> f.accept(this)).toList();
        }

        @Override
        public String or(Filter.Or or) {
            return "$or" + or.filters().stream().map(f -> f.accept(this)).toList();
        }

        @Override
        public String not(Filter.Not not) {
            return "$not(" + not.filter().accept(this) + ")";
        }
    }

    @Test
    void should_send_each_kind_of_node_to_its_method() {
        Filter f = Filter.and(Filter.eq("a", 1), Filter.or(Filter.in("b", "x", "y"), Filter.not(Filter.exists("c", true))),
                Filter.nin("d", 2), Filter.gte("e.f", 3.5));
        assertThat(f.accept(new Prefix())).isEqualTo("$and[$eq(a,1), $or[$in(b,[x, y]), $not($exists(c,true))], $nin(d,[2]), $gte(e.f,3.5)]");
    }
}
