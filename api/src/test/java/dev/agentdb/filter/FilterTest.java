package dev.agentdb.filter;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.agentdb.filter.Filter.and;
import static dev.agentdb.filter.Filter.eq;
import static dev.agentdb.filter.Filter.exists;
import static dev.agentdb.filter.Filter.gt;
import static dev.agentdb.filter.Filter.gte;
import static dev.agentdb.filter.Filter.in;
import static dev.agentdb.filter.Filter.lt;
import static dev.agentdb.filter.Filter.lte;
import static dev.agentdb.filter.Filter.ne;
import static dev.agentdb.filter.Filter.nin;
import static dev.agentdb.filter.Filter.not;
import static dev.agentdb.filter.Filter.or;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FilterTest {

    private static Map<String, Object> meta(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<Object> list(Object... values) {
        return new ArrayList<>(Arrays.asList(values));
    }

    @Nested
    class Equality {
        @Test
        void should_compare_numbers_by_value_whatever_their_java_type() {
            assertThat(eq("n", 2020).test(meta("n", 2020L))).isTrue();
            assertThat(eq("n", 2020).test(meta("n", 2020.0))).isTrue();
            assertThat(eq("n", 2020.0).test(meta("n", 2020))).isTrue();
            assertThat(eq("n", 2020L).test(meta("n", (short) 2020))).isTrue();
            assertThat(eq("n", new BigDecimal("2020.0")).test(meta("n", 2020L))).isTrue();
            assertThat(eq("n", BigInteger.valueOf(2020)).test(meta("n", 2020.0f))).isTrue();
            assertThat(eq("n", 0.5).test(meta("n", 0.5f))).isTrue();
            // a float is its shortest decimal, as JSON stores it: 1.23f is 1.23, not 1.2300000190734863
            assertThat(eq("n", 1.23f).test(meta("n", 1.23))).isTrue();
            assertThat(eq("n", 1.23).test(meta("n", 1.23f))).isTrue();
            assertThat(eq("n", 1.23f)).isEqualTo(eq("n", 1.23));
            assertThat(gt("n", 1.23f).test(meta("n", 1.23))).isFalse();
            assertThat(eq("n", 0.0).test(meta("n", -0.0))).isTrue();
            assertThat(eq("n", 2020.5).test(meta("n", 2020L))).isFalse();
        }

        @Test
        void should_not_equate_values_of_different_types() {
            assertThat(eq("n", 2020).test(meta("n", "2020"))).isFalse();
            assertThat(eq("n", "2020").test(meta("n", 2020L))).isFalse();
            assertThat(eq("b", true).test(meta("b", "true"))).isFalse();
            assertThat(eq("b", true).test(meta("b", 1L))).isFalse();
            assertThat(eq("b", 1).test(meta("b", true))).isFalse();
            assertThat(eq("b", false).test(meta("b", 0L))).isFalse();
            assertThat(eq("s", "a").test(meta("s", "A"))).isFalse();
        }

        @Test
        void should_match_null_filter_value_on_null_or_missing() {
            assertThat(eq("x", null).test(meta("x", null))).isTrue();
            assertThat(eq("x", null).test(meta())).isTrue();
            assertThat(eq("x", null).test(null)).isTrue();
            assertThat(eq("x", null).test(meta("x", 0L))).isFalse();
            assertThat(eq("x", null).test(meta("x", ""))).isFalse();
            assertThat(eq("x", null).test(meta("x", list()))).isFalse();
            assertThat(ne("x", null).test(meta("x", 0L))).isTrue();
            assertThat(ne("x", null).test(meta("x", null))).isFalse();
            assertThat(ne("x", null).test(meta())).isFalse();
        }

        @Test
        void should_never_match_a_scalar_against_a_null_or_missing_value() {
            assertThat(eq("x", "a").test(meta("x", null))).isFalse();
            assertThat(eq("x", "a").test(meta())).isFalse();
            assertThat(eq("x", "a").test(null)).isFalse();
        }

        @Test
        void should_not_match_a_scalar_against_an_object() {
            assertThat(eq("x", "a").test(meta("x", meta("a", "a")))).isFalse();
            assertThat(ne("x", "a").test(meta("x", meta("a", "a")))).isTrue();
        }
    }

    @Nested
    class ArrayValues {
        @Test
        void should_match_eq_when_any_element_matches() {
            Map<String, Object> m = meta("tags", list("ai", 1L, true, null, list("nested"), meta("k", "v")));

            assertThat(eq("tags", "ai").test(m)).isTrue();
            assertThat(eq("tags", 1).test(m)).isTrue();
            assertThat(eq("tags", 1.0).test(m)).isTrue();
            assertThat(eq("tags", true).test(m)).isTrue();
            assertThat(eq("tags", "nested").test(m)).as("nested arrays are not flattened").isFalse();
            assertThat(eq("tags", "v").test(m)).isFalse();
            assertThat(eq("tags", "ml").test(m)).isFalse();
        }

        @Test
        void should_match_ne_and_nin_only_when_no_element_matches() {
            Map<String, Object> m = meta("tags", list("ai", "ml"));

            assertThat(ne("tags", "ai").test(m)).isFalse();
            assertThat(ne("tags", "x").test(m)).isTrue();
            assertThat(nin("tags", "x", "ml").test(m)).isFalse();
            assertThat(nin("tags", "x", "y").test(m)).isTrue();
            assertThat(ne("tags", "ai").test(meta("tags", list()))).isTrue();
            assertThat(eq("tags", "ai").test(meta("tags", list()))).isFalse();
        }

        @Test
        void should_match_in_when_any_element_is_in_the_list() {
            assertThat(in("tags", "x", "ml").test(meta("tags", list("ai", "ml")))).isTrue();
            assertThat(in("tags", "x", "y").test(meta("tags", list("ai", "ml")))).isFalse();
            assertThat(in("tags", 2).test(meta("tags", list(1.0, 2.0)))).isTrue();
        }

        @Test
        void should_order_any_element() {
            Map<String, Object> m = meta("n", list(1L, 10L, "z"));

            assertThat(gt("n", 5).test(m)).isTrue();
            assertThat(gt("n", 10).test(m)).isFalse();
            assertThat(lt("n", 2).test(m)).isTrue();
            assertThat(gte("n", "y").test(m)).isTrue();
            assertThat(lte("n", 0).test(m)).isFalse();
        }
    }

    @Nested
    class Ordering {
        @Test
        void should_compare_numbers_numerically_across_types() {
            assertThat(gt("n", 2).test(meta("n", 2.5))).isTrue();
            assertThat(gte("n", 2.0).test(meta("n", 2L))).isTrue();
            assertThat(lt("n", -1).test(meta("n", -1.5))).isTrue();
            assertThat(lte("n", -2).test(meta("n", -1L))).isFalse();
            assertThat(gt("n", Long.MAX_VALUE - 1).test(meta("n", Long.MAX_VALUE))).as("exact for large longs").isTrue();
            assertThat(gt("n", 9_007_199_254_740_992L).test(meta("n", 9_007_199_254_740_993L))).isTrue();
        }

        @Test
        void should_compare_strings_by_code_point() {
            assertThat(gt("s", "a").test(meta("s", "b"))).isTrue();
            assertThat(lt("s", "a").test(meta("s", "B"))).as("upper case before lower case").isTrue();
            assertThat(gt("s", "ab").test(meta("s", "abc"))).as("prefix sorts first").isTrue();
            assertThat(gt("s", "z").test(meta("s", "\u00e9"))).isTrue();
            assertThat(gt("s", "\uff5e").test(meta("s", "\ud834\udd1e")))
                    .as("U+1D11E after U+FF5E, although its UTF-16 high surrogate is smaller").isTrue();
            assertThat(lt("s", "\ud834\udd1e").test(meta("s", "\uff5e"))).isTrue();
        }

        @Test
        void should_be_false_across_types_and_on_null_or_missing() {
            assertThat(gt("n", 1).test(meta("n", "2"))).isFalse();
            assertThat(lt("s", "b").test(meta("s", 1L))).isFalse();
            assertThat(gt("n", 0).test(meta("n", true))).isFalse();
            assertThat(gt("n", 0).test(meta("n", null))).isFalse();
            assertThat(lte("n", 0).test(meta())).isFalse();
            assertThat(gte("n", 0).test(meta("n", meta("a", 1L)))).isFalse();
        }

        @Test
        void should_refuse_booleans_and_nulls_for_ordering_operators() {
            assertThat(catchThrowableOfType(InvalidInputException.class, () -> gt("n", true)).field()).isEqualTo("filter.n.$gt");
            assertThatThrownBy(() -> lte("n", null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("null");
        }

        @Test
        void should_refuse_non_finite_numbers() {
            assertThatThrownBy(() -> eq("n", Double.NaN)).isInstanceOf(InvalidInputException.class).hasMessageContaining("finite");
            assertThatThrownBy(() -> gt("n", Double.POSITIVE_INFINITY)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> in("n", 1, Float.NaN)).isInstanceOf(InvalidInputException.class);
        }
    }

    @Nested
    class Exists {
        @Test
        void should_match_present_paths_even_when_null() {
            assertThat(exists("x").test(meta("x", null))).isTrue();
            assertThat(exists("x").test(meta("x", false))).isTrue();
            assertThat(exists("x").test(meta())).isFalse();
            assertThat(exists("x", false).test(meta())).isTrue();
            assertThat(exists("x", false).test(meta("x", null))).isFalse();
        }

        @Test
        void should_resolve_nested_paths_only_through_objects() {
            Map<String, Object> m = meta("a", meta("b", meta("c", null)), "s", "text", "l", list(meta("b", 1L)));

            assertThat(exists("a.b.c").test(m)).isTrue();
            assertThat(exists("a.b").test(m)).isTrue();
            assertThat(exists("a.x").test(m)).isFalse();
            assertThat(exists("s.length").test(m)).isFalse();
            assertThat(exists("l.b").test(m)).as("paths do not walk into arrays").isFalse();
            assertThat(eq("a.b.c", null).test(m)).isTrue();
        }

        @Test
        void should_not_interpret_dotted_keys_as_paths() {
            assertThat(eq("a.b", 1).test(meta("a.b", 1L))).isFalse();
            assertThat(eq("a.b", 1).test(meta("a", meta("b", 1L)))).isTrue();
        }
    }

    @Nested
    class Logic {
        @Test
        void should_combine_with_and_or_not() {
            Map<String, Object> m = meta("a", 1L, "b", "x");

            assertThat(and(eq("a", 1), eq("b", "x")).test(m)).isTrue();
            assertThat(and(eq("a", 1), eq("b", "y")).test(m)).isFalse();
            assertThat(or(eq("a", 2), eq("b", "x")).test(m)).isTrue();
            assertThat(or(eq("a", 2), eq("b", "y")).test(m)).isFalse();
            assertThat(not(eq("a", 1)).test(m)).isFalse();
            assertThat(not(not(eq("a", 1))).test(m)).isTrue();
        }

        @Test
        void should_match_everything_with_empty_and_and_nothing_with_empty_or() {
            assertThat(and().test(meta())).isTrue();
            assertThat(and().test(null)).isTrue();
            assertThat(or().test(meta("a", 1L))).isFalse();
        }

        @Test
        void should_negate_missing_values_into_matches() {
            assertThat(not(gt("a", 1)).test(meta())).isTrue();
            assertThat(nin("a", 1, 2).test(meta())).isTrue();
            assertThat(ne("a", 1).test(meta("a", null))).isTrue();
        }

        @Test
        void should_refuse_null_operands() {
            assertThat(catchThrowableOfType(InvalidInputException.class, () -> and(eq("a", 1), null)).field())
                    .isEqualTo("filter.$and");
            assertThatThrownBy(() -> or((Filter[]) null)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> not(null)).isInstanceOf(InvalidInputException.class);
        }

        @Test
        void should_copy_operand_lists_defensively() {
            List<Filter> operands = new ArrayList<>(List.of(eq("a", 1)));
            Filter.And and = new Filter.And(operands);

            operands.add(eq("a", 2));

            assertThat(and.filters()).hasSize(1);
            assertThatThrownBy(() -> and.filters().add(eq("b", 1))).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class Construction {
        @Test
        void should_normalise_numbers_so_equal_filters_are_equal() {
            assertThat(eq("a", 1)).isEqualTo(eq("a", 1L)).isEqualTo(eq("a", 1.0)).isEqualTo(eq("a", new BigDecimal("1.00")));
            assertThat(((Filter.Comparison) eq("a", 1)).value()).isInstanceOf(Long.class);
            assertThat(((Filter.Comparison) eq("a", 1.5f)).value()).isEqualTo(1.5);
            assertThat(((Filter.Comparison) eq("a", new BigInteger("123456789012345678901234567890"))).value())
                    .isInstanceOf(Double.class);
            assertThat(in("a", 1, 2.0, "x", true)).isEqualTo(in("a", List.of(1L, 2L, "x", true)));
        }

        @Test
        void should_refuse_values_that_are_not_scalars() {
            assertThat(catchThrowableOfType(InvalidInputException.class, () -> eq("a", List.of(1))).field())
                    .isEqualTo("filter.a.$eq");
            assertThatThrownBy(() -> eq("a", Map.of("b", 1))).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> eq("a", 'c')).isInstanceOf(InvalidInputException.class).hasMessageContaining("Character");
            assertThatThrownBy(() -> in("a", "x", null)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> in("a", List.of(List.of(1)))).isInstanceOf(InvalidInputException.class);
        }

        @Test
        void should_refuse_null_in_lists_with_a_typed_exception_for_both_builders() {
            List<Object> withNull = new ArrayList<>(Arrays.asList("x", null));

            assertThatThrownBy(() -> in("a", withNull)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> nin("a", withNull)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> in("a", (List<?>) null)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> nin("a", (Object[]) null)).isInstanceOf(InvalidInputException.class);
        }

        @Test
        void should_limit_in_lists() {
            List<Object> ok = new ArrayList<>();
            for (int i = 0; i < Filter.MAX_IN_VALUES; i++) {
                ok.add(i);
            }
            assertThat(((Filter.In) in("a", ok)).values()).hasSize(Filter.MAX_IN_VALUES);
            ok.add(-1);

            assertThatThrownBy(() -> in("a", ok)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(String.valueOf(Filter.MAX_IN_VALUES));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ".", "a.", ".a", "a..b", "a b", "a'b", "a\"b", "a;b", "$where", "a.$gt", "a[0]",
                "a*", "caf\u00e9", "a/b", "a\\b", "x') OR 1=1 --", "a\u0000"})
        void should_refuse_hostile_or_malformed_paths(String path) {
            InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> eq(path, 1));

            assertThat(e.field()).isEqualTo("filter.path");
            assertThatThrownBy(() -> exists(path)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> in(path, 1)).isInstanceOf(InvalidInputException.class);
        }

        @Test
        void should_refuse_null_path_and_overlong_paths() {
            assertThatThrownBy(() -> eq(null, 1)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> eq("a".repeat(65), 1)).isInstanceOf(InvalidInputException.class);
            assertThat(eq("a".repeat(64), 1)).isNotNull();
            String deepest = String.join(".", java.util.Collections.nCopies(Limits.MAX_PATH_DEPTH, "a"));
            assertThat(eq(deepest, 1)).isNotNull();
            assertThatThrownBy(() -> eq(deepest + ".a", 1)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(String.valueOf(Limits.MAX_PATH_DEPTH));
        }

        @Test
        void should_accept_paths_with_digits_dashes_and_underscores() {
            assertThat(eq("a-1.b_2.3", 1).test(meta("a-1", meta("b_2", meta("3", 1L))))).isTrue();
        }

        @Test
        void should_treat_null_metadata_as_empty_object() {
            Map<String, Object> none = null;
            assertThat(ne("a", 1).test(none)).isTrue();
            assertThat(exists("a").test(none)).isFalse();
            assertThat(eq("a", 1).test(new HashMap<>())).isFalse();
        }
    }

    @Nested
    class Values {
        @Test
        void should_compare_code_points_like_utf8_bytes() {
            List<String> words = new ArrayList<>(List.of("\ud834\udd1e", "\uff5e", "b", "B", "", "ab", "a", "\u00e9"));

            words.sort(FilterValues::compareCodePoints);

            assertThat(words).containsExactly("", "B", "a", "ab", "b", "\u00e9", "\uff5e", "\ud834\udd1e");
            for (int i = 1; i < words.size(); i++) {
                byte[] prev = words.get(i - 1).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] next = words.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                assertThat(java.util.Arrays.compareUnsigned(prev, next)).isNegative();
            }
        }

        @Test
        void should_resolve_missing_distinctly_from_null() {
            assertThat(FilterValues.resolve(meta("a", null), "a")).isNull();
            assertThat(FilterValues.resolve(meta(), "a")).isSameAs(FilterValues.MISSING);
            assertThat(FilterValues.resolve(meta("a", meta("b", 2L)), "a.b")).isEqualTo(2L);
            assertThat(FilterValues.segments("a.b.c")).containsExactly("a", "b", "c");
        }

        @Test
        void should_compare_integral_numbers_exactly_and_others_as_doubles() {
            assertThat(FilterValues.compareNumbers(Long.MAX_VALUE, Long.MAX_VALUE - 1)).isPositive();
            assertThat(FilterValues.compareNumbers(1, 1.0)).isZero();
            assertThat(FilterValues.compareNumbers(-0.0, 0.0)).isZero();
            assertThat(FilterValues.compareNumbers(1.5, 2)).isNegative();
            assertThat(FilterValues.scalarEquals(1L, 1.0)).isTrue();
            assertThat(FilterValues.scalarEquals("1", 1L)).isFalse();
            assertThat(FilterValues.scalarEquals(true, true)).isTrue();
        }
    }
}
