package dev.agentdb.sqlite;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.DimensionMismatchException;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.observation.MicrometerObserver;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every API call on a real SQLite file is one Micrometer observation named
 * {@code db.vector.client.operation} with Spring AI's tag names; a failing call is recorded with its
 * error and the caller still gets the API's own exception.
 */
class SqliteObservationIT {
    @TempDir
    Path dir;

    @Test
    void should_observe_each_call_with_spring_ais_tag_names() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        try (AgentDB db = AgentDB.builder().url("sqlite:" + dir.resolve("obs.db")).observer(MicrometerObserver.of(registry)).build()) {
            VectorCollection notes = db.createCollection("notes", CollectionSpec.of(3, Metric.L2));
            notes.insertBatch(List.of(VectorRecord.of("a", new float[]{1, 0, 0}, Map.of("k", 1)),
                    VectorRecord.of("b", new float[]{0, 1, 0}, Map.of("k", 2))));
            assertThat(notes.search(SearchRequest.builder(new float[]{1, 0, 0}).k(2).filter(Filter.eq("k", 1)).build()))
                    .extracting(r -> r.id()).containsExactly("a");
            assertThat(notes.get("b")).isPresent();
            assertThat(notes.delete("b")).isTrue();

            assertThat(registry)
                    .hasNumberOfObservationsWithNameEqualTo(MicrometerObserver.NAME, 5)
                    .hasAnObservation(o -> o.hasNameEqualTo(MicrometerObserver.NAME)
                            .hasContextualNameEqualTo("search notes")
                            .hasLowCardinalityKeyValue("db.system", "agentdb")
                            .hasLowCardinalityKeyValue("db.system.name", "sqlite")
                            .hasLowCardinalityKeyValue("db.operation.name", "search")
                            .hasLowCardinalityKeyValue("db.collection.name", "notes")
                            .hasLowCardinalityKeyValue("db.search.similarity_metric", "l2")
                            .hasLowCardinalityKeyValue("db.vector.dimension_count", "3")
                            .hasHighCardinalityKeyValue("db.vector.query.top_k", "2"))
                    .hasAnObservation(o -> o.hasContextualNameEqualTo("insert_batch notes")
                            .hasHighCardinalityKeyValue("db.operation.batch.size", "2"))
                    .hasAnObservation(o -> o.hasContextualNameEqualTo("create_collection notes"))
                    .hasAnObservation(o -> o.hasContextualNameEqualTo("get notes"))
                    .hasAnObservation(o -> o.hasContextualNameEqualTo("delete notes"));
        }
    }

    @Test
    void should_not_observe_a_call_again_inside_another_vector_store_observation() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        try (AgentDB db = AgentDB.builder().url("sqlite:" + dir.resolve("nested.db")).observer(MicrometerObserver.of(registry)).build()) {
            VectorCollection notes = db.createCollection("notes", CollectionSpec.of(2, Metric.COSINE));
            io.micrometer.observation.Observation.createNotStarted(MicrometerObserver.NAME, registry).contextualName("add outer")
                    .observe(() -> notes.insert(VectorRecord.of("a", new float[]{1, 0}, Map.of())));
            assertThat(notes.count()).isEqualTo(1);
            // create, the outer one, count: the insert inside the outer observation is counted once, by it
            assertThat(registry).hasNumberOfObservationsWithNameEqualTo(MicrometerObserver.NAME, 3)
                    .hasAnObservation(o -> o.hasContextualNameEqualTo("create_collection notes"))
                    .hasAnObservation(o -> o.hasContextualNameEqualTo("add outer"))
                    .hasAnObservation(o -> o.hasContextualNameEqualTo("count notes"));
        }
    }

    @Test
    void should_record_the_error_of_a_refused_call_and_rethrow_it_unchanged() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        try (AgentDB db = AgentDB.builder().url("sqlite:" + dir.resolve("err.db")).observer(MicrometerObserver.of(registry)).build()) {
            VectorCollection notes = db.createCollection("notes", CollectionSpec.of(3, Metric.COSINE));
            assertThatThrownBy(() -> notes.insert(VectorRecord.of("x", new float[]{1, 2}, Map.of())))
                    .isInstanceOf(DimensionMismatchException.class);
            assertThat(notes.count()).isZero();
            assertThat(registry).hasAnObservation(o -> o.hasContextualNameEqualTo("insert notes")
                    .assertThatError().isInstanceOf(DimensionMismatchException.class));
        }
    }
}
