package dev.agentdb.mysql;

import dev.agentdb.filter.Filter;
import dev.agentdb.sql.SqlFragment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The translation's shape without a server; its semantics are checked by the kit's FilterContract on MariaDB. */
class MysqlFilterTranslatorTest {
    private final MysqlFilterTranslator t = new MysqlFilterTranslator("t.metadata");

    @Test
    void should_bind_every_path_and_value_and_splice_nothing_the_user_wrote() {
        String hostile = "x' OR 1=1 -- \u00e9";
        SqlFragment f = t.translate(Filter.and(Filter.eq("a-b.c_d", hostile), Filter.gt("n", 5L), Filter.in("tag", List.of("p", 2.5, true))));
        assertThat(f.sql()).doesNotContain(hostile).doesNotContain("a-b").doesNotContain("c_d");
        assertThat(f.params()).contains(hostile, "$.\"a-b\".\"c_d\"", 5L, 2.5);
        assertThat(f.sql().chars().filter(ch -> ch == '?').count()).isEqualTo(f.params().size());
    }

    @Test
    void should_test_arrays_element_by_element_and_types_strictly() {
        SqlFragment f = t.translate(Filter.eq("tags", "x"));
        assertThat(f.sql()).contains("WHEN 'ARRAY' THEN EXISTS (SELECT 1 FROM JSON_TABLE(").contains("'STRING'")
                .contains("CAST(? AS BINARY)").contains("WHEN 'OBJECT' THEN FALSE WHEN 'NULL' THEN FALSE");
        assertThat(t.translate(Filter.eq("b", true)).sql()).contains("= 'BOOLEAN'").contains("= 'true'");
        assertThat(t.translate(Filter.lt("n", 3L)).sql()).contains("DECIMAL(65,0)").contains("AS DOUBLE");
    }

    @Test
    void should_translate_null_exists_and_negations_to_expressions_that_are_never_null() {
        assertThat(t.translate(Filter.eq("a", null)).sql()).isEqualTo("(COALESCE(JSON_TYPE(JSON_EXTRACT(t.metadata, ?)), 'NULL') = 'NULL')");
        assertThat(t.translate(Filter.exists("a", false)).sql()).isEqualTo("(JSON_TYPE(JSON_EXTRACT(t.metadata, ?)) IS NULL)");
        assertThat(t.translate(Filter.ne("a", 1L)).sql()).startsWith("NOT (");
        assertThat(t.translate(null).sql()).isEqualTo("TRUE");
        assertThat(t.translate(Filter.in("a", List.of())).sql()).isEqualTo("FALSE");
    }
}
