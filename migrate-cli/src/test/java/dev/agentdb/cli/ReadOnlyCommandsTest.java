package dev.agentdb.cli;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.Metric;
import dev.agentdb.VectorRecord;
import dev.agentdb.cli.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands that read ({@code stats}, {@code search}, the source of {@code migrate}) open databases
 * read-only: a mistyped path is a usage error naming the file (nothing created), a SQLite file of
 * another program or one that needs {@code agentdb upgrade} is an error and stays byte for byte
 * unchanged; {@code upgrade} converts what they refuse; {@code import} still creates.
 */
class ReadOnlyCommandsTest {
    @TempDir
    Path dir;

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static String sql(Path file, String... statements) throws SQLException {
        String last = null;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String statement : statements) {
                if (s.execute(statement)) {
                    try (ResultSet rs = s.getResultSet()) {
                        last = rs.next() ? rs.getString(1) : null;
                    }
                }
            }
        }
        return last;
    }

    private List<String> filesInDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A SQLite file of another program: two tables, rollback journal. */
    private Path foreignFile() throws SQLException {
        Path file = dir.resolve("notes.db");
        sql(file, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)", "INSERT INTO notes (body) VALUES ('hello')",
                "CREATE TABLE tags (note INTEGER, tag TEXT)");
        return file;
    }

    /** An AgentDB v1 file: the v1 vectors table written by plain SQL, not adopted yet. */
    private Path v1File() throws SQLException {
        Path file = dir.resolve("v1.db");
        sql(file, "CREATE TABLE vectors (id TEXT PRIMARY KEY, embedding BLOB NOT NULL, metadata TEXT, norm REAL, timestamp INTEGER)",
                "INSERT INTO vectors VALUES ('a', x'0000803f0000000000000000', '{\"k\":1}', 1, 1)");
        return file;
    }

    @Test
    void should_report_a_mistyped_path_as_a_usage_error_and_create_nothing() throws IOException {
        Path typo = dir.resolve("tyop.db");
        for (String[] args : List.of(new String[] {"stats", "--db", "sqlite:" + typo},
                new String[] {"search", "--db", "sqlite:" + typo, "--collection", "docs", "--vector", "1,0,0"},
                new String[] {"upgrade", "--db", "sqlite:" + typo})) {
            Cli.Result r = Cli.run(args);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).contains("--db: no such database file: " + typo.toAbsolutePath()).contains("never creates one");
        }
        assertThat(filesInDir()).as("nothing created").isEmpty();
    }

    @Test
    void should_refuse_a_sqlite_file_of_another_program_and_leave_it_byte_for_byte_unchanged() throws Exception {
        Path file = foreignFile();
        String before = sha256(file);
        for (String[] args : List.of(new String[] {"stats", "--db", "sqlite:" + file},
                new String[] {"stats", "--db", "sqlite:" + file, "--json"},
                new String[] {"search", "--db", "sqlite:" + file, "--collection", "vectors", "--vector", "1,0,0"},
                new String[] {"upgrade", "--db", "sqlite:" + file})) {
            Cli.Result r = Cli.run(args);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.err()).contains("is not an AgentDB database").contains("notes, tags").doesNotContain("internal error");
        }
        assertThat(sha256(file)).isEqualTo(before);
        assertThat(filesInDir()).containsExactly("notes.db");
        assertThat(sql(file, "PRAGMA journal_mode")).isEqualTo("delete");
    }

    @Test
    void should_refuse_a_file_that_needs_an_upgrade_until_agentdb_upgrade_converts_it() throws Exception {
        Path file = v1File();
        String before = sha256(file);
        Cli.Result stats = Cli.run("stats", "--db", "sqlite:" + file);
        assertThat(stats.exitCode()).as(stats.toString()).isEqualTo(ExitCodes.FAILURE);
        assertThat(stats.err()).contains("adopt the AgentDB v1 table 'vectors'").contains("agentdb upgrade --db sqlite:" + file);
        Cli.Result search = Cli.run("search", "--db", "sqlite:" + file, "--collection", "vectors", "--vector", "1,0,0");
        assertThat(search.exitCode()).as(search.toString()).isEqualTo(ExitCodes.FAILURE);
        assertThat(sha256(file)).isEqualTo(before);

        Cli.Result upgrade = Cli.run("upgrade", "--db", "sqlite:" + file);
        assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
        assertThat(upgrade.out()).contains("adopt the AgentDB v1 table 'vectors'").contains("AgentDB schema version 0 -> ");
        Cli.Result again = Cli.run("upgrade", "--db", "sqlite:" + file);
        assertThat(again.out()).as(again.toString()).contains("is current; nothing to do");

        Cli.Result after = Cli.run("search", "--db", "sqlite:" + file, "--collection", "vectors", "--vector", "1,0,0", "--json");
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(after.out()).contains("\"id\" : \"a\"");
    }

    @Test
    void should_read_an_agentdb_file_without_changing_a_byte_and_still_create_on_import() throws Exception {
        Path file = dir.resolve("agent.db");
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            db.createCollection("docs", CollectionSpec.of(3, Metric.L2)).insert(VectorRecord.of("d", new float[] {1, 2, 3}, Map.of()));
        }
        String before = sha256(file);
        Cli.Result stats = Cli.run("stats", "--db", "sqlite:" + file);
        assertThat(stats.exitCode()).as(stats.toString()).isZero();
        assertThat(stats.out()).contains("docs");
        Cli.Result search = Cli.run("search", "--db", "sqlite:" + file, "--collection", "docs", "--vector", "1,2,3");
        assertThat(search.exitCode()).as(search.toString()).isZero();
        assertThat(sha256(file)).isEqualTo(before);

        Path fresh = dir.resolve("fresh.db");
        Path jsonl = Files.writeString(dir.resolve("in.jsonl"), "{\"id\":\"x\",\"vector\":[1,0]}\n");
        Cli.Result imported = Cli.run("import", "--db", "sqlite:" + fresh, "--collection", "c", "--format", "jsonl", jsonl.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(fresh).exists();
    }

    @Test
    void should_open_the_source_of_a_migration_read_only_and_never_convert_it() throws Exception {
        Path source = v1File();
        String before = sha256(source);
        Path target = dir.resolve("target.db");
        Cli.Result r = Cli.run("migrate", "--from", "sqlite:" + source, "--to", "sqlite:" + target);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.BACKEND_UNAVAILABLE);
        assertThat(r.err()).contains("cannot open the source").contains("agentdb upgrade");
        assertThat(sha256(source)).isEqualTo(before);
        assertThat(target).doesNotExist();
    }

    @Test
    void should_say_in_the_help_that_reads_never_create_and_list_the_exit_codes() {
        Cli.Result help = Cli.run("stats", "--help");
        assertThat(help.out()).contains("read-only").contains("never created").contains("Exit codes:")
                .contains("never create one");
        assertThat(Cli.run("--help").out()).contains("upgrade");
    }
}
