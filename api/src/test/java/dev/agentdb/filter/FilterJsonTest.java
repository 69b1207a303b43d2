package dev.agentdb.filter;

import dev.agentdb.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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

class FilterJsonTest {

    private static InvalidInputException parseError(String json) {
        return catchThrowableOfType(InvalidInputException.class, () -> Filter.parse(json));
    }

    @Test
    void should_parse_the_readme_example_into_an_and_of_in_and_gte() {
        Filter f = Filter.parse("{\"category\":{\"$in\":[\"tech\",\"science\"]},\"year\":{\"$gte\":2020}}");

        assertThat(f).isEqualTo(and(in("category", "tech", "science"), gte("year", 2020)));
        assertThat(f.test(Map.of("category", "tech", "year", 2021L))).isTrue();
        assertThat(f.test(Map.of("category", "art", "year", 2021L))).isFalse();
        assertThat(f.test(Map.of("category", "science", "year", 2019L))).isFalse();
    }

    @Test
    void should_parse_a_scalar_as_equality_and_several_keys_as_implicit_and() {
        assertThat(Filter.parse("{\"a\": 1}")).isEqualTo(eq("a", 1));
        assertThat(Filter.parse("{\"a\": \"x\", \"b\": true, \"c\": null, \"d\": 2.5}"))
                .isEqualTo(and(eq("a", "x"), eq("b", true), eq("c", null), eq("d", 2.5)));
    }

    @Test
    void should_parse_every_field_operator() {
        assertThat(Filter.parse("{\"n\": {\"$eq\": 1}}")).isEqualTo(eq("n", 1));
        assertThat(Filter.parse("{\"n\": {\"$ne\": null}}")).isEqualTo(ne("n", null));
        assertThat(Filter.parse("{\"n\": {\"$gt\": -1.5}}")).isEqualTo(gt("n", -1.5));
        assertThat(Filter.parse("{\"n\": {\"$gte\": \"a\"}}")).isEqualTo(gte("n", "a"));
        assertThat(Filter.parse("{\"n\": {\"$lt\": 10}}")).isEqualTo(lt("n", 10));
        assertThat(Filter.parse("{\"n\": {\"$lte\": 1e3}}")).isEqualTo(lte("n", 1000));
        assertThat(Filter.parse("{\"n\": {\"$in\": [1, \"1\", true]}}")).isEqualTo(in("n", 1, "1", true));
        assertThat(Filter.parse("{\"n\": {\"$nin\": []}}")).isEqualTo(nin("n", List.of()));
        assertThat(Filter.parse("{\"n\": {\"$exists\": false}}")).isEqualTo(exists("n", false));
        assertThat(Filter.parse("{\"n\": {\"$not\": {\"$gt\": 5}}}")).isEqualTo(not(gt("n", 5)));
        assertThat(Filter.parse("{\"n\": {\"$gte\": 1, \"$lt\": 5}}")).isEqualTo(and(gte("n", 1), lt("n", 5)));
    }

    @Test
    void should_parse_logical_operators() {
        assertThat(Filter.parse("{\"$and\": [{\"a\": 1}, {\"b\": 2}]}")).isEqualTo(and(eq("a", 1), eq("b", 2)));
        assertThat(Filter.parse("{\"$or\": [{\"a\": 1}, {\"b\": 2}]}")).isEqualTo(or(eq("a", 1), eq("b", 2)));
        assertThat(Filter.parse("{\"$nor\": [{\"a\": 1}, {\"b\": 2}]}")).isEqualTo(not(or(eq("a", 1), eq("b", 2))));
        assertThat(Filter.parse("{\"$not\": {\"a\": 1, \"b\": 2}}")).isEqualTo(not(and(eq("a", 1), eq("b", 2))));
        assertThat(Filter.parse("{\"$or\": []}")).isEqualTo(or());
        assertThat(Filter.parse("{}")).isEqualTo(and());
        assertThat(Filter.parse("{\"a\": 1, \"$or\": [{\"b\": 2}, {\"c\": {\"$exists\": true}}]}"))
                .isEqualTo(and(eq("a", 1), or(eq("b", 2), exists("c"))));
    }

    @Test
    void should_parse_dotted_paths_as_nested_lookups() {
        Filter f = Filter.parse("{\"author.address.country\": \"FR\"}");

        assertThat(f).isEqualTo(eq("author.address.country", "FR"));
        assertThat(f.test(Map.of("author", Map.of("address", Map.of("country", "FR"))))).isTrue();
        assertThat(f.test(Map.of("author.address.country", "FR"))).isFalse();
    }

    @Test
    void should_normalise_json_numbers_like_the_builders() {
        assertThat(Filter.parse("{\"n\": 2020.0}")).isEqualTo(eq("n", 2020));
        assertThat(((Filter.Comparison) Filter.parse("{\"n\": 2020.0}")).value()).isEqualTo(2020L);
        assertThat(((Filter.Comparison) Filter.parse("{\"n\": 12345678901234567890}")).value()).isInstanceOf(Double.class);
        assertThat(((Filter.Comparison) Filter.parse("{\"n\": 9007199254740993}")).value()).isEqualTo(9_007_199_254_740_993L);
    }

    static Stream<Filter> roundTrips() {
        return Stream.of(eq("a", 1), eq("a", null), ne("a.b", "x\"y\\z\u2603"), gt("n", -2.5), gte("n", 0), lt("s", "\ud834\udd1e"),
                lte("n", 1e300), in("t", "a", 1, true, 2.5), nin("t", List.of()), exists("e"), exists("e", false),
                and(), or(), and(eq("a", 1), or(eq("b", 2), not(exists("c")))), not(not(eq("a", false))),
                and(and(and(eq("deep", 1)))), in("n", 9_007_199_254_740_993L));
    }

    @ParameterizedTest
    @MethodSource("roundTrips")
    void should_read_back_to_an_equal_filter_from_to_json(Filter f) {
        String json = f.toJson();

        assertThat(Filter.parse(json)).as(json).isEqualTo(f);
        assertThat(Filter.parse(Filter.parse(json).toJson()).toJson()).isEqualTo(json);
    }

    @Test
    void should_write_mongodb_style_json() {
        assertThat(and(eq("a", 1), in("b", "x")).toJson()).isEqualTo("{\"$and\":[{\"a\":{\"$eq\":1}},{\"b\":{\"$in\":[\"x\"]}}]}");
        assertThat(not(exists("c", false)).toJson()).isEqualTo("{\"$not\":{\"c\":{\"$exists\":false}}}");
        assertThat(eq("n", null).toJson()).isEqualTo("{\"n\":{\"$eq\":null}}");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"year\": {\"$gte\": true}}                 | $.year.$gte",
            "{\"year\": {\"$gte\": null}}                 | $.year.$gte",
            "{\"year\": {\"$gte\": [1]}}                  | $.year.$gte",
            "{\"year\": {\"$gte\": {\"a\": 1}}}           | $.year.$gte",
            "{\"year\": {\"$in\": 5}}                     | $.year.$in",
            "{\"year\": {\"$in\": [1, null]}}             | $.year.$in[1]",
            "{\"year\": {\"$nin\": [1, [2]]}}             | $.year.$nin[1]",
            "{\"year\": {\"$exists\": 1}}                 | $.year.$exists",
            "{\"year\": {\"$regex\": \"a\"}}              | $.year.$regex",
            "{\"year\": {\"$gt\": 1, \"x\": 2}}           | $.year.x",
            "{\"year\": {\"$not\": {\"$lt\": false}}}     | $.year.$not.$lt",
            "{\"$where\": \"sleep(1)\"}                   | $.$where",
            "{\"$and\": {\"a\": 1}}                       | $.$and",
            "{\"$or\": [{\"a\": 1}, 7]}                   | $.$or[1]",
            "{\"$or\": [{\"a\": 1}, {\"b\": {\"$lt\": true}}]} | $.$or[1].b.$lt",
            "{\"$not\": [1]}                              | $.$not",
            "{\"a b\": 1}                                 | $.a b",
            "{\"a.$gt\": 1}                               | $.a.$gt",
            "{\"tags\": [\"a\"]}                          | $.tags",
            "{\"nested\": {\"a\": 1}}                     | $.nested",
            "{\"nested\": {}}                             | $.nested",
            "[1, 2]                                       | $",
            "null                                         | $",
            "\"text\"                                     | $",
    })
    void should_name_the_json_path_of_the_first_problem(String json, String path) {
        InvalidInputException e = parseError(json);

        assertThat(e).as(json).isNotNull();
        assertThat(e.field()).isEqualTo("filter at " + path);
        assertThat(e.getMessage()).startsWith("filter at " + path + ": ");
    }

    @Test
    void should_name_line_and_column_of_a_syntax_error() {
        InvalidInputException e = parseError("{\n  \"a\": 1,\n  \"b\": \n}");

        assertThat(e.field()).isEqualTo("filter");
        assertThat(e.getMessage()).contains("line 4, column 1");
        assertThat(parseError("{\"year\": {\"$gte\": }}").getMessage()).contains("line 1, column 19");
        assertThat(parseError("{\"a\": 1").getMessage()).contains("malformed JSON at line 1");
        assertThat(parseError("{'a': 1}").getMessage()).contains("malformed JSON");
    }

    @Test
    void should_refuse_trailing_text_after_the_filter() {
        InvalidInputException e = parseError("{\"a\": 1}}");
        InvalidInputException second = parseError("{\"a\": 1} {\"b\": 2}");

        assertThat(e.field()).isEqualTo("filter");
        assertThat(e.getMessage()).contains("line 1, column");
        assertThat(second.field()).isEqualTo("filter");
    }

    @Test
    void should_refuse_a_key_given_twice_instead_of_dropping_a_condition() {
        InvalidInputException e = parseError("{\"year\": {\"$gte\": 2020}, \"year\": {\"$lt\": 2022}}");

        assertThat(e.field()).isEqualTo("filter");
        assertThat(e.getMessage()).contains("year").contains("line 1");
        assertThat(parseError("{\"year\": {\"$gte\": 2020, \"$gte\": 2030}}")).isNotNull();
    }

    @Test
    void should_refuse_empty_null_and_non_finite_input() {
        assertThat(parseError("").field()).isEqualTo("filter");
        assertThat(parseError("   ").field()).isEqualTo("filter");
        assertThatThrownBy(() -> Filter.parse(null)).isInstanceOf(InvalidInputException.class);
        assertThat(parseError("{\"n\": 1e400}").field()).isEqualTo("filter at $.n");
    }

    @Test
    void should_refuse_in_lists_over_the_limit_at_their_position() {
        StringBuilder sb = new StringBuilder("{\"n\": {\"$in\": [0");
        for (int i = 1; i <= Filter.MAX_IN_VALUES; i++) {
            sb.append(',').append(i);
        }
        sb.append("]}}");

        InvalidInputException e = parseError(sb.toString());

        assertThat(e.field()).isEqualTo("filter at $.n.$in");
        assertThat(e.getMessage()).contains(String.valueOf(Filter.MAX_IN_VALUES));
    }

    @Test
    void should_refuse_absurdly_deep_nesting_without_overflowing_the_stack() {
        String deep = "{\"$not\":".repeat(5_000) + "{\"a\":1}" + "}".repeat(5_000);

        assertThat(parseError(deep).field()).isEqualTo("filter");
    }
}
