package dev.agentdb.langchain4j;

import dev.langchain4j.data.document.Metadata;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MetadataMappingTest {

    @Test
    void should_store_uuids_as_strings_and_floats_at_their_decimal_value() {
        UUID id = UUID.randomUUID();
        Map<String, Object> stored = MetadataMapping.toAgentDb(new Metadata()
                .put("s", "x").put("u", id).put("i", 1).put("l", Long.MAX_VALUE).put("f", 1.23f).put("d", 1.23d));

        assertThat(stored).containsOnly(Map.entry("s", "x"), Map.entry("u", id.toString()), Map.entry("i", 1),
                Map.entry("l", Long.MAX_VALUE), Map.entry("f", 1.23d), Map.entry("d", 1.23d));
        assertThat(MetadataMapping.toAgentDb((Metadata) null)).isEmpty();
    }

    @Test
    void should_read_back_every_type_through_the_typed_getters() {
        UUID id = UUID.randomUUID();
        Metadata original = new Metadata().put("u", id).put("i", Integer.MIN_VALUE).put("l", 1746714878034235396L)
                .put("f", Float.MAX_VALUE).put("f0", Float.MIN_VALUE).put("f1", 1.23456789f).put("d", Double.MIN_VALUE);

        Metadata back = MetadataMapping.fromAgentDb(MetadataMapping.toAgentDb(original));

        assertThat(back.getUUID("u")).isEqualTo(id);
        assertThat(back.getInteger("i")).isEqualTo(Integer.MIN_VALUE);
        assertThat(back.getLong("l")).isEqualTo(1746714878034235396L);
        assertThat(back.getFloat("f")).isEqualTo(Float.MAX_VALUE);
        assertThat(back.getFloat("f0")).isEqualTo(Float.MIN_VALUE);
        assertThat(back.getFloat("f1")).isEqualTo(1.23456789f);
        assertThat(back.getDouble("d")).isEqualTo(Double.MIN_VALUE);
    }

    @Test
    void should_narrow_json_numbers_and_leave_out_what_langchain4j_metadata_cannot_hold() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("small", 7L);
        json.put("big", BigInteger.valueOf(Long.MAX_VALUE));
        json.put("huge", BigInteger.TWO.pow(70));
        json.put("dec", new BigDecimal("2.5"));
        json.put("flag", true);
        json.put("nothing", null);
        json.put("list", List.of(1));
        json.put("object", Map.of("a", 1));

        Metadata back = MetadataMapping.fromAgentDb(json);

        assertThat(back.toMap()).containsOnly(Map.entry("small", 7), Map.entry("big", Long.MAX_VALUE), Map.entry("dec", 2.5d));
        assertThat(MetadataMapping.fromAgentDb(null).toMap()).isEmpty();
    }
}
