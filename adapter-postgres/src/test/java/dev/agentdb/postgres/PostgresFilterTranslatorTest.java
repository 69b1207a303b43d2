package dev.agentdb.postgres;

import dev.agentdb.filter.Filter;
import dev.agentdb.sql.SqlFragment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresFilterTranslatorTest {
    private final PostgresFilterTranslator t = new PostgresFilterTranslator("metadata");

    @Test
    void should_match_everything_for_a_null_filter_and_the_empty_logical_forms() {
        assertThat(t.translate(null)).isEqualTo(new SqlFragment("TRUE", List.of()));
        assertThat(t.translate(Filter.and()).sql()).isEqualTo("TRUE");
        assertThat(t.translate(Filter.or()).sql()).isEqualTo("FALSE");
        assertThat(t.translate(Filter.in("a", List.of())).sql()).isEqualTo("FALSE");
        assertThat(t.translate(Filter.nin("a", List.of())).sql()).isEqualTo("NOT (FALSE)");
    }

    @Test
    void should_use_bound_containment_for_string_equality_on_a_nested_path() {
        SqlFragment f = t.translate(Filter.eq("a.b", "x'); DROP TABLE t; --"));
        assertThat(f.sql()).isEqualTo("(metadata @> ?::jsonb OR metadata @> ?::jsonb)");
        assertThat(f.params()).containsExactly("{\"a\":{\"b\":\"x'); DROP TABLE t; --\"}}",
                "{\"a\":{\"b\":[\"x'); DROP TABLE t; --\"]}}");
    }

    @Test
    void should_negate_equality_for_ne_and_in_for_nin() {
        assertThat(t.translate(Filter.ne("a", true)).sql()).isEqualTo("NOT ((metadata @> ?::jsonb OR metadata @> ?::jsonb))");
        SqlFragment nin = t.translate(Filter.nin("tag", "x", 2L));
        assertThat(nin.sql()).startsWith("NOT ((").contains(" OR ");
        assertThat(nin.params()).containsExactly("{\"tag\":\"x\"}", "{\"tag\":[\"x\"]}", "{\"tag\":2}", "{\"tag\":[2]}");
    }

    @Test
    void should_bind_each_path_segment_as_text_for_exists_and_eq_null() {
        SqlFragment ex = t.translate(Filter.exists("a.0"));
        assertThat(ex.sql()).isEqualTo("((metadata -> ?::text -> ?::text) IS NOT NULL)");
        assertThat(ex.params()).containsExactly("a", "0");
        SqlFragment missing = t.translate(Filter.exists("a", false));
        assertThat(missing.sql()).isEqualTo("((metadata -> ?::text) IS NULL)");
        SqlFragment eqNull = t.translate(Filter.eq("a", null));
        assertThat(eqNull.sql()).isEqualTo("(COALESCE((metadata -> ?::text), 'null'::jsonb) = 'null'::jsonb)");
        assertThat(eqNull.params()).containsExactly("a");
    }

    @Test
    void should_compare_strings_in_code_point_order_over_any_element() {
        SqlFragment f = t.translate(Filter.gt("name", "m"));
        assertThat(f.sql()).isEqualTo("EXISTS (SELECT 1 FROM jsonb_array_elements(CASE jsonb_typeof((metadata -> ?::text))"
                + " WHEN 'array' THEN (metadata -> ?::text) ELSE jsonb_build_array((metadata -> ?::text)) END) AS e(x)"
                + " WHERE CASE WHEN jsonb_typeof(x) = 'string' THEN (x #>> '{}') COLLATE \"C\" > ?::text ELSE FALSE END)");
        assertThat(f.params()).containsExactly("name", "name", "name", "m");
    }

    @Test
    void should_compare_integers_exactly_and_fractions_as_doubles() {
        SqlFragment l = t.translate(Filter.lte("n", 5));
        assertThat(l.sql()).contains("THEN x::numeric <= ?::numeric ELSE x::float8 <= ?::float8 END");
        assertThat(l.params()).containsExactly("n", "n", "n", 5L, 5.0);
        SqlFragment d = t.translate(Filter.gte("n", 2.5));
        assertThat(d.sql()).contains("CASE WHEN jsonb_typeof(x) = 'number' THEN x::float8 >= ?::float8 ELSE FALSE END");
        assertThat(d.params()).containsExactly("n", "n", "n", 2.5);
    }

    @Test
    void should_compare_equality_elementwise_for_numbers_beyond_two_to_the_53() {
        SqlFragment f = t.translate(Filter.eq("n", 9_007_199_254_740_993L));
        assertThat(f.sql()).startsWith("(EXISTS (SELECT 1 FROM jsonb_array_elements(").endsWith(")");
        assertThat(f.params()).containsExactly("n", "n", "n", 9_007_199_254_740_993L, 9.007199254740993E15);
    }

    @Test
    void should_write_fractional_containment_values_in_plain_notation() {
        assertThat(t.translate(Filter.eq("x", 1.5e-7)).params()).containsExactly("{\"x\":0.00000015}", "{\"x\":[0.00000015]}");
    }

    @Test
    void should_combine_logical_operators_with_parentheses() {
        SqlFragment f = t.translate(Filter.or(Filter.and(Filter.eq("a", 1), Filter.exists("b")),
                Filter.not(Filter.eq("c", "z"))));
        assertThat(f.sql()).isEqualTo("(((metadata @> ?::jsonb OR metadata @> ?::jsonb) AND ((metadata -> ?::text) IS NOT NULL))"
                + " OR NOT ((metadata @> ?::jsonb OR metadata @> ?::jsonb)))");
        assertThat(f.params()).hasSize(5);
    }

    @Test
    void should_refuse_a_column_that_is_not_an_identifier() {
        assertThatThrownBy(() -> new PostgresFilterTranslator("metadata; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
