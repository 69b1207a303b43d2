package dev.agentdb.sql;

import dev.agentdb.Sort;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SqlOrder} renders one order per dialect; the kit's FindContract checks the rows it gives on real databases. */
class SqlOrderTest {
    @Test
    void should_end_every_order_with_the_id_by_code_point() {
        assertThat(SqlOrder.orderBy(SqlDialect.SQLITE, List.of(), "t.metadata", "t.id", "t.timestamp").sql()).isEqualTo("t.id ASC");
        assertThat(SqlOrder.orderBy(SqlDialect.POSTGRES, List.of(Sort.idDescending()), "metadata", "id", "ts").sql())
                .isEqualTo("id COLLATE \"C\" DESC, id COLLATE \"C\" ASC");
    }

    @Test
    void should_sort_a_missing_timestamp_first_ascending_on_every_dialect() {
        SqlFragment f = SqlOrder.orderBy(SqlDialect.POSTGRES, List.of(Sort.timestampAscending()), "metadata", "id", "ts");
        assertThat(f.sql()).startsWith("CASE WHEN ts IS NULL THEN 0 ELSE 1 END ASC, ts ASC, ");
        assertThat(f.params()).isEmpty();
    }

    @Test
    void should_bind_the_path_of_every_type_test_and_value_in_order() {
        SqlFragment f = SqlOrder.orderBy(SqlDialect.SQLITE, List.of(Sort.desc("a.b")), "t.metadata", "t.id", "t.timestamp");
        // rank: five type tests; then boolean, number, string: a type test and the value each
        assertThat(f.params()).hasSize(5 + 3 * 2).containsOnly("$.\"a\".\"b\"");
        assertThat(f.sql()).contains("THEN 4 ELSE 0 END DESC").endsWith("t.id ASC").doesNotContain("a.b");
        SqlFragment pg = SqlOrder.orderBy(SqlDialect.POSTGRES, List.of(Sort.asc("a.b")), "metadata", "id", "ts");
        assertThat(pg.params()).hasSize((5 + 3 * 2) * 2).containsOnly("a", "b");
        assertThat(pg.sql()).contains("::boolean", "::numeric", "COLLATE \"C\" ASC");
    }
}
