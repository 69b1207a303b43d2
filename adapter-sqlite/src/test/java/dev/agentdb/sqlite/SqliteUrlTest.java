package dev.agentdb.sqlite;

import dev.agentdb.InvalidInputException;
import dev.agentdb.sqlite.internal.SqliteUrl;
import dev.agentdb.sqlite.internal.SqliteUrl.Mode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The query string of SQLite URLs: parsed here, never passed to the driver as part of a file name. */
class SqliteUrlTest {
    @Test
    void should_parse_open_modes_and_immutable_off_the_file_name() {
        SqliteUrl ro = SqliteUrl.parse("sqlite:./a.db?mode=ro");
        assertThat(ro).isEqualTo(new SqliteUrl("./a.db", false, Mode.READ_ONLY, false));
        assertThat(ro.readOnly()).isTrue();
        assertThat(ro.mustExist()).isTrue();
        assertThat(ro.jdbcUrl()).isEqualTo("jdbc:sqlite:./a.db");
        assertThat(ro.file()).contains(Path.of("./a.db"));
        SqliteUrl rw = SqliteUrl.parse("jdbc:sqlite:/x/a.db?mode=rw");
        assertThat(rw.readOnly()).isFalse();
        assertThat(rw.mustExist()).isTrue();
        SqliteUrl rwc = SqliteUrl.parse("sqlite:/x/a.db?mode=rwc");
        assertThat(rwc).isEqualTo(new SqliteUrl("/x/a.db", false));
        assertThat(rwc.mustExist()).isFalse();
        SqliteUrl immutable = SqliteUrl.parse("sqlite:/x/a b.db?immutable=1");
        assertThat(immutable.readOnly()).isTrue();
        assertThat(immutable.jdbcUrl()).isEqualTo("jdbc:sqlite:file:///x/a%20b.db?immutable=1");
        assertThat(SqliteUrl.parse("sqlite:/x/a.db?immutable=0&mode=rw").readOnly()).isFalse();
    }

    @Test
    void should_keep_sqlite_uri_parameters_and_make_a_read_only_open_ask_for_mode_ro() {
        SqliteUrl uri = SqliteUrl.parse("sqlite:file:/x/a%20b.db?cache=shared&mode=rw");
        assertThat(uri.target()).isEqualTo("file:/x/a%20b.db?cache=shared&mode=rw");
        assertThat(uri.file()).contains(Path.of("/x/a b.db"));
        assertThat(uri.jdbcUrl()).isEqualTo("jdbc:sqlite:file:/x/a%20b.db?cache=shared&mode=rw");
        assertThat(uri.jdbcUrl(true)).isEqualTo("jdbc:sqlite:file:/x/a%20b.db?cache=shared&mode=ro");
        assertThat(SqliteUrl.parse("sqlite:file:///x/a.db").file()).contains(Path.of("/x/a.db"));
        assertThat(SqliteUrl.parse("sqlite:file:shared?mode=memory&cache=shared").memory()).isTrue();
        assertThat(SqliteUrl.parse("sqlite:file::memory:").memory()).isTrue();
        assertThat(SqliteUrl.parse("sqlite:file::memory:").file()).isEmpty();
    }

    @Test
    void should_refuse_unknown_modes_values_and_parameters_naming_the_url() {
        for (String url : new String[] {"sqlite:./a.db?mode=readonly", "sqlite:./a.db?mode=memory", "sqlite:./a.db?mode=",
            "sqlite:./a.db?immutable=2", "sqlite:./a.db?cache=shared", "sqlite:./a.db?mode=ro&x", "sqlite:file:./a.db?mode=RO",
            "sqlite:?mode=ro", "sqlite:file:?mode=ro"}) {
            assertThatThrownBy(() -> SqliteUrl.parse(url)).as(url).isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("url"));
        }
    }
}
