package dev.agentdb.springai;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.filter.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.ai.vectorstore.filter.Filter.Expression;
import org.springframework.ai.vectorstore.filter.Filter.ExpressionType;
import org.springframework.ai.vectorstore.filter.Filter.Key;
import org.springframework.ai.vectorstore.filter.Filter.Value;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;

import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The translation of Spring AI filter expressions (text syntax and builder) to AgentDB filter trees; no I/O. */
class AgentDbFilterTranslatorTest {
    private final FilterExpressionTextParser parser = new FilterExpressionTextParser();

    private Filter text(String expression) {
        return AgentDbFilterTranslator.translate(parser.parse(expression));
    }

    @Test
    void should_translate_every_operator_of_the_text_syntax_to_the_same_tree() {
        assertThat(text("country == 'BG'")).isEqualTo(Filter.eq("country", "BG"));
        assertThat(text("country != 'BG'")).isEqualTo(Filter.ne("country", "BG"));
        assertThat(text("year > 2020")).isEqualTo(Filter.gt("year", 2020));
        assertThat(text("year >= 2020")).isEqualTo(Filter.gte("year", 2020));
        assertThat(text("year < 2020.5")).isEqualTo(Filter.lt("year", 2020.5));
        assertThat(text("year <= 2020")).isEqualTo(Filter.lte("year", 2020));
        assertThat(text("country in ['BG', 'NL']")).isEqualTo(Filter.in("country", List.of("BG", "NL")));
        assertThat(text("year not in [2020, 2021]")).isEqualTo(Filter.nin("year", List.of(2020, 2021)));
        assertThat(text("year IS NULL")).isEqualTo(Filter.eq("year", null));
        assertThat(text("year IS NOT NULL")).isEqualTo(Filter.ne("year", null));
        assertThat(text("active == true")).isEqualTo(Filter.eq("active", true));
        assertThat(text("country == 'BG' && year == 2020 || country == 'NL'")).isEqualTo(Filter.or(
                Filter.and(Filter.eq("country", "BG"), Filter.eq("year", 2020)), Filter.eq("country", "NL")));
        assertThat(text("NOT((country == 'BG' && year == 2020) || (country == 'NL'))")).isEqualTo(Filter.not(Filter.or(
                Filter.and(Filter.eq("country", "BG"), Filter.eq("year", 2020)), Filter.eq("country", "NL"))));
    }

    @Test
    void should_read_not_as_spring_ai_parses_it_over_the_rest_of_the_expression() {
        // Spring AI's grammar: NOT takes the whole boolean expression after it, parentheses or not
        assertThat(text("NOT(year IS NULL) && country == 'BG'"))
                .isEqualTo(Filter.not(Filter.and(Filter.eq("year", null), Filter.eq("country", "BG"))));
        assertThat(text("country == 'NL' || NOT(year IS NULL)"))
                .isEqualTo(Filter.or(Filter.eq("country", "NL"), Filter.not(Filter.eq("year", null))));
    }

    @Test
    void should_translate_builder_expressions_with_groups() {
        FilterExpressionBuilder b = new FilterExpressionBuilder();
        Expression e = b.and(b.group(b.or(b.eq("a", 1), b.eq("b", 2L))), b.not(b.in("c", "x", "y"))).build();
        assertThat(AgentDbFilterTranslator.translate(e)).isEqualTo(Filter.and(
                Filter.or(Filter.eq("a", 1), Filter.eq("b", 2L)), Filter.not(Filter.in("c", List.of("x", "y")))));
        assertThat(AgentDbFilterTranslator.translate(null)).isNull();
    }

    @Test
    void should_strip_the_quotes_of_a_quoted_key_and_keep_dots_as_nesting() {
        assertThat(text("\"year\" >= 2020")).isEqualTo(Filter.gte("year", 2020));
        assertThat(text("author.name == 'ada'")).isEqualTo(Filter.eq("author.name", "ada"));
        assertThat(text("author.name == 'ada'").test(Map.of("author", Map.of("name", "ada")))).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "year == 2020.0         | true",
        "year == 2020           | true",
        "price > 2              | true",
        "price in [2.5, 7]      | true",
        "price == 2             | false",
        "year != 2020.0         | false",
        "missing != 1           | true",
        "missing not in [1]     | true",
        "NOT(missing == 1)      | true",
        "missing > 1            | false",
        "missing IS NULL        | true",
        "missing IS NOT NULL    | false",
        "nothing IS NULL        | true",
        "nothing IS NOT NULL    | false",
    })
    void should_match_ints_doubles_and_missing_keys_like_agentdb(String expression, boolean matches) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("year", 2020);   // an int
        metadata.put("price", 2.5);   // a double
        metadata.put("nothing", null);
        assertThat(text(expression).test(metadata)).isEqualTo(matches);
    }

    @Test
    void should_refuse_a_key_that_is_not_a_metadata_path_naming_the_limit() {
        assertThatThrownBy(() -> text("\"foo bar 1\" == 'bar.foo'"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(Limits.PATH_SEGMENT.pattern());
    }

    @Test
    void should_refuse_values_agentdb_does_not_compare_naming_filter_expression() {
        Expression date = new Expression(ExpressionType.EQ, new Key("when"), new Value(new Date(0)));
        assertThatThrownBy(() -> AgentDbFilterTranslator.translate(date))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("filterExpression"))
                .hasMessageContaining("java.util.Date");
        Expression inWithoutList = new Expression(ExpressionType.IN, new Key("a"), new Value("x"));
        assertThatThrownBy(() -> AgentDbFilterTranslator.translate(inWithoutList))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("list");
        Expression keyOnRight = new Expression(ExpressionType.EQ, new Value("x"), new Key("a"));
        assertThatThrownBy(() -> AgentDbFilterTranslator.translate(keyOnRight))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("key");
        Expression andOfValues = new Expression(ExpressionType.AND, new Value(1), new Value(2));
        assertThatThrownBy(() -> AgentDbFilterTranslator.translate(andOfValues))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("operand");
    }

    @Test
    void should_refuse_a_list_beyond_the_in_limit_naming_it() {
        List<Object> many = new java.util.ArrayList<>();
        for (int i = 0; i <= Limits.MAX_IN_VALUES; i++) {
            many.add(i);
        }
        Expression in = new Expression(ExpressionType.IN, new Key("a"), new Value(many));
        assertThatThrownBy(() -> AgentDbFilterTranslator.translate(in))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(String.valueOf(Limits.MAX_IN_VALUES));
    }
}
