package dev.agentdb.sql;

import dev.agentdb.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.agentdb.sql.SqlDialect.MARIADB;
import static dev.agentdb.sql.SqlDialect.MYSQL;
import static dev.agentdb.sql.SqlDialect.POSTGRES;
import static dev.agentdb.sql.SqlDialect.SQLITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlDialectTest {

    @Test
    void should_find_each_dialect_by_adapter_name_and_refuse_unknown_ones() {
        assertThat(SqlDialect.of("sqlite")).isEqualTo(SQLITE);
        assertThat(SqlDialect.of(" D1 ")).isEqualTo(SQLITE);
        assertThat(SqlDialect.of("PostgreSQL")).isEqualTo(POSTGRES);
        assertThat(SqlDialect.of("postgres")).isEqualTo(POSTGRES);
        assertThat(SqlDialect.of("mysql")).isEqualTo(MYSQL);
        assertThat(SqlDialect.of("mariadb")).isEqualTo(MARIADB);
        assertThatThrownBy(() -> SqlDialect.of("oracle")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dialect").hasMessageContaining("oracle");
        assertThatThrownBy(() -> SqlDialect.of(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void should_quote_with_double_quotes_or_backticks_and_double_embedded_quotes() {
        assertThat(SQLITE.quote("docs")).isEqualTo("\"docs\"");
        assertThat(POSTGRES.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(MYSQL.quote("key")).isEqualTo("`key`");
        assertThat(MARIADB.quote("a`b")).isEqualTo("`a``b`");
        assertThat(MYSQL.quote("a\"b")).isEqualTo("`a\"b`");
        assertThat(POSTGRES.qualify("agent", "agentdb_meta")).isEqualTo("\"agent\".\"agentdb_meta\"");
        assertThat(SQLITE.qualify(null, "agentdb_meta")).isEqualTo("\"agentdb_meta\"");
        assertThatThrownBy(() -> POSTGRES.quote("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> POSTGRES.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> POSTGRES.quote(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_render_numeric_booleans_only_on_sqlite() {
        assertThat(SQLITE.booleanLiteral(true)).isEqualTo("1");
        assertThat(SQLITE.booleanLiteral(false)).isEqualTo("0");
        for (SqlDialect d : List.of(POSTGRES, MYSQL, MARIADB)) {
            assertThat(d.booleanLiteral(true)).isEqualTo("TRUE");
            assertThat(d.booleanLiteral(false)).isEqualTo("FALSE");
        }
    }

    @Test
    void should_bind_limit_before_offset_and_leave_out_a_zero_offset() {
        for (SqlDialect d : SqlDialect.values()) {
            assertThat(d.limit(10, 0)).isEqualTo(new SqlFragment("LIMIT ?", List.of(10L)));
            assertThat(d.limit(10, 20)).isEqualTo(new SqlFragment("LIMIT ? OFFSET ?", List.of(10L, 20L)));
        }
        assertThatThrownBy(() -> SQLITE.limit(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SQLITE.limit(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_render_on_conflict_upsert_on_sqlite_and_postgres() {
        String expected = "INSERT INTO \"t\" (\"key\", \"value\") VALUES (?, ?) ON CONFLICT (\"key\") DO UPDATE SET "
                + "\"value\" = excluded.\"value\"";
        assertThat(SQLITE.upsert("\"t\"", List.of("key"), List.of("value"))).isEqualTo(expected);
        assertThat(POSTGRES.upsert("\"t\"", List.of("key"), List.of("value"))).isEqualTo(expected);
    }

    @Test
    void should_render_duplicate_key_upsert_with_row_alias_on_mysql_and_values_on_mariadb() {
        assertThat(MYSQL.upsert("`t`", List.of("id"), List.of("a", "b"))).isEqualTo(
                "INSERT INTO `t` (`id`, `a`, `b`) VALUES (?, ?, ?) AS new ON DUPLICATE KEY UPDATE `a` = new.`a`, `b` = new.`b`");
        assertThat(MARIADB.upsert("`t`", List.of("id"), List.of("a"))).isEqualTo(
                "INSERT INTO `t` (`id`, `a`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `a` = VALUES(`a`)");
        assertThatThrownBy(() -> MYSQL.upsert("`t`", List.of(), List.of("a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MYSQL.upsert("`t`", List.of("id"), List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_extract_json_by_bound_path_string_or_bound_key_per_level() {
        assertThat(SQLITE.jsonExtract("t.metadata", "a.b"))
                .isEqualTo(new SqlFragment("json_extract(t.metadata, ?)", List.of("$.\"a\".\"b\"")));
        assertThat(MYSQL.jsonExtract("metadata", "a"))
                .isEqualTo(new SqlFragment("JSON_EXTRACT(metadata, ?)", List.of("$.\"a\"")));
        assertThat(MARIADB.jsonExtract("metadata", "x-1.y_2"))
                .isEqualTo(new SqlFragment("JSON_EXTRACT(metadata, ?)", List.of("$.\"x-1\".\"y_2\"")));
        assertThat(POSTGRES.jsonExtract("metadata", "a.b.c"))
                .isEqualTo(new SqlFragment("(metadata -> ?::text -> ?::text -> ?::text)", List.of("a", "b", "c")));
        assertThat(SQLITE.jsonPath("a.0")).isEqualTo("$.\"a\".\"0\"");
        assertThatThrownBy(() -> POSTGRES.jsonPath("a")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void should_refuse_path_segments_that_could_break_out_of_the_path_and_column_expressions_that_are_not_identifiers() {
        for (SqlDialect d : SqlDialect.values()) {
            assertThatThrownBy(() -> d.jsonExtract("metadata", "a\".\"b")).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("path");
            assertThatThrownBy(() -> d.jsonExtract("metadata", "a..b")).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> d.jsonExtract("metadata", "")).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> d.jsonExtract("metadata); DROP TABLE t; --", "a"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void should_test_json_types_with_each_dialects_type_names_and_never_yield_null() {
        assertThat(SQLITE.jsonTypeIs("m", "a", SqlDialect.JsonType.NUMBER)).isEqualTo(new SqlFragment(
                "(COALESCE(json_type(m, ?), '') IN ('integer', 'real'))", List.of("$.\"a\"")));
        assertThat(SQLITE.jsonTypeIs("m", "a", SqlDialect.JsonType.STRING).sql()).endsWith("IN ('text'))");
        assertThat(SQLITE.jsonTypeIs("m", "a", SqlDialect.JsonType.BOOLEAN).sql()).endsWith("IN ('true', 'false'))");
        assertThat(POSTGRES.jsonTypeIs("m", "a.b", SqlDialect.JsonType.ARRAY)).isEqualTo(new SqlFragment(
                "(COALESCE(jsonb_typeof(m -> ?::text -> ?::text), '') IN ('array'))", List.of("a", "b")));
        assertThat(MYSQL.jsonTypeIs("m", "a", SqlDialect.JsonType.NULL)).isEqualTo(new SqlFragment(
                "(COALESCE(JSON_TYPE(JSON_EXTRACT(m, ?)), '') IN ('NULL'))", List.of("$.\"a\"")));
        assertThat(MARIADB.jsonTypeIs("m", "a", SqlDialect.JsonType.NUMBER).sql())
                .contains("'INTEGER', 'UNSIGNED INTEGER', 'DOUBLE', 'DECIMAL'");
    }

    @Test
    void should_look_tables_up_in_each_catalog_with_bound_names() {
        assertThat(SQLITE.tableExists(null, "agentdb_meta")).isEqualTo(new SqlFragment(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", List.of("agentdb_meta")));
        assertThat(POSTGRES.tableExists("agent", "agentdb_meta")).isEqualTo(new SqlFragment(
                "SELECT 1 WHERE to_regclass(?) IS NOT NULL", List.of("\"agent\".\"agentdb_meta\"")));
        assertThat(MYSQL.tableExists(null, "t").sql()).contains("DATABASE()");
        assertThat(MARIADB.tableExists("db", "t").params()).containsExactly("db", "t");
    }

    @Test
    void should_give_key_columns_a_byte_wise_collation_and_mysql_keys_a_length() {
        assertThat(SQLITE.keyTextType()).isEqualTo("TEXT");
        assertThat(POSTGRES.keyTextType()).isEqualTo("text COLLATE \"C\"");
        assertThat(MYSQL.keyTextType()).isEqualTo("VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        assertThat(MARIADB.longTextType()).isEqualTo("LONGTEXT");
        assertThat(POSTGRES.longTextType()).isEqualTo("text");
    }

    @Test
    void should_order_text_by_code_point_without_padding_on_every_dialect() {
        assertThat(SQLITE.codePointOrder("t.id")).isEqualTo("t.id");
        assertThat(POSTGRES.codePointOrder("t.id")).isEqualTo("t.id COLLATE \"C\"");
        assertThat(MYSQL.codePointOrder("t.id")).isEqualTo("t.id COLLATE utf8mb4_0900_bin");
        assertThat(MARIADB.codePointOrder("t.id")).isEqualTo("t.id COLLATE utf8mb4_nopad_bin");
    }

    @Test
    void should_order_mysql_json_numbers_as_doubles_then_exactly_and_others_once() {
        assertThat(MARIADB.jsonScalar("m", "a", SqlDialect.JsonType.NUMBER).sql()).isEqualTo("CAST(JSON_UNQUOTE(JSON_EXTRACT(m, ?)) AS DOUBLE)");
        assertThat(MYSQL.jsonScalar("m", "a", SqlDialect.JsonType.BOOLEAN).sql()).isEqualTo("(JSON_UNQUOTE(JSON_EXTRACT(m, ?)) = 'true')");
        SqlFragment exact = MARIADB.jsonExactInteger("m", "a").orElseThrow();
        assertThat(exact.sql()).contains("DECIMAL(65,0)").contains("BETWEEN -9223372036854775808 AND 9223372036854775807");
        assertThat(exact.params()).hasSize((int) exact.sql().chars().filter(c -> c == '?').count()).containsOnly("$.\"a\"");
        assertThat(SQLITE.jsonExactInteger("m", "a")).isEmpty();
        assertThat(POSTGRES.jsonExactInteger("m", "a")).isEmpty();
    }
}
