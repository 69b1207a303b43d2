package dev.agentdb.compat;

import dev.agentdb.AgentDB;
import dev.agentdb.SearchResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CrossBackendAssertionsTest {

    private static SearchResult hit(String id, double score, double distance) {
        return new SearchResult(id, score, distance, Map.of("k", 1L), "t", null);
    }

    @Test
    void should_pass_for_two_databases_of_the_reference_adapter_and_drop_its_collections() {
        try (AgentDB a = AgentDB.open("memref:" + UUID.randomUUID());
             AgentDB b = AgentDB.open("memref:" + UUID.randomUUID())) {
            CrossBackendAssertions.assertSameResults(a, b);
            CrossBackendAssertions.assertSameResults(a, b,
                    CrossBackendAssertions.Options.defaults().withSize(50).withDimension(3).withK(60).withAnn(false));

            assertThat(a.listCollections()).isEmpty();
            assertThat(b.listCollections()).isEmpty();
        }
    }

    @Test
    void should_accept_scores_within_tolerance() {
        CrossBackendAssertions.assertSameHits(
                List.of(hit("a", 0.9, 0.1), hit("b", 0.5, 0.5)),
                List.of(hit("a", 0.9 + 4e-6, 0.1 - 4e-6), hit("b", 0.5, 0.5)), "ctx");
    }

    @Test
    void should_reject_different_order_or_scores_beyond_tolerance() {
        assertThatThrownBy(() -> CrossBackendAssertions.assertSameHits(
                List.of(hit("a", 0.9, 0.1), hit("b", 0.5, 0.5)),
                List.of(hit("b", 0.5, 0.5), hit("a", 0.9, 0.1)), "order"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("order");
        assertThatThrownBy(() -> CrossBackendAssertions.assertSameHits(
                List.of(hit("a", 0.9, 0.1)), List.of(hit("a", 0.9 + 5e-5, 0.1)), "score"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("score of a");
        assertThatThrownBy(() -> CrossBackendAssertions.assertSameHits(
                List.of(hit("a", 0.9, 0.1)), List.of(hit("a", 0.9, 0.1 + 5e-5)), "distance"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("distance of a");
        assertThatThrownBy(() -> CrossBackendAssertions.assertSameHits(
                List.of(hit("a", 0.9, 0.1)), List.of(new SearchResult("a", 0.9, 0.1, Map.of("k", 2L), "t", null)), "meta"))
                .isInstanceOf(AssertionError.class);
    }
}
