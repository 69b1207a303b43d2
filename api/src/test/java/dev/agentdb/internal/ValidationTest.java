package dev.agentdb.internal;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"docs", "vectors", "_private", "A1_b2", "x", "hnswx", "pg", "sqlitex"})
    void should_accept_plain_collection_names(String name) {
        assertThat(Validation.collectionName(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x; DROP TABLE vectors", "a\"b", "a'b", "a-b", "a.b", "1abc", "", " ", "\u00e9t\u00e9",
            "hnsw_x", "HNSW_X", "Sqlite_master", "pg_x", "agentdb_migrations", "System_tables"})
    void should_refuse_hostile_or_reserved_collection_names(String name) {
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> Validation.collectionName(name)).field())
                .isEqualTo("collection");
    }

    @Test
    void should_limit_collection_names_to_63_characters() {
        assertThat(Validation.collectionName("a".repeat(63))).hasSize(63);
        assertThatThrownBy(() -> Validation.collectionName("a".repeat(64))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Validation.collectionName(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void should_name_the_reserved_prefix() {
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> Validation.collectionName("hnsw_nodes")))
                .hasMessageContaining("'hnsw_'");
    }

    @Test
    void should_name_the_first_non_finite_component() {
        assertThat(catchThrowableOfType(InvalidInputException.class,
                () -> Validation.vector("embedding", new float[] {1, Float.NaN, Float.POSITIVE_INFINITY})).field())
                .isEqualTo("embedding[1]");
        assertThat(catchThrowableOfType(InvalidInputException.class,
                () -> Validation.vector("vector", new float[] {Float.NEGATIVE_INFINITY})).field()).isEqualTo("vector[0]");
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> Validation.vector("e", new float[0])))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> Validation.vector("e", null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Validation.vector("e", new float[Limits.MAX_DIMENSION + 1]))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(String.valueOf(Limits.MAX_DIMENSION));
        Validation.vector("e", new float[] {0, -0f, Float.MAX_VALUE, Float.MIN_VALUE});
    }

    @Test
    void should_limit_ids() {
        Validation.id("id", "i".repeat(Limits.MAX_ID_LENGTH));
        assertThat(catchThrowableOfType(InvalidInputException.class,
                () -> Validation.id("id", "i".repeat(Limits.MAX_ID_LENGTH + 1)))).hasMessageContaining("512");
        assertThatThrownBy(() -> Validation.id("id", "")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Validation.id("id", null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Validation.id("id", "a\u0000")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void should_count_metadata_size_in_utf8_bytes() {
        String overhead = "{\"k\":\"\"}";
        Validation.metadataSize("metadata", Json.write(Map.of("k", "x".repeat(Limits.MAX_METADATA_BYTES - overhead.length()))));

        assertThatThrownBy(() -> Validation.metadataSize("metadata",
                Json.write(Map.of("k", "x".repeat(Limits.MAX_METADATA_BYTES - overhead.length() + 1)))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("65536");
        assertThatThrownBy(() -> Validation.metadataSize("metadata",
                Json.write(Map.of("k", "\u00e9".repeat(Limits.MAX_METADATA_BYTES / 2)))))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void should_limit_text_in_utf8_bytes() {
        Validation.text("text", null);
        Validation.text("text", "x".repeat(Limits.MAX_TEXT_BYTES));
        assertThatThrownBy(() -> Validation.text("text", "x".repeat(Limits.MAX_TEXT_BYTES + 1)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Validation.text("text", "\u00e9".repeat(Limits.MAX_TEXT_BYTES / 2 + 1)))
                .isInstanceOf(InvalidInputException.class);
    }
}
