package dev.agentdb.compat;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.DimensionMismatchException;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.NotFoundException;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.FilterValues;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import static dev.agentdb.compat.Records.ids;
import static dev.agentdb.compat.Records.allIds;
import static dev.agentdb.compat.TestVectors.vec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract: collections (create, list, drop, idempotence, the default v1 collection) and
 * record CRUD with ids, exact embeddings, text and timestamps, and id-ordered scans.
 */
public interface CrudContract extends CompatFixture {
    /**
     * Collections are created with their spec, listed by name, dropped once (a second drop returns
     * false), and missing afterwards.
     */
    @Test
    default void should_create_list_and_drop_collections() {
        assertThat(db().listCollections()).extracting(CollectionInfo::name).doesNotContain("docs", "alpha");
        CollectionSpec docs = CollectionSpec.builder(8).metric(Metric.L2).m(8).efConstruction(40).efSearch(20).build();
        db().createCollection("docs", docs);
        db().createCollection("alpha", CollectionSpec.of(3, Metric.INNER_PRODUCT));

        assertThat(db().hasCollection("docs")).isTrue();
        assertThat(db().hasCollection("missing")).isFalse();
        List<CollectionInfo> listed = new ArrayList<>(db().listCollections());
        listed.removeIf(c -> c.name().equals(AgentDB.DEFAULT_COLLECTION));
        assertThat(listed).containsExactly(new CollectionInfo("alpha", CollectionSpec.of(3, Metric.INNER_PRODUCT)),
                new CollectionInfo("docs", docs));
        assertThat(db().collection("docs").spec()).isEqualTo(docs);

        assertThat(db().dropCollection("docs")).isTrue();
        assertThat(db().dropCollection("docs")).isFalse();
        assertThat(db().hasCollection("docs")).isFalse();
        assertThat(db().listCollections()).extracting(CollectionInfo::name).contains("alpha").doesNotContain("docs");
        assertThatThrownBy(() -> db().collection("docs")).isInstanceOf(NotFoundException.class).hasMessageContaining("docs");
    }

    /**
     * Creating a collection again with an equal spec returns the existing one with its records.
     */
    @Test
    default void should_return_existing_collection_when_created_again_with_equal_spec() {
        VectorCollection first = createCollection("docs", 4, Metric.COSINE);
        first.insert(VectorRecord.of("a", vec(1, 2, 3, 4), null));

        VectorCollection again = db().createCollection("docs", CollectionSpec.of(4, Metric.COSINE));

        assertThat(again.count()).isEqualTo(1);
        assertThat(again.get("a")).isPresent();
        assertThat(db().listCollections()).filteredOn(c -> c.name().equals("docs")).hasSize(1);
    }

    /**
     * Creating an existing collection with another dimension, metric or index throws {@code
     * ConflictException} and changes nothing.
     */
    @Test
    default void should_refuse_creating_existing_collection_with_different_spec() {
        createCollection("docs", 4, Metric.COSINE).insert(VectorRecord.of("a", vec(1, 2, 3, 4), null));

        assertThatThrownBy(() -> db().createCollection("docs", CollectionSpec.of(5, Metric.COSINE)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("docs");
        assertThatThrownBy(() -> db().createCollection("docs", CollectionSpec.of(4, Metric.L2)))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> db().createCollection("docs",
                new CollectionSpec(4, Metric.COSINE, IndexParams.hnsw(8, 50, 20))))
                .isInstanceOf(ConflictException.class);

        assertThat(db().collection("docs").spec()).isEqualTo(CollectionSpec.of(4, Metric.COSINE));
        assertThat(db().collection("docs").count()).isEqualTo(1);
    }

    /**
     * The same id in two collections names two records; deleting one leaves the other.
     */
    @Test
    default void should_keep_collections_apart() {
        VectorCollection a = createCollection("a_docs", 3, Metric.COSINE);
        VectorCollection b = createCollection("b_docs", 3, Metric.COSINE);
        a.insert(VectorRecord.of("same", vec(1, 0, 0), Map.of("in", "a")));
        b.insert(VectorRecord.of("same", vec(0, 1, 0), Map.of("in", "b")));

        assertThat(a.get("same").orElseThrow().metadata()).containsEntry("in", "a");
        assertThat(b.get("same").orElseThrow().metadata()).containsEntry("in", "b");
        assertThat(b.delete("same")).isTrue();
        assertThat(a.get("same")).isPresent();
        assertThat(a.count()).isEqualTo(1);
        assertThat(b.count()).isZero();
    }

    /**
     * A record without an id gets a random UUID, returned by the insert.
     */
    @Test
    default void should_return_generated_uuid_when_id_is_null() {
        VectorCollection c = createCollection("docs", 3, Metric.COSINE);

        String id1 = c.insert(VectorRecord.of(vec(1, 2, 3), Map.of("k", "v")));
        String id2 = c.insert(vec(3, 2, 1), Map.of());

        assertThat(id1).isNotEqualTo(id2);
        assertThat(UUID.fromString(id1).toString()).isEqualTo(id1);
        assertThat(UUID.fromString(id2).toString()).isEqualTo(id2);
        assertThat(c.get(id1).orElseThrow().metadata()).containsEntry("k", "v");
        assertThat(c.get(id2)).isPresent();
        assertThat(c.count()).isEqualTo(2);
    }

    /**
     * {@code get} returns the exact embedding (extreme floats included), metadata, text and timestamp
     * that were inserted.
     */
    @Test
    default void should_return_exact_embedding_metadata_text_and_timestamp_when_getting_by_id() {
        VectorCollection c = createCollection("docs", 6, Metric.COSINE);
        float[] embedding = vec(0.1f, -123.456f, 1.0e30f, Float.MIN_NORMAL, 3.1415927f, -0.000123f);
        VectorRecord stored = new VectorRecord("doc-1", embedding.clone(), Map.of("category", "tech", "year", 2024L),
                "the source text \u00e9\u2603", 1_700_000_000_123L);

        assertThat(c.insert(stored)).isEqualTo("doc-1");
        VectorRecord got = c.get("doc-1").orElseThrow();

        assertThat(got.id()).isEqualTo("doc-1");
        assertThat(got.embedding()).containsExactly(embedding);
        CompatAssertions.assertSameJson(got.metadata(), stored.metadata());
        assertThat(got.text()).isEqualTo("the source text \u00e9\u2603");
        assertThat(got.timestamp()).isEqualTo(1_700_000_000_123L);
    }

    /**
     * A record without a timestamp gets the current time in milliseconds; null metadata reads back
     * empty.
     */
    @Test
    default void should_assign_current_time_when_timestamp_is_null() {
        VectorCollection c = createCollection("docs", 2, Metric.COSINE);
        long before = System.currentTimeMillis();
        c.insert(VectorRecord.of("a", vec(1, 2), null));
        long after = System.currentTimeMillis();

        VectorRecord got = c.get("a").orElseThrow();

        assertThat(got.timestamp()).isBetween(before, after);
        assertThat(got.text()).isNull();
        assertThat(got.metadata()).isEmpty();
    }

    /**
     * {@code get} of an unknown id (ids are case sensitive) returns empty.
     */
    @Test
    default void should_return_empty_when_getting_unknown_id() {
        VectorCollection c = createCollection("docs", 2, Metric.COSINE);
        c.insert(VectorRecord.of("a", vec(1, 2), null));

        assertThat(c.get("b")).isEmpty();
        assertThat(c.get("A")).isEmpty();
    }

    /**
     * Upserting an existing id replaces the whole record (embedding, metadata, text, timestamp) and
     * search finds the new vector.
     */
    @Test
    default void should_replace_record_when_upserting_existing_id() {
        VectorCollection c = createCollection("docs", 3, Metric.COSINE);
        c.insert(new VectorRecord("a", vec(1, 0, 0), Map.of("v", 1L, "old", true), "old text", 1L));

        String id = c.upsert(new VectorRecord("a", vec(0, 0, 1), Map.of("v", 2L), "new text", 2L));
        c.upsert(VectorRecord.of("b", vec(0, 1, 0), Map.of("v", 3L)));

        assertThat(id).isEqualTo("a");
        VectorRecord got = c.get("a").orElseThrow();
        assertThat(got.embedding()).containsExactly(0f, 0f, 1f);
        assertThat(got.metadata()).containsOnlyKeys("v").containsEntry("v", 2L);
        assertThat(got.text()).isEqualTo("new text");
        assertThat(got.timestamp()).isEqualTo(2L);
        assertThat(c.count()).isEqualTo(2);
        awaitSearchable(c, 2);
        assertThat(ids(c.search(vec(0, 0, 1), 1))).containsExactly("a");
    }

    /**
     * An upsert batch inserts new ids and replaces existing ones.
     */
    @Test
    default void should_upsert_batch_mixing_new_and_existing_ids() {
        VectorCollection c = createCollection("docs", 2, Metric.L2);
        c.insert(VectorRecord.of("a", vec(1, 1), Map.of("n", 1L)));

        List<String> ids = c.upsertBatch(List.of(VectorRecord.of("a", vec(2, 2), Map.of("n", 2L)),
                VectorRecord.of("b", vec(3, 3), Map.of("n", 3L))));

        assertThat(ids).containsExactly("a", "b");
        assertThat(c.count()).isEqualTo(2);
        assertThat(c.get("a").orElseThrow().embedding()).containsExactly(2f, 2f);
        assertThat(c.get("a").orElseThrow().metadata()).containsEntry("n", 2L);
    }

    /**
     * Inserting an existing id throws {@code ConflictException} naming it and leaves the stored
     * record unchanged.
     */
    @Test
    default void should_refuse_inserting_existing_id_and_change_nothing() {
        VectorCollection c = createCollection("docs", 3, Metric.COSINE);
        c.insert(new VectorRecord("a", vec(1, 2, 3), Map.of("v", 1L), "t", 5L));

        assertThatThrownBy(() -> c.insert(new VectorRecord("a", vec(3, 2, 1), Map.of("v", 2L), "u", 6L)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("a");

        VectorRecord got = c.get("a").orElseThrow();
        assertThat(got.embedding()).containsExactly(1f, 2f, 3f);
        assertThat(got.metadata()).containsEntry("v", 1L);
        assertThat(got.text()).isEqualTo("t");
        assertThat(got.timestamp()).isEqualTo(5L);
        assertThat(c.count()).isEqualTo(1);
    }

    /**
     * {@code delete} removes a record and reports whether it existed.
     */
    @Test
    default void should_delete_by_id_and_report_whether_it_existed() {
        VectorCollection c = createCollection("docs", 2, Metric.COSINE);
        c.insertBatch(List.of(VectorRecord.of("a", vec(1, 0), null), VectorRecord.of("b", vec(0, 1), null)));

        assertThat(c.delete("a")).isTrue();
        assertThat(c.delete("a")).isFalse();
        assertThat(c.delete("never")).isFalse();
        assertThat(c.get("a")).isEmpty();
        assertThat(c.count()).isEqualTo(1);
        assertThat(allIds(c)).containsExactly("b");
    }

    /**
     * A deleted id can be inserted again.
     */
    @Test
    default void should_allow_reinserting_deleted_id() {
        VectorCollection c = createCollection("docs", 2, Metric.COSINE);
        c.insert(VectorRecord.of("a", vec(1, 0), Map.of("gen", 1L)));
        c.delete("a");

        c.insert(VectorRecord.of("a", vec(0, 1), Map.of("gen", 2L)));

        assertThat(c.get("a").orElseThrow().metadata()).containsEntry("gen", 2L);
        assertThat(c.count()).isEqualTo(1);
    }

    /**
     * {@code count} and {@code stats} report the number of records, the dimension and the metric.
     */
    @Test
    default void should_count_records() {
        VectorCollection c = createCollection("docs", 2, Metric.COSINE);
        assertThat(c.count()).isZero();
        List<VectorRecord> batch = new ArrayList<>();
        for (int i = 0; i < 37; i++) {
            batch.add(VectorRecord.of(TestVectors.id(i, 3), vec(i, 1), null));
        }
        assertThat(c.insertBatch(batch)).hasSize(37).startsWith("r000", "r001");
        assertThat(c.count()).isEqualTo(37);
        assertThat(c.stats().count()).isEqualTo(37);
        assertThat(c.stats().dimension()).isEqualTo(2);
        assertThat(c.stats().metric()).isEqualTo(Metric.COSINE);
    }

    /**
     * An empty batch stores nothing and returns no ids.
     */
    @Test
    default void should_return_empty_list_when_inserting_empty_batch() {
        VectorCollection c = createCollection("docs", 2, Metric.COSINE);

        assertThat(c.insertBatch(List.of())).isEmpty();
        assertThat(c.count()).isZero();
    }

    /**
     * {@code scan} pages through every record in Unicode code-point order of ids, whatever the
     * insertion order.
     */
    @Test
    default void should_scan_pages_in_code_point_id_order() {
        VectorCollection c = createCollection("docs", 2, Metric.COSINE);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            ids.add(TestVectors.id(i, 2));
        }
        ids.addAll(List.of("B", "a", "a-1", "a_1", "Z9", "\u00e9t\u00e9", "\u4e2d\u6587", "0"));
        List<String> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, new Random(7));
        for (String id : shuffled) {
            c.insert(VectorRecord.of(id, vec(1, 2), Map.of("id", id)));
        }
        ids.sort(FilterValues::compareCodePoints);

        List<String> paged = new ArrayList<>();
        String after = null;
        int pages = 0;
        while (true) {
            List<VectorRecord> page = c.scan(after, 7);
            assertThat(page.size()).isLessThanOrEqualTo(7);
            if (page.isEmpty()) {
                break;
            }
            pages++;
            for (VectorRecord r : page) {
                paged.add(r.id());
                assertThat(r.embedding()).containsExactly(1f, 2f);
                assertThat(r.metadata()).containsEntry("id", r.id());
            }
            after = page.get(page.size() - 1).id();
        }

        assertThat(paged).containsExactlyElementsOf(ids);
        assertThat(pages).isEqualTo((ids.size() + 6) / 7);
        assertThat(c.scan("\uffff", 10)).isEmpty();
        assertThat(c.scan("a", 2)).extracting(VectorRecord::id).containsExactly("a-1", "a_1");
    }

    /**
     * The default v1 collection takes its dimension from its first insert (cosine metric) and refuses
     * other dimensions afterwards.
     */
    @Test
    default void should_fix_default_collection_dimension_by_first_insert() {
        VectorCollection v = db().defaultCollection();
        assertThat(v.name()).isEqualTo(AgentDB.DEFAULT_COLLECTION);

        String id = v.insert(vec(1, 2, 3), Map.of("source", "v1"));

        assertThat(v.spec().dimension()).isEqualTo(3);
        assertThat(v.spec().metric()).isEqualTo(Metric.COSINE);
        assertThat(v.get(id).orElseThrow().metadata()).containsEntry("source", "v1");
        assertThat(db().hasCollection(AgentDB.DEFAULT_COLLECTION)).isTrue();
        assertThat(db().listCollections()).extracting(CollectionInfo::name).contains(AgentDB.DEFAULT_COLLECTION);
        assertThatThrownBy(() -> v.insert(vec(1, 2, 3, 4), null)).isInstanceOf(DimensionMismatchException.class);
        assertThat(db().collection(AgentDB.DEFAULT_COLLECTION).count()).isEqualTo(1);
        awaitSearchable(v, 1);
        assertThat(ids(v.search(vec(1, 2, 3), 5))).containsExactly(id);
    }

    /**
     * Searching the default collection before its first insert returns no results.
     */
    @Test
    default void should_return_no_results_when_searching_default_collection_before_first_insert() {
        VectorCollection v = db().defaultCollection();

        assertThat(v.search(vec(1, 2, 3), 5)).isEmpty();
        assertThat(v.count()).isZero();
    }

    /**
     * {@code health} reports the backend up, with its name.
     */
    @Test
    default void should_report_health_up_with_its_backend_name() {
        assertThat(db().health().up()).as("health: %s", db().health()).isTrue();
        assertThat(db().health().backend()).isNotBlank();
        assertThat(db().backendType()).isNotNull();
        assertThat(db().capabilities()).isNotNull();
    }

    /**
     * A collection handle obtained again reads the same records.
     */
    @Test
    default void should_keep_data_when_handle_obtained_again() {
        createCollection("docs", 2, Metric.COSINE).insert(VectorRecord.of("a", vec(1, 2), Map.of("x", "y")));

        Optional<VectorRecord> viaNewHandle = db().collection("docs").get("a");

        assertThat(viaNewHandle).isPresent();
        assertThat(viaNewHandle.get().metadata()).containsEntry("x", "y");
    }
}
