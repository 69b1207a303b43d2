package dev.agentdb.internal;

import dev.agentdb.AgentDBException;
import dev.agentdb.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CodecAndJsonTest {

    @Test
    void should_encode_vectors_as_little_endian_float32() {
        byte[] bytes = VectorCodec.encode(new float[] {1.0f, -2.5f});

        assertThat(bytes).containsExactly(0x00, 0x00, (byte) 0x80, 0x3f, 0x00, 0x00, 0x20, (byte) 0xc0);
        assertThat(VectorCodec.decode(bytes)).containsExactly(1.0f, -2.5f);
    }

    @Test
    void should_round_trip_every_float_bit_pattern_it_is_given() {
        float[] v = {0f, -0f, Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -123.456f, 1e-30f};

        assertThat(VectorCodec.decode(VectorCodec.encode(v))).containsExactly(v);
        assertThat(Float.floatToRawIntBits(VectorCodec.decode(VectorCodec.encode(v))[1])).isEqualTo(Float.floatToRawIntBits(-0f));
    }

    @Test
    void should_refuse_blobs_of_a_length_not_multiple_of_four() {
        assertThatThrownBy(() -> VectorCodec.decode(new byte[5])).isInstanceOf(AgentDBException.class).hasMessageContaining("5 bytes");
        assertThat(VectorCodec.decode(new byte[0])).isEmpty();
    }

    @Test
    void should_compute_the_norm_in_double() {
        assertThat(VectorCodec.norm(new float[] {3, 4})).isEqualTo(5.0);
        assertThat(VectorCodec.norm(new float[] {1e30f, 1e30f})).isFinite();
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_read_integers_as_long_and_keep_key_order() {
        Map<String, Object> m = Json.readObject("{\"b\":1,\"a\":[2,2.5,null,{\"c\":true}],\"z\":\"s\"}");

        assertThat(m.keySet()).containsExactly("b", "a", "z");
        assertThat(m.get("b")).isEqualTo(1L);
        assertThat((List<Object>) m.get("a")).containsExactly(2L, 2.5, null, Map.of("c", true));
    }

    @Test
    void should_read_stored_metadata_as_the_tree_path_maps_it() throws Exception {
        String deep = "{\"a\":".repeat(999) + "[]" + "}".repeat(999);
        for (String json : List.of(
                "{\"big\":123456789012345678901234567890,\"neg\":-9223372036854775808,\"f\":1.5e300,\"e\":-0.0}",
                "{\"k\":1,\"j\":2,\"k\":3}",
                "{\"o\":{},\"l\":[],\"n\":[[1,[2,{\"x\":[null,false]}]],{\"y\":{\"z\":\"t\"}}],\"after\":true}",
                "{} trailing",
                deep)) {
            Map<String, Object> streamed = Json.readObject(json);

            assertThat(streamed).as(json.length() > 60 ? json.substring(0, 60) : json).isEqualTo(Json.toMap(Json.readTree(json)));
        }
        Map<String, Object> dup = Json.readObject("{\"k\":1,\"j\":2,\"k\":3}");
        assertThat(dup.keySet()).containsExactly("k", "j");
        assertThat(dup.get("k")).isEqualTo(3L);
        assertThat(Json.readObject("{\"big\":123456789012345678901234567890}").get("big"))
                .isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
    }

    @Test
    void should_map_a_tree_as_stored_metadata_is_read() {
        com.fasterxml.jackson.databind.node.ObjectNode tree = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        tree.put("small", java.math.BigInteger.ONE).put("big", new java.math.BigInteger("123456789012345678901234567890"))
                .put("i", 3).put("d", new java.math.BigDecimal("2.5")).put("bin", new byte[] {1});
        tree.putArray("l").add(1L).addObject().putNull("n");

        Map<String, Object> m = Json.toMap(tree);

        assertThat(m.keySet()).containsExactly("small", "big", "i", "d", "bin", "l");
        assertThat(m.get("small")).isEqualTo(1L);
        assertThat(m.get("big")).isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
        assertThat(m.get("i")).isEqualTo(3L);
        assertThat(m.get("d")).isEqualTo(2.5);
        assertThat(m.get("bin")).isNull();
        assertThat(m.get("l")).isEqualTo(List.of(1L, java.util.Collections.singletonMap("n", null)));
    }

    @Test
    void should_report_truncated_or_too_deep_stored_metadata() {
        assertThatThrownBy(() -> Json.readObject("{\"a\":[1,{\"b\":2}")).isInstanceOf(AgentDBException.class)
                .hasMessageContaining("not valid JSON");
        String tooDeep = "{\"a\":".repeat(1_500) + "1" + "}".repeat(1_500);
        assertThatThrownBy(() -> Json.readObject(tooDeep)).isInstanceOf(AgentDBException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void should_read_blank_and_null_metadata_as_empty_objects() {
        assertThat(Json.readObject(null)).isEmpty();
        assertThat(Json.readObject("  ")).isEmpty();
        assertThat(Json.readObject("null")).isEmpty();
        assertThat(Json.write(null)).isEqualTo("{}");
    }

    @Test
    void should_report_corrupt_stored_metadata() {
        assertThatThrownBy(() -> Json.readObject("[1]")).isInstanceOf(AgentDBException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> Json.readObject("{bad")).isInstanceOf(AgentDBException.class);
    }

    @Test
    void should_name_the_field_of_malformed_user_metadata() {
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> Json.parseObject("{\"a\": }", "line 3: metadata"))
                .field()).isEqualTo("line 3: metadata");
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> Json.parseObject("42", "m")).field()).isEqualTo("m");
    }

    @Test
    void should_write_canonical_json_with_sorted_keys() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("b", 1);
        a.put("a", Map.of("y", 2, "x", 1));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("a", Map.of("x", 1, "y", 2));
        b.put("b", 1);

        assertThat(Json.canonical(a)).isEqualTo(Json.canonical(b)).isEqualTo("{\"a\":{\"x\":1,\"y\":2},\"b\":1}");
    }

    @Test
    void should_round_trip_unicode_and_escapes() {
        Map<String, Object> m = Map.of("s", "\"q\" \\ \n \u2603 \ud83d\ude80");

        assertThat(Json.readObject(Json.write(m))).isEqualTo(m);
        assertThat(Json.utf8Length("\u00e9")).isEqualTo(2);
    }
}
