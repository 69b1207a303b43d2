package dev.agentdb.migrations;

import dev.agentdb.AgentDBException;
import dev.agentdb.ConflictException;
import dev.agentdb.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scripts, the Flyway runner on a real SQLite file, and the driver-free runner over an in-memory history. */
class SchemaVersioningTest {
    private static final SchemaScripts SAMPLE = new SchemaScripts("db/agentdb/sample", List.of("V1__create_items.sql", "V2__add_note.sql"));

    @TempDir
    Path dir;

    private SQLiteDataSource sqlite(String name) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve(name));
        return ds;
    }

    private static List<String> column(SQLiteDataSource ds, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void should_refuse_script_lists_with_bad_names_or_gaps() {
        assertThat(SAMPLE.latestVersion()).isEqualTo(2);
        assertThatThrownBy(() -> new SchemaScripts("x", List.of("V1__a.sql", "V3__c.sql"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("without gaps");
        assertThatThrownBy(() -> new SchemaScripts("x", List.of("create.sql"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("create.sql");
        assertThatThrownBy(() -> new SchemaScripts("x", List.of())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new SchemaScripts("nowhere", List.of("V1__a.sql")).load()).isInstanceOf(AgentDBException.class)
                .hasMessageContaining("nowhere/V1__a.sql");
    }

    @Test
    void should_read_scripts_in_version_order_with_stable_checksums() {
        List<SchemaScripts.Script> scripts = SAMPLE.load();
        assertThat(scripts).extracting(SchemaScripts.Script::version).containsExactly(1, 2);
        assertThat(scripts.get(1).description()).isEqualTo("add note");
        assertThat(SchemaScripts.checksum("a\nb\n")).isEqualTo(SchemaScripts.checksum("a\r\nb")).isNotEqualTo(SchemaScripts.checksum("a\nc"));
    }

    @Test
    void should_migrate_a_sqlite_file_with_flyway_and_leave_an_up_to_date_one_alone() throws Exception {
        SQLiteDataSource ds = sqlite("flyway.db");
        FlywayVersioning v = new FlywayVersioning(ds, SAMPLE, null);
        assertThat(v.currentVersion()).isZero();
        assertThat(v.migrate()).isEqualTo(2);
        assertThat(v.migrate()).isEqualTo(2);
        assertThat(column(ds, "SELECT note FROM items")).containsExactly("added by V2");
        assertThat(column(ds, "SELECT script FROM " + FlywayVersioning.HISTORY_TABLE + " WHERE success ORDER BY installed_rank"))
                .containsExactly("V1__create_items.sql", "V2__add_note.sql");
    }

    @Test
    void should_baseline_tables_that_predate_the_history_and_run_only_later_scripts() throws Exception {
        SQLiteDataSource ds = sqlite("baseline.db");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id TEXT PRIMARY KEY, n INTEGER)"); // what V1 would have made
            s.execute("INSERT INTO items (id, n) VALUES ('old', 1)");
        }
        FlywayVersioning v = new FlywayVersioning(ds, SAMPLE, null).withBaseline(1);
        assertThat(v.migrate()).isEqualTo(2);
        assertThat(column(ds, "SELECT id FROM items ORDER BY id")).containsExactly("old", "seed");
        assertThatThrownBy(() -> new FlywayVersioning(ds, SAMPLE, null).withBaseline(3)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void should_refuse_a_database_written_by_a_newer_library_untouched() {
        SQLiteDataSource ds = sqlite("newer.db");
        new FlywayVersioning(ds, SAMPLE, null).migrate();
        SchemaScripts older = new SchemaScripts("db/agentdb/sample", List.of("V1__create_items.sql"));
        assertThatThrownBy(() -> new FlywayVersioning(ds, older, null).migrate()).isInstanceOf(ConflictException.class)
                .hasMessage("database schema version 2 is newer than this library supports (1); upgrade AgentDB");
    }

    @Test
    void should_refuse_schema_names_that_are_not_plain_identifiers() {
        assertThatThrownBy(() -> new FlywayVersioning(sqlite("x.db"), SAMPLE, "x\"; DROP SCHEMA public; --"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("schema:");
        assertThat(FlywayVersioning.majorVersion("2.1")).isEqualTo(2);
        assertThat(FlywayVersioning.majorVersion("x")).isZero();
    }

    /** A history kept in a list, as a D1 or MongoDB backend keeps it in a table or collection. */
    private static final class ListHistory implements ScriptedVersioning.History {
        final List<ScriptedVersioning.Applied> rows = new ArrayList<>();

        @Override
        public List<ScriptedVersioning.Applied> applied() {
            return List.copyOf(rows);
        }

        @Override
        public void record(SchemaScripts.Script script) {
            rows.add(new ScriptedVersioning.Applied(script.version(), script.checksum()));
        }
    }

    @Test
    void should_run_each_script_once_in_order_without_jdbc() {
        ListHistory history = new ListHistory();
        List<String> ran = new ArrayList<>();
        ScriptedVersioning v = new ScriptedVersioning(SAMPLE, history, s -> ran.add(s.name()));
        assertThat(v.currentVersion()).isZero();
        assertThat(v.migrate()).isEqualTo(2);
        assertThat(v.migrate()).isEqualTo(2);
        assertThat(ran).containsExactly("V1__create_items.sql", "V2__add_note.sql");
        assertThat(v.currentVersion()).isEqualTo(2);
    }

    @Test
    void should_stop_at_a_failing_script_and_run_it_again_next_time() {
        ListHistory history = new ListHistory();
        boolean[] fail = {true};
        ScriptedVersioning v = new ScriptedVersioning(SAMPLE, history, s -> {
            if (s.version() == 2 && fail[0]) {
                throw new IllegalStateException("backend said no");
            }
        });
        assertThatThrownBy(v::migrate).isInstanceOf(AgentDBException.class).hasMessageContaining("V2__add_note.sql")
                .hasMessageContaining("backend said no");
        assertThat(v.currentVersion()).isEqualTo(1);
        fail[0] = false;
        assertThat(v.migrate()).isEqualTo(2);
    }

    @Test
    void should_refuse_a_changed_script_or_a_newer_history() {
        ListHistory changed = new ListHistory();
        changed.rows.add(new ScriptedVersioning.Applied(1, 12345));
        assertThatThrownBy(() -> new ScriptedVersioning(SAMPLE, changed, s -> { }).migrate()).isInstanceOf(ConflictException.class)
                .hasMessageContaining("V1__create_items.sql was changed");
        ListHistory newer = new ListHistory();
        newer.rows.add(new ScriptedVersioning.Applied(3, 1));
        assertThatThrownBy(() -> new ScriptedVersioning(SAMPLE, newer, s -> { }).migrate()).isInstanceOf(ConflictException.class)
                .hasMessageContaining("version 3 is newer");
    }
}
