package dev.agentdb.langchain4j;

import dev.agentdb.InvalidInputException;
import dev.agentdb.filter.Filter;
import dev.langchain4j.data.document.Metadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The translator against two oracles: the AgentDB tree it builds, and LangChain4j's own in-memory
 * {@code Filter.test} compared with AgentDB's {@code Filter.test} on the metadata the store writes.
 */
class AgentDbFilterTranslatorTest {
    private static final UUID ID = UUID.fromString("4f0d8a62-3c59-4d6e-9a8e-2b7e9f1c0a11");

    @Test
    void should_build_the_agentdb_tree_node_by_node() {
        var lc = metadataKey("a").isEqualTo("x")
                .and(metadataKey("b").isGreaterThan(1).or(metadataKey("c").isNotIn(2L, 3L)))
                .and(dev.langchain4j.store.embedding.filter.Filter.not(metadataKey("d").isLessThanOrEqualTo(1.5d)));

        Filter expected = Filter.and(
                Filter.and(Filter.eq("a", "x"), Filter.or(Filter.gt("b", 1), Filter.nin("c", List.of(2L, 3L)))),
                Filter.not(Filter.lte("d", 1.5d)));
        Filter actual = AgentDbFilterTranslator.translate(lc);
        // IsNotIn keeps its values in a set: compare the meaning on every shape, not the list order
        for (Metadata m : List.of(new Metadata(), new Metadata().put("a", "x").put("b", 2),
                new Metadata().put("a", "x").put("c", 3L).put("d", 2.0), new Metadata().put("a", "x").put("c", 4))) {
            assertThat(actual.test(MetadataMapping.toAgentDb(m))).isEqualTo(expected.test(MetadataMapping.toAgentDb(m)));
        }
        assertThat(AgentDbFilterTranslator.translate(metadataKey("k").isGreaterThanOrEqualTo(2))).isEqualTo(Filter.gte("k", 2));
        assertThat(AgentDbFilterTranslator.translate(metadataKey("k").isLessThan("b"))).isEqualTo(Filter.lt("k", "b"));
        assertThat(AgentDbFilterTranslator.translate(metadataKey("k").isNotEqualTo(ID))).isEqualTo(Filter.ne("k", ID.toString()));
        assertThat(AgentDbFilterTranslator.translate(metadataKey("k").isIn(List.of(7)))).isEqualTo(Filter.in("k", List.of(7)));
    }

    @Test
    void should_return_null_for_no_filter() {
        assertThat(AgentDbFilterTranslator.translate(null)).isNull();
    }

    @Test
    void should_compare_a_float_at_its_decimal_value() {
        // (double) 1.23f is 1.2300000190734863: the stored 1.23 would not equal it
        assertThat(AgentDbFilterTranslator.translate(metadataKey("k").isEqualTo(1.23f))).isEqualTo(Filter.eq("k", 1.23d));
        assertThat(AgentDbFilterTranslator.translate(metadataKey("k").isIn(1.1f))).isEqualTo(Filter.in("k", List.of(1.1d)));
    }

    static Stream<Arguments> should_agree_with_langchain4j_in_memory_semantics() {
        List<Metadata> metadatas = List.of(
                new Metadata(),
                new Metadata().put("key", "a"),
                new Metadata().put("key", "b").put("key2", "a"),
                new Metadata().put("key2", "z"),
                new Metadata().put("key", 1),
                new Metadata().put("key", 2L),
                new Metadata().put("key", 1.23f),
                new Metadata().put("key", 1.1f),
                new Metadata().put("key", 1.23d),
                new Metadata().put("key", Long.MAX_VALUE));
        List<dev.langchain4j.store.embedding.filter.Filter> stringFilters = List.of(
                metadataKey("key").isEqualTo("a"), metadataKey("key").isNotEqualTo("a"),
                metadataKey("key").isGreaterThan("a"), metadataKey("key").isLessThanOrEqualTo("a"),
                metadataKey("key").isIn("a", "c"), metadataKey("key").isNotIn("a", "c"),
                dev.langchain4j.store.embedding.filter.Filter.not(metadataKey("key").isEqualTo("a")),
                metadataKey("key").isEqualTo("a").or(metadataKey("key2").isEqualTo("a")));
        List<dev.langchain4j.store.embedding.filter.Filter> numberFilters = List.of(
                metadataKey("key").isEqualTo(1), metadataKey("key").isEqualTo(1L), metadataKey("key").isEqualTo(1.23f),
                metadataKey("key").isNotEqualTo(1.23f), metadataKey("key").isGreaterThan(1.1f),
                metadataKey("key").isGreaterThanOrEqualTo(1.1f), metadataKey("key").isLessThan(2),
                metadataKey("key").isIn(1, 2L), metadataKey("key").isNotIn(1.23d, 2),
                metadataKey("key").isGreaterThan(1).and(metadataKey("key").isLessThan(Long.MAX_VALUE)),
                dev.langchain4j.store.embedding.filter.Filter.not(metadataKey("key").isIn(1.1f, 1.23f)));
        Stream.Builder<Arguments> rows = Stream.builder();
        for (Metadata m : metadatas) {
            Object value = m.toMap().get("key");
            // LangChain4j's in-memory test throws on a type mismatch (AgentDB: false); compare like with like
            if (!(value instanceof Number)) {
                stringFilters.forEach(f -> rows.add(Arguments.of(f, m)));
            }
            if (!(value instanceof String)) {
                numberFilters.forEach(f -> rows.add(Arguments.of(f, m)));
            }
        }
        return rows.build();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource
    void should_agree_with_langchain4j_in_memory_semantics(dev.langchain4j.store.embedding.filter.Filter filter, Metadata metadata) {
        assertThat(AgentDbFilterTranslator.translate(filter).test(MetadataMapping.toAgentDb(metadata)))
                .isEqualTo(filter.test(metadata));
    }

    @Test
    void should_refuse_contains_string_as_unsupported() {
        assertThatThrownBy(() -> AgentDbFilterTranslator.translate(metadataKey("key").containsString("x")))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("substring");
    }

    @Test
    void should_refuse_a_key_that_is_not_one_path_segment() {
        // AgentDB reads "a.b" as nesting: it would silently address another field than the flat key "a.b"
        for (String key : List.of("a.b", "with space", "x".repeat(65))) {
            assertThatThrownBy(() -> AgentDbFilterTranslator.translate(metadataKey(key).isEqualTo("v")))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("filter"))
                    .hasMessageContaining(key)
                    .hasMessageContaining("[A-Za-z0-9_\\-]{1,64}");
        }
    }

    @Test
    void should_refuse_a_value_of_another_type() {
        assertThatThrownBy(() -> AgentDbFilterTranslator.translate(
                new dev.langchain4j.store.embedding.filter.comparison.IsEqualTo("k", List.of(1))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("filter"))
                .hasMessageContaining("java.util.");
    }
}
