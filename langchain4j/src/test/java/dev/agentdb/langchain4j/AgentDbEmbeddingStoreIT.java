package dev.agentdb.langchain4j;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.DimensionMismatchException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.Metric;
import dev.agentdb.VectorRecord;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** What the kit does not cover, on a SQLite file: the builder, other metrics, records of other clients, limits. */
class AgentDbEmbeddingStoreIT {
    @TempDir
    Path dir;
    private AgentDB db;

    @BeforeEach
    void open() {
        db = AgentDB.open("sqlite:" + dir.resolve("store.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Embedding e(float... v) {
        return Embedding.from(v);
    }

    private static EmbeddingSearchRequest query(Embedding q, int max, double minScore) {
        return EmbeddingSearchRequest.builder().queryEmbedding(q).maxResults(max).minScore(minScore).build();
    }

    @Test
    void should_rank_by_l2_with_relevance_one_over_one_plus_distance() {
        var store = AgentDbEmbeddingStore.builder().agentDb(db).collection("l2").dimension(2).metric(Metric.L2).build();
        String near = store.add(e(1, 0));
        String far = store.add(e(4, 0)); // distance 3: relevance 1/4

        List<EmbeddingMatch<TextSegment>> all = store.search(query(e(1, 0), 10, 0)).matches();
        assertThat(all).extracting(EmbeddingMatch::embeddingId).containsExactly(near, far);
        assertThat(all.get(0).score()).isCloseTo(1.0, within(1e-6));
        assertThat(all.get(1).score()).isCloseTo(0.25, within(1e-6));
        assertThat(store.search(query(e(1, 0), 10, 0.26)).matches()).extracting(EmbeddingMatch::embeddingId).containsExactly(near);
    }

    @Test
    void should_map_inner_product_of_unit_vectors_like_cosine() {
        var store = AgentDbEmbeddingStore.builder().agentDb(db).collection("ip").dimension(2).metric(Metric.INNER_PRODUCT).build();
        store.add(e(0, 1)); // dot 0 with the query: relevance 0.5
        String opposite = store.add(e(-1, 0)); // dot -1: relevance 0

        List<EmbeddingMatch<TextSegment>> all = store.search(query(e(1, 0), 10, 0)).matches();
        assertThat(all).extracting(EmbeddingMatch::score).containsExactly(0.5, 0.0);
        assertThat(all.get(1).embeddingId()).isEqualTo(opposite);
        assertThat(store.search(query(e(1, 0), 10, 0.5)).matches()).hasSize(1);
    }

    @Test
    void should_read_records_of_other_clients_keeping_what_langchain4j_metadata_holds() {
        var store = AgentDbEmbeddingStore.builder().agentDb(db).collection("mixed").dimension(2).build();
        db.collection("mixed").insert(new VectorRecord("with-text", new float[] {1, 0},
                Map.of("tag", "x", "n", 3, "flag", true, "list", List.of(1, 2), "nested", Map.of("a", 1)), "hello", null));
        db.collection("mixed").insert(VectorRecord.of("no-text", new float[] {0, 1}, Map.of("tag", "y")));

        List<EmbeddingMatch<TextSegment>> matches = store.search(query(e(1, 0), 10, 0)).matches();

        assertThat(matches.get(0).embedded()).isEqualTo(TextSegment.from("hello", new Metadata().put("tag", "x").put("n", 3)));
        assertThat(matches.get(1).embeddingId()).isEqualTo("no-text");
        assertThat(matches.get(1).embedded()).isNull();
    }

    @Test
    void should_replace_a_record_added_again_under_its_id_and_keep_its_own_copy_of_the_vector() {
        var store = AgentDbEmbeddingStore.builder().agentDb(db).collection("upsert").dimension(2).build();
        store.add("a", e(1, 0));
        float[] vector = {0, 1};
        store.addAll(List.of("a"), List.of(Embedding.from(vector)), List.of(TextSegment.from("second")));
        vector[0] = 5; // the caller's array changes after the add

        List<EmbeddingMatch<TextSegment>> matches = store.search(query(e(0, 1), 10, 0)).matches();
        assertThat(matches).singleElement().satisfies(m -> {
            assertThat(m.embedded().text()).isEqualTo("second");
            assertThat(m.embedding().vector()).containsExactly(0f, 1f);
            assertThat(m.score()).isCloseTo(1.0, within(1e-6));
        });
    }

    @Test
    void should_filter_and_remove_by_filter_with_missing_keys_matching_not_equal() {
        var store = AgentDbEmbeddingStore.builder().agentDb(db).collection("filters").dimension(2).build();
        store.add(e(1, 0), TextSegment.from("a", new Metadata().put("user", "klaus").put("year", 2024)));
        store.add(e(1, 0), TextSegment.from("b", new Metadata().put("user", "alice").put("year", 2020)));
        store.add(e(1, 0), TextSegment.from("c"));

        var notKlaus = EmbeddingSearchRequest.builder().queryEmbedding(e(1, 0)).maxResults(10)
                .filter(metadataKey("user").isNotEqualTo("klaus")).build();
        assertThat(store.search(notKlaus).matches()).extracting(m -> m.embedded().text()).containsExactlyInAnyOrder("b", "c");

        store.removeAll(metadataKey("year").isGreaterThanOrEqualTo(2021L));
        assertThat(store.search(query(e(1, 0), 10, 0)).matches()).extracting(m -> m.embedded().text()).containsExactlyInAnyOrder("b", "c");

        store.removeAll();
        assertThat(store.search(query(e(1, 0), 10, 0)).matches()).isEmpty();
        assertThat(db.hasCollection("filters")).isTrue();
    }

    @Test
    void should_refuse_bad_input_with_typed_errors() {
        var store = AgentDbEmbeddingStore.builder().agentDb(db).collection("bad").dimension(2).build();

        assertThatThrownBy(() -> store.search(query(e(1, 0), Limits.MAX_K + 1, 0)))
                .isInstanceOfSatisfying(InvalidInputException.class, ex -> assertThat(ex.field()).isEqualTo("maxResults"))
                .hasMessageContaining("10000");
        assertThatThrownBy(() -> store.search(EmbeddingSearchRequest.builder().queryEmbedding(e(1, 0))
                .filter(metadataKey("a.b").isEqualTo(1)).build()))
                .isInstanceOfSatisfying(InvalidInputException.class, ex -> assertThat(ex.field()).isEqualTo("filter"));
        assertThatThrownBy(() -> store.add(e(1, 0, 0))).isInstanceOf(DimensionMismatchException.class);
        assertThatThrownBy(() -> store.add(e(Float.NaN, 0))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.addAll(List.of("a", "b"), List.of(e(1, 0)), null))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("ids size (2)");
        assertThatThrownBy(() -> store.add(" ", e(1, 0)))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("id cannot be null or blank");
        assertThat(store.addAll(List.of())).isEmpty();
    }

    @Test
    void should_build_on_the_default_collection_without_a_dimension_and_refuse_what_it_cannot_open() {
        var store = AgentDbEmbeddingStore.builder().agentDb(db).build();
        assertThat(store.collection().name()).isEqualTo(AgentDB.DEFAULT_COLLECTION);
        assertThat(store.search(query(e(1, 0, 0), 3, 0)).matches()).isEmpty(); // no dimension yet
        store.add(e(1, 0, 0));
        assertThat(store.collection().spec().dimension()).isEqualTo(3);

        assertThatThrownBy(() -> AgentDbEmbeddingStore.builder().agentDb(db).collection("missing").build())
                .isInstanceOfSatisfying(InvalidInputException.class, ex -> assertThat(ex.field()).isEqualTo("dimension"));
        assertThatThrownBy(() -> AgentDbEmbeddingStore.builder().build())
                .isInstanceOfSatisfying(InvalidInputException.class, ex -> assertThat(ex.field()).isEqualTo("url"));
        assertThatThrownBy(() -> AgentDbEmbeddingStore.builder().agentDb(db).url("sqlite::memory:").build())
                .isInstanceOfSatisfying(InvalidInputException.class, ex -> assertThat(ex.field()).isEqualTo("url"));

        AgentDbEmbeddingStore.builder().agentDb(db).collection("cos").dimension(2).build();
        assertThatThrownBy(() -> AgentDbEmbeddingStore.builder().agentDb(db).collection("cos").metric(Metric.L2).build())
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> AgentDbEmbeddingStore.builder().agentDb(db).collection("cos").dimension(3).build())
                .isInstanceOf(ConflictException.class);
        assertThat(AgentDbEmbeddingStore.builder().agentDb(db).collection("cos").build().collection().spec())
                .isEqualTo(CollectionSpec.of(2, Metric.COSINE));
    }

    @Test
    void should_close_the_database_it_opened_and_only_that_one() {
        String url = "sqlite:" + dir.resolve("owned.db");
        try (var owned = AgentDbEmbeddingStore.builder().url(url).collection("docs").dimension(2).build()) {
            owned.add("x", e(1, 0));
        }
        try (var reopened = AgentDbEmbeddingStore.builder().url(url).collection("docs").build()) {
            assertThat(reopened.search(query(e(1, 0), 1, 0)).matches()).extracting(EmbeddingMatch::embeddingId).containsExactly("x");
        } // a second open of the same file works: the first store closed its AgentDB

        var borrowed = AgentDbEmbeddingStore.builder().agentDb(db).collection("docs").dimension(2).build();
        borrowed.close();
        assertThat(db.hasCollection("docs")).isTrue(); // the caller's database is still open
    }
}
