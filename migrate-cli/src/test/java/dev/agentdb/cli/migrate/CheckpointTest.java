package dev.agentdb.cli.migrate;

import dev.agentdb.IndexParams;
import dev.agentdb.VectorRecord;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointTest {
    @Test
    void should_round_trip_through_json_and_refuse_other_formats() {
        Checkpoint cp = new Checkpoint("0123456789abcdef", "id \"7\" é", 1234, false, 42L);
        assertThat(Checkpoint.parse(cp.toJson())).isEqualTo(cp);
        assertThat(Checkpoint.parse(new Checkpoint("f", null, 0, true, 1L).toJson()).lastId()).isNull();
        assertThatThrownBy(() -> Checkpoint.parse("{\"format\":2}")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Checkpoint.key("docs")).isEqualTo("migrate/docs");
    }

    @Test
    void should_record_the_id_mode_and_read_checkpoints_without_it_as_preserving_ids() {
        Checkpoint derived = new Checkpoint("f", "a", 3, false, 1L, false);
        assertThat(Checkpoint.parse(derived.toJson())).isEqualTo(derived);
        assertThat(derived.advance("b", 4).preserveIds()).isFalse();
        assertThat(derived.completed().preserveIds()).isFalse();
        String old = "{\"format\":1,\"source\":\"f\",\"lastId\":\"a\",\"rows\":3,\"complete\":false,\"updatedAt\":1}";
        assertThat(Checkpoint.parse(old)).isEqualTo(new Checkpoint("f", "a", 3, false, 1L, true));
    }

    @Test
    void should_store_the_deferred_index_with_every_parameter_and_refuse_an_invalid_one() {
        Checkpoint hnsw = new Checkpoint("f", "a", 3, false, 1L, true, IndexParams.hnsw(8, 40, 32));
        assertThat(hnsw.toJson()).contains("\"deferredIndex\":{\"type\":\"HNSW\",\"m\":8,\"efConstruction\":40,"
                + "\"efSearch\":32,\"lists\":100,\"probes\":10}");
        assertThat(Checkpoint.parse(hnsw.toJson())).isEqualTo(hnsw);
        assertThat(hnsw.advance("b", 4).deferredIndex()).isEqualTo(IndexParams.hnsw(8, 40, 32));
        assertThat(hnsw.completed().deferredIndex()).isNull();
        Checkpoint ivf = new Checkpoint("f", null, 0, false, 1L, false, IndexParams.ivfflat(200, 7));
        assertThat(Checkpoint.parse(ivf.toJson())).isEqualTo(ivf);
        String invalid = hnsw.toJson().replace("\"m\":8", "\"m\":1");
        assertThatThrownBy(() -> Checkpoint.parse(invalid)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a migration checkpoint");
    }

    @Test
    void should_derive_ids_deterministically_from_unambiguous_source_collection_and_id() {
        String id = DerivedIds.of("0123456789abcdef", "docs", "d00007");
        assertThat(id).hasSize(36).isEqualTo(DerivedIds.of("0123456789abcdef", "docs", "d00007"))
                .isEqualTo(java.util.UUID.fromString(id).toString());
        assertThat(java.util.UUID.fromString(id).version()).isEqualTo(3);
        assertThat(DerivedIds.of("0123456789abcdef", "docs", "d00008")).isNotEqualTo(id);
        assertThat(DerivedIds.of("0123456789abcdee", "docs", "d00007")).isNotEqualTo(id);
        assertThat(DerivedIds.of("0123456789abcdef", "dots", "d00007")).isNotEqualTo(id);
        assertThat(DerivedIds.of("f", "ab", "c")).isNotEqualTo(DerivedIds.of("f", "a", "bc"));
    }

    @Test
    void should_fingerprint_urls_without_their_password() {
        String a = Checkpoint.fingerprint("postgresql://u:secret@h/db?schema=s");
        String b = Checkpoint.fingerprint("postgresql://u:other@h/db?schema=s");
        assertThat(a).hasSize(16).isEqualTo(b);
        assertThat(Checkpoint.fingerprint("postgresql://u@h/db?schema=t")).isNotEqualTo(a);
        assertThat(Checkpoint.fingerprint("sqlite:./x.db")).isEqualTo(Checkpoint.fingerprint("sqlite:" + java.nio.file.Path.of("x.db").toAbsolutePath()));
    }

    @Test
    void should_order_ids_by_code_point_not_utf16() {
        assertThat(Validator.compareCodePoints("z\uD83D\uDE00", "z\uFF5E")).isPositive();
        assertThat("z\uD83D\uDE00".compareTo("z\uFF5E")).isNegative();
        assertThat(Validator.compareCodePoints("a", "ab")).isNegative();
        assertThat(Validator.compareCodePoints("ab", "ab")).isZero();
    }

    @Test
    void should_checksum_every_field_including_float_bits_independent_of_key_order() {
        Map<String, Object> m1 = new LinkedHashMap<>();
        m1.put("a", 1L);
        m1.put("b", "x");
        Map<String, Object> m2 = new LinkedHashMap<>();
        m2.put("b", "x");
        m2.put("a", 1L);
        VectorRecord r = new VectorRecord("id", new float[] {0.0f, 1.5f}, m1, "t", 5L);
        assertThat(Validator.rowChecksum(new VectorRecord("id", new float[] {0.0f, 1.5f}, m2, "t", 5L))).isEqualTo(Validator.rowChecksum(r));
        assertThat(Validator.rowChecksum(new VectorRecord("id", new float[] {-0.0f, 1.5f}, m1, "t", 5L))).isNotEqualTo(Validator.rowChecksum(r));
        assertThat(Validator.rowChecksum(new VectorRecord("id", new float[] {0.0f, 1.5f}, m1, null, 5L))).isNotEqualTo(Validator.rowChecksum(r));
        assertThat(Validator.rowChecksum(new VectorRecord("id", new float[] {0.0f, 1.5f}, m1, "t", 6L))).isNotEqualTo(Validator.rowChecksum(r));
    }
}
