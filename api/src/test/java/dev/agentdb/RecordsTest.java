package dev.agentdb;

import dev.agentdb.filter.Filter;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordsTest {

    @Test
    void should_store_null_metadata_as_an_empty_unmodifiable_map() {
        VectorRecord r = VectorRecord.of(new float[] {1}, null);

        assertThat(r.metadata()).isEmpty();
        assertThatThrownBy(() -> r.metadata().put("a", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(r.id()).isNull();
        assertThat(r.timestamp()).isNull();
    }

    @Test
    void should_copy_metadata_so_later_changes_do_not_leak_in() {
        Map<String, Object> m = new HashMap<>();
        m.put("a", 1);
        m.put("n", null);
        VectorRecord r = VectorRecord.of("x", new float[] {1}, m);

        m.put("a", 2);

        assertThat(r.metadata()).containsEntry("a", 1).containsKey("n");
    }

    @Test
    void should_compare_records_by_embedding_content() {
        VectorRecord a = new VectorRecord("x", new float[] {1, 2}, Map.of("k", "v"), "t", 5L);

        assertThat(a).isEqualTo(new VectorRecord("x", new float[] {1, 2}, Map.of("k", "v"), "t", 5L))
                .hasSameHashCodeAs(new VectorRecord("x", new float[] {1, 2}, Map.of("k", "v"), "t", 5L))
                .isNotEqualTo(new VectorRecord("x", new float[] {1, 3}, Map.of("k", "v"), "t", 5L))
                .isNotEqualTo(a.withId("y")).isNotEqualTo(a.withTimestamp(6L));
        assertThat(a.dimension()).isEqualTo(2);
        assertThat(VectorRecord.of(null, null).dimension()).isZero();
    }

    @Test
    void should_abbreviate_long_text_in_to_string() {
        VectorRecord r = new VectorRecord("x", new float[] {1}, null, "y".repeat(100), null);

        assertThat(r.toString()).contains("y".repeat(40) + "...").doesNotContain("y".repeat(41));
    }

    @Test
    void should_build_search_requests_with_defaults_and_copy_them() {
        SearchRequest plain = SearchRequest.builder(new float[] {1}).build();
        SearchRequest full = SearchRequest.builder(new float[] {1}).k(3).metric(Metric.L2).threshold(0.5)
                .filter(Filter.eq("a", 1)).efSearch(100).includeVectors(true).exact(true).build();

        assertThat(plain.k()).isEqualTo(SearchRequest.DEFAULT_K).isEqualTo(10);
        assertThat(plain.metric()).isNull();
        assertThat(plain.filter()).isNull();
        assertThat(plain.includeVectors()).isFalse();
        assertThat(plain.exact()).isFalse();
        SearchRequest copy = full.toBuilder().build();
        assertThat(copy.k()).isEqualTo(3);
        assertThat(copy.metric()).isEqualTo(Metric.L2);
        assertThat(copy.threshold()).isEqualTo(0.5);
        assertThat(copy.filter()).isEqualTo(Filter.eq("a", 1));
        assertThat(copy.efSearch()).isEqualTo(100);
        assertThat(copy.includeVectors()).isTrue();
        assertThat(copy.exact()).isTrue();
        assertThat(SearchRequest.of(new float[] {1}, 4).k()).isEqualTo(4);
    }

    @Test
    void should_name_field_and_problem_in_exception_messages() {
        InvalidInputException e = new InvalidInputException("embedding[3]", "must be finite, was NaN");
        DimensionMismatchException d = new DimensionMismatchException("embedding", "docs", 4, 3);

        assertThat(e).hasMessage("embedding[3]: must be finite, was NaN");
        assertThat(e.field()).isEqualTo("embedding[3]");
        assertThat(d).isInstanceOf(InvalidInputException.class)
                .hasMessage("embedding: dimension 3 does not match collection 'docs' dimension 4");
        assertThat(new UnsupportedFeatureException(dev.agentdb.spi.Capability.RAW_SQL, "mongodb"))
                .hasMessageContaining("RAW_SQL").hasMessageContaining("mongodb");
    }

    @Test
    void should_refuse_building_an_agentdb_without_adapter_or_url() {
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(InvalidInputException.class,
                () -> AgentDB.builder().build()).field()).isEqualTo("adapter");
        assertThatThrownBy(() -> AgentDB.open((AgentDBConfig) null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> AgentDB.open("no-scheme")).isInstanceOf(InvalidInputException.class);
    }
}
