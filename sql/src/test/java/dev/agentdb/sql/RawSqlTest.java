package dev.agentdb.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RawSqlTest {
    @Test
    void should_find_the_first_keyword_after_space_comments_and_parentheses() {
        assertThat(RawSql.firstKeyword("  select 1")).isEqualTo("SELECT");
        assertThat(RawSql.firstKeyword("-- a comment\n/* another */ (SELECT 1)")).isEqualTo("SELECT");
        assertThat(RawSql.firstKeyword("/* unterminated")).isEmpty();
        assertThat(RawSql.firstKeyword("")).isEmpty();
        assertThat(RawSql.firstKeyword(null)).isEmpty();
        assertThat(RawSql.firstKeyword("delete from t")).isEqualTo("DELETE");
    }

    @Test
    void should_let_queries_through_and_refuse_statements_that_write() {
        assertThat(RawSql.mayRead("SELECT count(*) FROM docs")).isTrue();
        assertThat(RawSql.mayRead("with x as (select 1) select * from x")).isTrue();
        assertThat(RawSql.mayRead("EXPLAIN QUERY PLAN SELECT 1")).isTrue();
        assertThat(RawSql.mayRead("PRAGMA table_info(docs)")).isTrue();
        assertThat(RawSql.mayRead("SHOW transaction_read_only")).isTrue();
        for (String write : new String[] {"INSERT INTO t VALUES (1)", "update t set x = 1", "DELETE FROM t", "CREATE TABLE t (x)",
            "DROP TABLE t", "ALTER TABLE t ADD y", "VACUUM", "REINDEX", "ANALYZE", "SET x = 1", "BEGIN", "", "1"}) {
            assertThat(RawSql.mayRead(write)).as(write).isFalse();
        }
    }
}
