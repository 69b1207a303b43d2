package dev.agentdb.filter;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The filter limits of issue 9 (findings 2 and 5): depth, clauses and values are checked when a
 * filter is built or parsed, so that no filter deeper or larger than {@link Limits} reaches a
 * backend or a recursive walk (no {@code StackOverflowError}, no backend-specific failure).
 */
class FilterLimitsTest {

    /** @return {@code not(not(...eq(k, 1)...))} of the given depth, or the first refusal */
    private static Filter nots(int depth) {
        Filter f = Filter.eq("k", 1);
        for (int i = 1; i < depth; i++) {
            f = Filter.not(f);
        }
        return f;
    }

    private static Filter[] comparisons(int n) {
        Filter[] out = new Filter[n];
        for (int i = 0; i < n; i++) {
            out[i] = Filter.eq("k", i);
        }
        return out;
    }

    @Test
    void should_accept_a_filter_exactly_at_the_depth_limit() {
        Filter f = nots(Limits.MAX_FILTER_DEPTH);

        assertThat(f.test(Map.of("k", 2L))).isEqualTo(Limits.MAX_FILTER_DEPTH % 2 == 0);
        assertThat(Filter.parse(f.toJson())).isEqualTo(f);
    }

    @Test
    void should_refuse_not_applied_beyond_the_depth_limit_naming_the_limit() {
        Filter atLimit = nots(Limits.MAX_FILTER_DEPTH);

        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> Filter.not(atLimit));

        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo("filter.$not");
        assertThat(e).hasMessageContaining(String.valueOf(Limits.MAX_FILTER_DEPTH));
    }

    @Test
    void should_refuse_not_applied_100000_times_with_a_typed_error() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> nots(100_000));

        assertThat(e).isNotNull();
        assertThat(e).hasMessageContaining(String.valueOf(Limits.MAX_FILTER_DEPTH));
    }

    @Test
    void should_refuse_deep_and_or_nesting() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> {
            Filter f = Filter.eq("k", 1);
            for (int i = 0; i < 100_000; i++) {
                f = i % 2 == 0 ? Filter.and(f, Filter.eq("k", i)) : Filter.or(Filter.exists("x"), f);
            }
        });

        assertThat(e).isNotNull();
        assertThat(e.field()).isIn("filter.$and", "filter.$or");
    }

    @Test
    void should_accept_exactly_the_clause_limit_and_refuse_one_more() {
        Filter atLimit = Filter.or(comparisons(Limits.MAX_FILTER_CLAUSES - 1));

        InvalidInputException over = catchThrowableOfType(InvalidInputException.class,
                () -> Filter.or(comparisons(Limits.MAX_FILTER_CLAUSES)));
        InvalidInputException huge = catchThrowableOfType(InvalidInputException.class, () -> Filter.or(comparisons(100_000)));

        assertThat(atLimit.test(Map.of("k", 3L))).isTrue();
        assertThat(over).isNotNull();
        assertThat(over.field()).isEqualTo("filter.$or");
        assertThat(over).hasMessageContaining(String.valueOf(Limits.MAX_FILTER_CLAUSES));
        assertThat(huge).isNotNull();
    }

    @Test
    void should_count_the_clauses_of_a_shared_subfilter_each_time_it_appears_without_walking_them_all() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> {
            Filter f = Filter.eq("k", 1);
            for (int i = 0; i < 64; i++) {
                f = Filter.and(f, f); // 2^64 leaves if unrolled
            }
        });

        assertThat(e).isNotNull();
        assertThat(e).hasMessageContaining(String.valueOf(Limits.MAX_FILTER_CLAUSES));
    }

    @Test
    void should_limit_the_values_of_a_whole_filter() {
        List<Filter> lists = new ArrayList<>();
        int perList = Limits.MAX_IN_VALUES;
        for (int start = 0; start + perList <= Limits.MAX_FILTER_VALUES; start += perList) {
            lists.add(Filter.in("k", values(start, perList)));
        }
        int used = lists.size() * perList;
        lists.add(Filter.in("k", values(used, Limits.MAX_FILTER_VALUES - used)));
        Filter atLimit = new Filter.Or(lists);
        List<Filter> over = new ArrayList<>(lists);
        over.add(Filter.eq("k", -1));

        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> new Filter.Or(over));

        assertThat(atLimit.test(Map.of("k", (long) Limits.MAX_FILTER_VALUES - 1))).isTrue();
        assertThat(e).isNotNull();
        assertThat(e).hasMessageContaining(String.valueOf(Limits.MAX_FILTER_VALUES));
    }

    @Test
    void should_refuse_json_filters_nested_beyond_the_limit_before_descending() {
        for (String operator : List.of("$not", "$and", "$or", "$nor")) {
            for (int depth : new int[] {Limits.MAX_FILTER_DEPTH + 1, 998, 5_000}) {
                String json = nestedJson(operator, depth);
                InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> Filter.parse(json));
                assertThat(e).as("%s nested %d deep", operator, depth).isNotNull();
                assertThat(e.field()).startsWith("filter");
            }
        }
        String fieldNots = "{\"a\":" + "{\"$not\":".repeat(998) + "1" + "}".repeat(999);
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> Filter.parse(fieldNots))).isNotNull();
    }

    @Test
    void should_refuse_a_json_or_of_100000_clauses() {
        StringBuilder json = new StringBuilder("{\"$or\":[");
        for (int i = 0; i < 100_000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"k\":").append(i).append('}');
        }
        json.append("]}");

        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> Filter.parse(json.toString()));

        assertThat(e).isNotNull();
        assertThat(e).hasMessageContaining(String.valueOf(Limits.MAX_FILTER_CLAUSES));
    }

    @Test
    void should_refuse_nul_and_unpaired_surrogates_in_filter_values() {
        for (String bad : List.of("a\u0000", "\ud800x")) {
            assertThat(catchThrowableOfType(InvalidInputException.class, () -> Filter.eq("k", bad)).field())
                    .startsWith("filter.k");
            assertThat(catchThrowableOfType(InvalidInputException.class, () -> Filter.in("k", "ok", bad)).field())
                    .startsWith("filter.k");
        }
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> Filter.parse("{\"k\": \"a\\u0000\"}"))).isNotNull();
    }

    private static List<Object> values(int start, int n) {
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add((long) (start + i));
        }
        return out;
    }

    /** @return a JSON filter whose logical operator is nested {@code depth} times around {@code {"k": 1}} */
    private static String nestedJson(String operator, int depth) {
        boolean list = !operator.equals("$not");
        String open = "{\"" + operator + "\":" + (list ? "[" : "");
        String close = (list ? "]" : "") + "}";
        return open.repeat(depth) + "{\"k\":1}" + close.repeat(depth);
    }
}
