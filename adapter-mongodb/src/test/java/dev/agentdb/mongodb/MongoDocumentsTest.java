package dev.agentdb.mongodb;

import dev.agentdb.InvalidInputException;
import dev.agentdb.VectorRecord;
import dev.agentdb.internal.Json;
import dev.agentdb.mongodb.internal.MongoDocuments;
import org.bson.BinaryVector;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The record codec without a server (the kit checks the round trip through one). */
class MongoDocumentsTest {

    @Test
    void should_store_metadata_in_the_narrowest_bson_type_and_read_it_back_as_json_does() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("i", 7);
        m.put("l", 5_000_000_000L);
        m.put("small", 3L);
        m.put("d", 2.5);
        m.put("f", 1.23f);
        m.put("big", new BigInteger("123456789012345678901234567890"));
        m.put("dec", new BigDecimal("1.50"));
        m.put("b", true);
        m.put("n", null);
        m.put("nested", Map.of("x", List.of(1, "two", Map.of())));
        Document d = MongoDocuments.metadata(m);
        assertThat(d.get("i")).isEqualTo(7);
        assertThat(d.get("l")).isEqualTo(5_000_000_000L);
        assertThat(d.get("small")).isEqualTo(3);
        assertThat(d.get("f")).isEqualTo(1.23);
        assertThat(d.get("big")).isInstanceOf(Decimal128.class);
        Map<String, Object> back = MongoDocuments.metadataOf(d);
        assertThat(back).isEqualTo(Json.readObject(Json.write(m)));
        assertThat(back.keySet()).containsExactly("i", "l", "small", "d", "f", "big", "dec", "b", "n", "nested");
    }

    @Test
    void should_escape_keys_mongodb_cannot_address_and_only_those() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plain-key_1", 1);
        m.put("a.b", 2);
        m.put("$where", 3);
        m.put("", 4);
        m.put("%25", 5);
        Document d = MongoDocuments.metadata(m);
        assertThat(d.keySet()).containsExactly("plain-key_1", "%a%2Eb", "%%24where", "%", "%%2525");
        assertThat(MongoDocuments.metadataOf(d)).isEqualTo(Json.readObject(Json.write(m)));
    }

    @Test
    void should_write_embeddings_as_float32_binary_vectors_and_read_them_back_bit_exact() {
        float[] v = {1.5f, -0.0f, Float.MIN_VALUE, 3.4028235e38f, -1e-30f};
        Object vector = MongoDocuments.embedding(v, true);
        assertThat(vector).isInstanceOf(BinaryVector.class);
        Object generic = MongoDocuments.embedding(v, false);
        assertThat(((Binary) generic).getData()).hasSize(2 + 4 * v.length).startsWith((byte) 0x27, (byte) 0);
        for (Object stored : new Object[] {vector, generic, new Binary((byte) 9, ((Binary) generic).getData())}) {
            float[] back = MongoDocuments.embeddingOf(stored);
            assertThat(back).hasSize(v.length);
            for (int i = 0; i < v.length; i++) {
                assertThat(Float.floatToRawIntBits(back[i])).isEqualTo(Float.floatToRawIntBits(v[i]));
            }
        }
        assertThat(MongoDocuments.embeddingOf(new Binary((byte) 0, new byte[] {0x03, 0, 1}))).isNull();
    }

    @Test
    void should_map_a_record_to_a_plain_document() {
        VectorRecord r = new VectorRecord("doc-1", new float[] {1f, 2f}, Map.of("lang", "en"), "hello", 1_700_000_000_000L);
        Document d = MongoDocuments.toDocument(r, false);
        assertThat(d.keySet()).containsExactly("_id", "embedding", "metadata", "text", "timestamp");
        assertThat(d.get("timestamp")).isEqualTo(1_700_000_000_000L);
        VectorRecord back = MongoDocuments.toRecord(d);
        assertThat(back.id()).isEqualTo("doc-1");
        assertThat(back.embedding()).containsExactly(1f, 2f);
        assertThat(back.metadata()).isEqualTo(Map.of("lang", "en"));
        assertThat(back.text()).isEqualTo("hello");
        assertThat(MongoDocuments.toDocument(new VectorRecord("x", new float[] {1f}, null, null, 5L), true)).doesNotContainKey("text");
    }

    @Test
    void should_refuse_integers_beyond_34_digits_naming_the_path_and_accept_those_decimal128_holds() {
        BigInteger max = BigInteger.TEN.pow(34).subtract(BigInteger.ONE);
        Map<String, Object> fits = new LinkedHashMap<>();
        fits.put("max", max);
        fits.put("min", max.negate());
        fits.put("dec", new BigDecimal("1E+40")); // not an integer in JSON: a double, as on every backend
        MongoDocuments.checkStorable("metadata", fits);
        assertThat(MongoDocuments.metadataOf(MongoDocuments.metadata(fits)).get("max")).isEqualTo(max);

        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("stats", Map.of("counts", List.of(1L, BigInteger.TEN.pow(34))));
        assertThatThrownBy(() -> MongoDocuments.checkStorable("records[2].metadata", nested))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("records[2].metadata.stats.counts[1]");
                    assertThat(e.recordIndex()).hasValue(2);
                })
                .hasMessageContaining("35 digits").hasMessageContaining("at most 34 digits").hasMessageContaining("nothing was written");
        assertThatThrownBy(() -> MongoDocuments.checkStorable("metadata", Map.of("n", new BigDecimal("-1" + "0".repeat(40)))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("41 digits");
    }
}
