package dev.agentdb.sql;

import dev.agentdb.spi.StateStore;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StateTablesTest {

    @Test
    void should_run_only_the_statement_on_migrated_postgres_tables() throws SQLException {
        StateTables state = new StateTables(SqlDialect.POSTGRES, "agent", StateTables.Creation.MIGRATED);
        RecordingExecutor x = new RecordingExecutor();
        state.write(x, StateStore.MIGRATION_CHECKPOINTS, "docs", "{}");
        state.read(x, StateStore.ENGINE, "k");
        state.delete(x, StateStore.ENGINE, "k");

        assertThat(x.calls).containsExactly(
                new RecordingExecutor.Call("INSERT INTO \"agent\".\"agentdb_migration_checkpoints\" (\"key\", \"value\") VALUES (?, ?)"
                        + " ON CONFLICT (\"key\") DO UPDATE SET \"value\" = excluded.\"value\"", List.of("docs", "{}")),
                new RecordingExecutor.Call("SELECT \"value\" FROM \"agent\".\"agentdb_meta\" WHERE \"key\" = ?", List.of("k")),
                new RecordingExecutor.Call("DELETE FROM \"agent\".\"agentdb_meta\" WHERE \"key\" = ?", List.of("k")));
    }

    @Test
    void should_create_the_sqlite_table_on_write_and_look_it_up_before_read_and_delete() throws SQLException {
        StateTables state = new StateTables(SqlDialect.SQLITE, null, StateTables.Creation.ON_FIRST_WRITE);
        RecordingExecutor x = new RecordingExecutor();
        state.write(x, StateStore.ENGINE, "k", "v");
        assertThat(x.calls.get(0).sql())
                .isEqualTo("CREATE TABLE IF NOT EXISTS \"agentdb_meta\" (\"key\" TEXT PRIMARY KEY, \"value\" TEXT NOT NULL)");
        assertThat(x.calls.get(1).params()).containsExactly("k", "v");

        x.calls.clear();
        assertThat(state.read(x, StateStore.ENGINE, "k")).isEmpty(); // the recording catalog has no table
        assertThat(state.delete(x, StateStore.ENGINE, "k")).isFalse();
        assertThat(x.calls).extracting(RecordingExecutor.Call::sql).containsExactly(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    }

    @Test
    void should_render_mysql_state_tables_with_quoted_reserved_key_column_and_alias_upsert() throws SQLException {
        StateTables state = new StateTables(SqlDialect.MYSQL, null, StateTables.Creation.ON_FIRST_WRITE);
        assertThat(state.createTableSql(StateStore.ENGINE)).isEqualTo("CREATE TABLE IF NOT EXISTS `agentdb_meta` (`key` "
                + "VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin PRIMARY KEY, `value` LONGTEXT NOT NULL)");
        RecordingExecutor x = new RecordingExecutor();
        state.write(x, StateStore.ENGINE, "k", "v");
        assertThat(x.calls.get(1).sql()).isEqualTo("INSERT INTO `agentdb_meta` (`key`, `value`) VALUES (?, ?) AS new"
                + " ON DUPLICATE KEY UPDATE `value` = new.`value`");
    }
}
