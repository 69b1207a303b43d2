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

    @Test
    void should_judge_a_with_clause_by_the_statement_it_leads_to() {
        assertThat(RawSql.mainKeyword("WITH p AS (SELECT 1 AS x) DELETE FROM t WHERE x IN (SELECT x FROM p)")).isEqualTo("DELETE");
        assertThat(RawSql.mainKeyword("/* WITH */ with recursive r (n) as (select 1 union all select n + 1 from r where n < 3),"
                + " \"q ) \"\"\" AS MATERIALIZED (SELECT ')' AS x -- )\n) update t set x = 1")).isEqualTo("UPDATE");
        assertThat(RawSql.mainKeyword("WITH `a``b` AS (SELECT '(' ), c AS NOT MATERIALIZED (SELECT 2) (SELECT * FROM c)")).isEqualTo("SELECT");
        assertThat(RawSql.mainKeyword("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d")).isEqualTo("SELECT");
        assertThat(RawSql.mainKeyword("WITH a AS (SELECT 1")).isEqualTo("WITH");
        assertThat(RawSql.mainKeyword("WITH AS (SELECT 1) SELECT 1")).isEqualTo("WITH");
        assertThat(RawSql.mainKeyword("WITH a AS (SELECT 1)")).isEqualTo("WITH");
        assertThat(RawSql.mainKeyword("insert into t values (1)")).isEqualTo("INSERT");
        assertThat(RawSql.mayRead("WITH p AS (SELECT 1 AS x) DELETE FROM t")).isFalse();
        assertThat(RawSql.mayRead("WITH p AS (SELECT 1 AS x) INSERT INTO t SELECT x FROM p")).isFalse();
        assertThat(RawSql.mayRead("WITH p AS (SELECT 1 AS x) SELECT x FROM p")).isTrue();
        assertThat(RawSql.mayRead("WITH a AS (SELECT 1")).isTrue(); // the backend judges what cannot be followed
    }
}
