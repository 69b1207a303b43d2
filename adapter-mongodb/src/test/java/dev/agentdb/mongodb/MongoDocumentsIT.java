package dev.agentdb.mongodb;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.Metric;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.mongodb.internal.MongoDocuments;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a MongoDB user sees in the database (plain documents), and the compensation that keeps a
 * failed batch all-or-nothing on a standalone server: the batch is made to fail part way by a unique
 * index the user put on the collection, which only the server can enforce.
 */
class MongoDocumentsIT extends MongoDatabaseFixture {
    private MongoCollection<Document> raw(String collection) {
        return raw.getCollection(collection);
    }

    @Test
    void should_store_plain_documents_with_a_float32_vector_and_typed_metadata() {
        VectorCollection docs = db.createCollection("docs", CollectionSpec.of(3, Metric.COSINE));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("lang", "en");
        meta.put("year", 2024);
        meta.put("views", 5_000_000_000L);
        meta.put("score", 0.75);
        meta.put("draft", false);
        meta.put("author", Map.of("name", "Ada"));
        meta.put("tags", List.of("ai", "db"));
        docs.insert(new VectorRecord("doc-1", new float[] {0.25f, -1f, 3f}, meta, "hello", 1_700_000_000_000L));

        Document d = raw("docs").find().first();
        assertThat(d.keySet()).containsExactly("_id", "embedding", "metadata", "text", "timestamp");
        assertThat(d.get("_id")).isEqualTo("doc-1");
        assertThat(d.get("text")).isEqualTo("hello");
        assertThat(d.get("timestamp")).isEqualTo(1_700_000_000_000L);
        Document m = d.get("metadata", Document.class);
        assertThat(m.get("year")).isInstanceOf(Integer.class);
        assertThat(m.get("views")).isInstanceOf(Long.class);
        assertThat(m.get("score")).isInstanceOf(Double.class);
        assertThat(m.get("draft")).isEqualTo(false);
        assertThat(m.get("author")).isEqualTo(new Document("name", "Ada"));
        assertThat(m.get("tags")).isEqualTo(List.of("ai", "db"));
        Binary vector = d.get("embedding", Binary.class);
        assertThat(vector.getType()).isIn((byte) 9, (byte) 0);
        assertThat(vector.getData()).hasSize(2 + 3 * 4).startsWith((byte) 0x27, (byte) 0);
        assertThat(MongoDocuments.embeddingOf(vector)).containsExactly(0.25f, -1f, 3f);
        assertThat(raw("agentdb_collections").find(new Document("_id", "docs")).first().getString("metric")).isEqualTo("cosine");
    }

    @Test
    void should_leave_no_document_of_an_insert_batch_that_failed_part_way() {
        VectorCollection docs = db.createCollection("docs", CollectionSpec.of(2, Metric.L2));
        docs.insert(new VectorRecord("kept", new float[] {1f, 1f}, Map.of("sku", "k"), null, null));
        raw("docs").createIndex(Indexes.ascending("metadata.sku"), new IndexOptions().unique(true));
        List<VectorRecord> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batch.add(new VectorRecord("r" + i, new float[] {i, 1f}, Map.of("sku", i == 30 ? "k" : "s" + i), null, null));
        }
        assertThatThrownBy(() -> docs.insertBatch(batch)).isInstanceOf(ConflictException.class);
        assertThat(raw("docs").countDocuments()).isEqualTo(1);
        assertThat(docs.count()).isEqualTo(1);
        assertThat(docs.search(new float[] {5f, 1f}, 10)).extracting(r -> r.id()).containsExactly("kept");
        batch.set(30, new VectorRecord("r30", new float[] {30f, 1f}, Map.of("sku", "s30"), null, null));
        docs.insertBatch(batch);
        assertThat(docs.count()).isEqualTo(41);
        assertThat(docs.search(new float[] {5f, 1f}, 1)).extracting(r -> r.id()).containsExactly("r5");
    }

    @Test
    void should_restore_the_documents_an_upsert_batch_replaced_when_it_failed_part_way() {
        VectorCollection docs = db.createCollection("docs", CollectionSpec.of(2, Metric.L2));
        docs.insertBatch(List.of(new VectorRecord("a", new float[] {1f, 0f}, Map.of("sku", "a", "v", 1), null, null),
                new VectorRecord("b", new float[] {2f, 0f}, Map.of("sku", "b", "v", 1), null, null)));
        raw("docs").createIndex(Indexes.ascending("metadata.sku"), new IndexOptions().unique(true));
        assertThatThrownBy(() -> docs.upsertBatch(List.of(
                new VectorRecord("a", new float[] {9f, 0f}, Map.of("sku", "a", "v", 2), null, null),
                new VectorRecord("c", new float[] {3f, 0f}, Map.of("sku", "c", "v", 2), null, null),
                new VectorRecord("d", new float[] {4f, 0f}, Map.of("sku", "b", "v", 2), null, null))))
                .isInstanceOf(ConflictException.class);
        assertThat(docs.count()).isEqualTo(2);
        assertThat(docs.get("a").orElseThrow().metadata()).isEqualTo(Map.of("sku", "a", "v", 1L));
        assertThat(docs.get("a").orElseThrow().embedding()).containsExactly(1f, 0f);
        assertThat(docs.get("c")).isEmpty();
        assertThat(docs.search(new float[] {9f, 0f}, 1)).extracting(r -> r.id()).containsExactly("b");
    }

    @Test
    void should_scan_ids_in_code_point_order_whatever_order_the_server_keeps_strings_in() {
        VectorCollection docs = db.createCollection("docs", CollectionSpec.of(1, Metric.L2));
        List<String> ids = List.of("\uD83D\uDE00", "Z", "\uFFFF", "a", "\uE000x");
        for (String id : ids) {
            docs.insert(new VectorRecord(id, new float[] {1f}, Map.of(), null, null));
        }
        List<String> expected = List.of("Z", "a", "\uE000x", "\uFFFF", "\uD83D\uDE00");
        assertThat(docs.scan(null, 10)).extracting(VectorRecord::id).containsExactlyElementsOf(expected);
        assertThat(docs.scan("a", 2)).extracting(VectorRecord::id).containsExactly("\uE000x", "\uFFFF");
        assertThat(docs.scan("\uFFFF", 2)).extracting(VectorRecord::id).containsExactly("\uD83D\uDE00");
    }

    @Test
    void should_refuse_an_integer_beyond_34_digits_naming_it_and_store_nothing_of_the_batch() {
        VectorCollection docs = db.createCollection("docs", CollectionSpec.of(2, Metric.L2));
        java.math.BigInteger max = java.math.BigInteger.TEN.pow(34).subtract(java.math.BigInteger.ONE);
        List<VectorRecord> batch = List.of(new VectorRecord("ok", new float[] {1f, 0f}, Map.of("n", max), null, null),
                new VectorRecord("big", new float[] {0f, 1f}, Map.of("deep", Map.of("n", max.add(java.math.BigInteger.ONE))), null, null));
        assertThatThrownBy(() -> docs.insertBatch(batch)).isInstanceOfSatisfying(dev.agentdb.InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("records[1].metadata.deep.n")).hasMessageContaining("35 digits");
        assertThatThrownBy(() -> docs.upsertBatch(batch)).isInstanceOf(dev.agentdb.InvalidInputException.class);
        assertThat(raw("docs").countDocuments()).isZero();
        docs.insert(batch.get(0));
        assertThat(docs.get("ok").orElseThrow().metadata().get("n")).as("34 digits round-trip exactly").isEqualTo(max);

        VectorCollection v = db.defaultCollection();
        assertThatThrownBy(() -> v.insert(new VectorRecord("big", new float[] {1f, 2f, 3f}, Map.of("n", max.add(java.math.BigInteger.ONE)),
                null, null))).isInstanceOfSatisfying(dev.agentdb.InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("metadata.n"));
        assertThat(v.spec().dimension()).as("the refused first insert did not fix the default collection's dimension").isZero();
        assertThat(v.count()).isZero();
    }
}
