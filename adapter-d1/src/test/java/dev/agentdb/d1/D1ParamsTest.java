package dev.agentdb.d1;

import dev.agentdb.InvalidInputException;
import dev.agentdb.d1.internal.D1Params;
import dev.agentdb.d1.internal.D1Statement;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class D1ParamsTest {
    @Test
    void should_refuse_more_than_100_parameters_naming_the_limit() {
        List<Object> params = new ArrayList<>(Collections.nCopies(101, 1L));
        String sql = "SELECT " + String.join(", ", Collections.nCopies(101, "?"));
        assertThatThrownBy(() -> D1Params.prepare(sql, params)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at most 100 parameters");
        assertThat(D1Params.prepare(sql.replaceFirst(", \\?", ""), params.subList(0, 100)).params()).hasSize(100);
    }

    @Test
    void should_pack_more_than_100_parameters_into_one_json_array_for_internal_statements() {
        List<Object> params = new ArrayList<>();
        for (long i = 0; i < 150; i++) {
            params.add(i);
        }
        D1Statement s = D1Params.preparePacked("SELECT " + String.join(", ", Collections.nCopies(150, "?")), params);
        assertThat(s.params()).hasSize(1);
        assertThat(s.sql()).contains("json_extract(?1, '$[149]')");
        assertThat((String) s.params().get(0)).startsWith("[0,1,2,");
    }

    @Test
    void should_refuse_statements_above_100000_bytes() {
        String sql = "SELECT '" + "x".repeat(100_000) + "'";
        assertThatThrownBy(() -> D1Params.prepare(sql, List.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("100000 bytes");
    }

    @Test
    void should_refuse_strings_and_blobs_above_d1s_value_limit() {
        assertThatThrownBy(() -> D1Params.prepare("SELECT ?", List.of("y".repeat(2_000_001)))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("2000000 bytes");
        assertThatThrownBy(() -> D1Params.prepare("SELECT ?", List.of(new byte[1_000_001]))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("hex");
    }

    @Test
    void should_send_blobs_as_hex_through_unhex() {
        D1Statement s = D1Params.prepare("INSERT INTO t VALUES (?)", List.of(new byte[] {10, (byte) 255}));
        assertThat(s.sql()).isEqualTo("INSERT INTO t VALUES (unhex(?))");
        assertThat(s.params()).containsExactly("0aff");
    }

    @Test
    void should_bind_integers_beyond_2_pow_53_as_text_cast_to_integer() {
        long big = (1L << 60) + 1;
        D1Statement s = D1Params.prepare("SELECT ? = ?", Arrays.asList(big, 5L));
        assertThat(s.sql()).isEqualTo("SELECT CAST(? AS INTEGER) = ?");
        assertThat(s.params()).containsExactly(Long.toString(big), 5L);
    }

    @Test
    void should_bind_booleans_as_integers_and_refuse_non_finite_doubles() {
        assertThat(D1Params.prepare("SELECT ?, ?", List.of(true, false)).params()).containsExactly(1L, 0L);
        assertThatThrownBy(() -> D1Params.prepare("SELECT ?", List.of(Double.NaN))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void should_ignore_question_marks_in_quotes_and_comments() {
        D1Statement s = D1Params.prepare("SELECT '?', \"a?\" -- ?\n, ? /* ? */", List.of(7L));
        assertThat(s.sql()).isEqualTo("SELECT '?', \"a?\" -- ?\n, ? /* ? */");
        assertThat(s.params()).containsExactly(7L);
        assertThatThrownBy(() -> D1Params.prepare("SELECT ?, ?", List.of(1L))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> D1Params.prepare("SELECT ?", List.of(1L, 2L))).isInstanceOf(InvalidInputException.class);
    }
}
