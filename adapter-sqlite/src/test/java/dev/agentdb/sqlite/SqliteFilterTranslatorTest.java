package dev.agentdb.sqlite;

import dev.agentdb.InvalidInputException;
import dev.agentdb.filter.Filter;
import dev.agentdb.sql.SqlFragment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteFilterTranslatorTest {
    private static final String T = "json_type(t.metadata, ?)";
    private static final String V = "json_extract(t.metadata, ?)";

    private final SqliteFilterTranslator translator = new SqliteFilterTranslator("t.metadata");

    /** The expected "any element" shape: json_each over arrays, direct tests on scalars. */
    private static String any(String elementTest, String scalarTest) {
        return "(CASE json_type(t.metadata, ?) WHEN 'array' THEN EXISTS (SELECT 1 FROM json_each(t.metadata, ?) e "
                + "WHERE e.type NOT IN ('object', 'array') AND " + elementTest + ") WHEN 'object' THEN 0 WHEN 'null' THEN 0 "
                + "ELSE IFNULL(" + scalarTest + ", 0) END)";
    }

    @Test
    void should_match_everything_when_filter_is_null() {
        SqlFragment f = translator.translate(null);
        assertThat(f.sql()).isEqualTo("1");
        assertThat(f.params()).isEmpty();
    }

    @Test
    void should_bind_path_and_number_for_eq() {
        SqlFragment f = translator.translate(Filter.eq("a.b", 3));
        assertThat(f.sql()).isEqualTo(any("((e.type = 'integer' AND e.value = ?) OR (e.type = 'real' AND e.value = ?))",
                "((" + T + " = 'integer' AND " + V + " = ?) OR (" + T + " = 'real' AND " + V + " = ?))"));
        String p = "$.\"a\".\"b\"";
        assertThat(f.params()).containsExactly(p, p, 3L, 3.0, p, p, 3L, p, p, 3.0);
    }

    @Test
    void should_compare_fractional_numbers_as_doubles() {
        SqlFragment f = translator.translate(Filter.gt("a", 2.5));
        assertThat(f.sql()).isEqualTo(any("(e.type IN ('integer', 'real') AND (e.value + 0.0) > ?)",
                "(" + T + " IN ('integer', 'real') AND (" + V + " + 0.0) > ?)"));
        assertThat(f.params()).containsExactly("$.\"a\"", "$.\"a\"", 2.5, "$.\"a\"", "$.\"a\"", 2.5);
    }

    @Test
    void should_keep_strings_typed_and_bound() {
        String hostile = "x'); DROP TABLE vectors; --";
        SqlFragment f = translator.translate(Filter.gte("name", hostile));
        assertThat(f.sql()).isEqualTo(any("(e.type = 'text' AND e.value >= ?)", "(" + T + " = 'text' AND " + V + " >= ?)"));
        assertThat(f.sql()).doesNotContain("DROP");
        assertThat(f.params()).containsExactly("$.\"name\"", "$.\"name\"", hostile, "$.\"name\"", "$.\"name\"", hostile);
    }

    @Test
    void should_compare_booleans_by_json_type_without_value_parameters() {
        SqlFragment f = translator.translate(Filter.eq("flag", true));
        assertThat(f.sql()).isEqualTo(any("e.type = 'true'", T + " = 'true'"));
        assertThat(f.params()).containsExactly("$.\"flag\"", "$.\"flag\"", "$.\"flag\"");
    }

    @Test
    void should_match_missing_or_json_null_for_eq_null_and_negate_for_ne() {
        assertThat(translator.translate(Filter.eq("a", null)).sql()).isEqualTo("(IFNULL(json_type(t.metadata, ?), 'null') = 'null')");
        SqlFragment ne = translator.translate(Filter.ne("a", null));
        assertThat(ne.sql()).isEqualTo("NOT ((IFNULL(json_type(t.metadata, ?), 'null') = 'null'))");
        assertThat(ne.params()).containsExactly("$.\"a\"");
    }

    @Test
    void should_group_in_values_by_type() {
        SqlFragment f = translator.translate(Filter.in("tag", "x", 1, 2.5, false));
        assertThat(f.sql()).isEqualTo(any("((e.type = 'integer' AND e.value IN (?)) OR (e.type = 'real' AND e.value IN (?)) "
                        + "OR (e.type IN ('integer', 'real') AND (e.value + 0.0) IN (?)) OR (e.type = 'text' AND e.value IN (?)) OR e.type = 'false')",
                "((" + T + " = 'integer' AND " + V + " IN (?)) OR (" + T + " = 'real' AND " + V + " IN (?)) "
                        + "OR (" + T + " IN ('integer', 'real') AND (" + V + " + 0.0) IN (?)) OR (" + T + " = 'text' AND " + V + " IN (?)) "
                        + "OR " + T + " = 'false')"));
        String p = "$.\"tag\"";
        assertThat(f.params()).containsExactly(p, p, 1L, 1.0, 2.5, "x", p, p, 1L, p, p, 1.0, p, p, 2.5, p, p, "x", p);
    }

    @Test
    void should_translate_empty_in_to_false_and_empty_nin_to_true() {
        assertThat(translator.translate(Filter.in("a", List.of())).sql()).isEqualTo("0");
        assertThat(translator.translate(Filter.nin("a", List.of())).sql()).isEqualTo("NOT (0)");
    }

    @Test
    void should_translate_exists_with_json_type() {
        assertThat(translator.translate(Filter.exists("a")).sql()).isEqualTo("(json_type(t.metadata, ?) IS NOT NULL)");
        assertThat(translator.translate(Filter.exists("a", false)).sql()).isEqualTo("(json_type(t.metadata, ?) IS NULL)");
    }

    @Test
    void should_combine_logical_operators_in_parameter_order() {
        SqlFragment f = translator.translate(Filter.or(Filter.lt("n", "b"), Filter.not(Filter.exists("m"))));
        assertThat(f.sql()).isEqualTo("(" + any("(e.type = 'text' AND e.value < ?)", "(" + T + " = 'text' AND " + V + " < ?)")
                + " OR NOT ((json_type(t.metadata, ?) IS NOT NULL)))");
        assertThat(f.params()).containsExactly("$.\"n\"", "$.\"n\"", "b", "$.\"n\"", "$.\"n\"", "b", "$.\"m\"");
        assertThat(translator.translate(Filter.and()).sql()).isEqualTo("1");
        assertThat(translator.translate(Filter.or()).sql()).isEqualTo("0");
    }

    @Test
    void should_count_one_parameter_per_placeholder() {
        Filter f = Filter.parse("{\"$or\": [{\"a\": {\"$in\": [1, 2.5, \"s\", true]}}, {\"b.c\": {\"$nin\": [3]}}, {\"d\": null}, "
                + "{\"e\": {\"$gte\": 1, \"$lt\": \"z\"}}]}");
        SqlFragment t = translator.translate(f);
        assertThat(t.params()).hasSize(t.sql().length() - t.sql().replace("?", "").length());
    }

    @Test
    void should_quote_every_path_segment() {
        assertThat(dev.agentdb.sql.SqlDialect.SQLITE.jsonPath("a-b.0.c_d")).isEqualTo("$.\"a-b\".\"0\".\"c_d\"");
    }

    @Test
    void should_refuse_paths_the_filter_records_refuse() {
        assertThatThrownBy(() -> Filter.eq("a\".b", 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new SqliteFilterTranslator("t.metadata; DROP")).isInstanceOf(IllegalArgumentException.class);
    }
}
