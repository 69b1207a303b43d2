package dev.agentdb.sqlite;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.ReadOnlyException;
import dev.agentdb.SearchRequest;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.agentdb.compat.Records.ids;
import static dev.agentdb.sqlite.SqliteFiles.companions;
import static dev.agentdb.sqlite.SqliteFiles.scalar;
import static dev.agentdb.sqlite.SqliteFiles.sha256;
import static dev.agentdb.sqlite.SqliteFiles.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Read-only SQLite on real files ({@code ?mode=ro}, {@code ?immutable=1}, {@code AgentDBConfig.readOnly},
 * {@code ?mode=rw}): nothing is created, converted, upgraded or written; the file's bytes are
 * compared before and after. (The backend-neutral behaviour is in the kit's {@code ReadOnlyContract},
 * which {@link SqliteCompatibilityIT} runs.)
 */
class SqliteReadOnlyIT {
    @TempDir
    Path dir;

    private static AgentDB readOnly(Path file) {
        return AgentDB.open(AgentDBConfig.builder("sqlite:" + file).readOnly(true).build());
    }

    private List<String> filesInDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void should_refuse_a_missing_file_in_every_mode_that_must_not_create_it_and_create_nothing() throws Exception {
        Path missing = dir.resolve("typo.db");
        for (String url : List.of("sqlite:" + missing + "?mode=ro", "sqlite:" + missing + "?mode=rw",
                "sqlite:" + missing + "?immutable=1", "jdbc:sqlite:" + missing + "?mode=ro", "sqlite:file:" + missing + "?mode=ro")) {
            assertThatThrownBy(() -> AgentDB.open(url).close()).as(url).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining(missing.toAbsolutePath().toString()).hasMessageContaining("does not exist");
        }
        assertThatThrownBy(() -> readOnly(missing).close()).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString()).hasMessageContaining("read-only");
        assertThat(filesInDir()).as("nothing created").isEmpty();
    }

    @Test
    void should_refuse_unknown_modes_and_parameters_naming_the_url_and_the_allowed_values() throws Exception {
        Path file = dir.resolve("a.db");
        InvalidInputException mode = catchThrowableOfType(() -> AgentDB.open("sqlite:" + file + "?mode=readonly"), InvalidInputException.class);
        assertThat(mode.field()).isEqualTo("url");
        assertThat(mode).hasMessageContaining("readonly").hasMessageContaining("mode=ro").hasMessageContaining("mode=rw")
                .hasMessageContaining("mode=rwc");
        InvalidInputException key = catchThrowableOfType(() -> AgentDB.open("sqlite:" + file + "?mdoe=ro"), InvalidInputException.class);
        assertThat(key.field()).isEqualTo("url");
        assertThat(key).hasMessageContaining("mdoe").hasMessageContaining("mode=ro|rw|rwc");
        assertThatThrownBy(() -> AgentDB.open("sqlite:" + file + "?immutable=maybe")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("immutable=1");
        assertThatThrownBy(() -> AgentDB.open("sqlite:file:" + file + "?mode=readonly")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("mode=memory");
        assertThat(filesInDir()).as("nothing created").isEmpty();
    }

    @Test
    void should_refuse_read_only_in_memory_databases() {
        for (AgentDBConfig config : List.of(AgentDBConfig.of("sqlite::memory:?mode=ro"), AgentDBConfig.of("sqlite::memory:?immutable=1"),
                AgentDBConfig.builder("sqlite::memory:").readOnly(true).build())) {
            InvalidInputException e = catchThrowableOfType(() -> AgentDB.open(config).close(), InvalidInputException.class);
            assertThat(e.field()).as(config.toString()).isEqualTo("readOnly");
        }
    }

    @Test
    void should_read_a_current_file_read_only_and_change_no_byte_of_it() {
        Path file = SqliteFiles.agentdbFile(dir.resolve("agent.db"));
        String before = sha256(file);
        for (String url : List.of("sqlite:" + file + "?immutable=1", "sqlite:" + file + "?mode=ro", "jdbc:sqlite:" + file + "?mode=ro",
                "sqlite:file:" + file + "?mode=ro", "sqlite:file:" + file + "?mode=rw")) {
            AgentDBConfig config = AgentDBConfig.builder(url).readOnly(url.endsWith("mode=rw")).build();
            try (AgentDB db = AgentDB.open(config)) {
                assertThat(db.readOnly()).as(url).isTrue();
                VectorCollection docs = db.collection("docs");
                assertThat(docs.count()).isEqualTo(SqliteFiles.DOCS);
                assertThat(docs.get("d5").orElseThrow().metadata()).containsEntry("i", 5L);
                assertThat(ids(docs.search(SearchRequest.of(SqliteFiles.vector(42), 1)))).containsExactly("d42");
                assertThat(docs.stats().indexedCount()).isEqualTo(SqliteFiles.DOCS);
                assertThat(((SqliteAdapter) db.adapter()).indexRebuilds()).as("the persisted graph is loaded").isZero();
                assertThatThrownBy(() -> docs.insert(VectorRecord.of("new", SqliteFiles.vector(1), null)))
                        .isInstanceOf(ReadOnlyException.class).hasMessageContaining("insert into 'docs'");
                assertThatThrownBy(() -> db.executeRaw("PRAGMA user_version = 7")).as("SQLite refuses it").isInstanceOf(ReadOnlyException.class);
                assertThatThrownBy(() -> db.executeRaw("VACUUM")).isInstanceOf(ReadOnlyException.class);
            }
            assertThat(sha256(file)).as(url).isEqualTo(before);
            if (url.contains("immutable")) {
                assertThat(companions(file)).as("immutable=1 creates no -wal or -shm").isEmpty();
            } else { // SQLite needs them to read a WAL file, and creates them when it can: the -wal stays empty
                assertThat(companions(file)).as(url).contains(file.getFileName() + "-wal=0");
            }
        }
        assertThat(scalar(file, "PRAGMA journal_mode")).isEqualTo("wal");
        assertThat(scalar(file, "PRAGMA user_version")).isEqualTo("0");
    }

    @Test
    void should_refuse_to_convert_a_sqlite_file_that_is_not_an_agentdb_file() throws Exception {
        Path file = SqliteFiles.foreignFile(dir.resolve("notes.db"));
        String before = sha256(file);
        for (AgentDBConfig config : List.of(AgentDBConfig.of("sqlite:" + file + "?mode=ro"),
                AgentDBConfig.builder("sqlite:" + file).readOnly(true).build())) {
            assertThatThrownBy(() -> AgentDB.open(config).close()).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("is not an AgentDB database").hasMessageContaining("notes, tags");
        }
        assertThat(sha256(file)).isEqualTo(before);
        assertThat(companions(file)).isEmpty();
        assertThat(scalar(file, "PRAGMA journal_mode")).isEqualTo("delete");
        assertThat(scalar(file, "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)"))
                .isEqualTo("notes,tags");

        Path empty = Files.createFile(dir.resolve("empty.db"));
        assertThatThrownBy(() -> readOnly(empty).close()).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("it has no tables");
        assertThat(Files.size(empty)).isZero();
    }

    @Test
    void should_refuse_to_upgrade_a_release_file_read_only_and_say_how() throws Exception {
        Path file = dir.resolve("release.db");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/agentdb-0.1.0-layout1.db")) {
            Files.copy(in, file);
        }
        String before = sha256(file);
        ReadOnlyException e = catchThrowableOfType(() -> readOnly(file).close(), ReadOnlyException.class);
        assertThat(e).hasMessageContaining("from version 1 to " + SqliteAdapter.SCHEMA_VERSION)
                .hasMessageContaining("open it read-write once").hasMessageContaining("agentdb upgrade --db sqlite:" + file);
        assertThat(e.operation()).startsWith("upgrade the AgentDB layout");
        assertThat(sha256(file)).isEqualTo(before);

        try (AgentDB db = AgentDB.open("sqlite:" + file + "?mode=rw")) { // upgrades: the file exists
            assertThat(db.migrationVersion()).isEqualTo(SqliteAdapter.SCHEMA_VERSION);
        }
        try (AgentDB db = readOnly(file)) {
            assertThat(db.collection("docs").count()).isPositive();
        }
    }

    @Test
    void should_refuse_to_adopt_a_v1_file_read_only_and_adopt_it_read_write() {
        Path file = dir.resolve("v1.db");
        sql(file, SqliteV1CompatibilityIT.V1_DDL);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             var ps = c.prepareStatement("INSERT INTO vectors (id, embedding, metadata, norm) VALUES ('a', ?, '{}', 1)")) {
            ps.setBytes(1, SqliteFiles.littleEndian(1, 0, 0));
            ps.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        String before = sha256(file);
        assertThatThrownBy(() -> readOnly(file).close()).isInstanceOf(ReadOnlyException.class)
                .hasMessageContaining("adopt the AgentDB v1 table 'vectors'").hasMessageContaining("open it read-write once");
        assertThat(sha256(file)).isEqualTo(before);
        try (AgentDB db = AgentDB.open("sqlite:" + file + "?mode=rw")) {
            assertThat(db.defaultCollection().spec().dimension()).isEqualTo(3);
        }
        try (AgentDB db = readOnly(file)) {
            assertThat(ids(db.defaultCollection().search(new float[] {1, 0, 0}, 1))).containsExactly("a");
        }
    }

    @Test
    void should_read_the_dimension_v1_code_gave_the_default_collection_without_recording_it() {
        Path file = dir.resolve("agent.db");
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            db.defaultCollection(); // registered without a dimension
        }
        sql(file, "INSERT INTO vectors (id, embedding, metadata, norm, timestamp) VALUES ('v', x'0000803f0000000000000000', '{}', 1, 1)");
        String before = sha256(file);
        try (AgentDB db = readOnly(file)) {
            assertThat(db.defaultCollection().spec().dimension()).isEqualTo(3);
            assertThat(ids(db.defaultCollection().search(new float[] {1, 0, 0}, 1))).containsExactly("v");
        }
        assertThat(sha256(file)).isEqualTo(before);
    }

    @Test
    void should_rebuild_a_stale_graph_in_memory_only_also_while_another_connection_holds_the_write_lock() throws Exception {
        Path file = SqliteFiles.agentdbFile(dir.resolve("stale.db"));
        // another program adds a row with plain SQL: the persisted graph no longer covers every row
        sql(file, "INSERT INTO docs (id, embedding, metadata, norm, timestamp) VALUES ('plain', x'0000c8420000803f0000000000000040', '{}', 1, 1)");
        String before = sha256(file);
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = holder.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("INSERT INTO docs (id, embedding, metadata, norm, timestamp) VALUES ('uncommitted', x'00000000', '{}', 0, 0)");
            for (int round = 0; round < 2; round++) {
                try (AgentDB db = AgentDB.open(AgentDBConfig.builder("sqlite:" + file).readOnly(true).busyTimeoutMs(500).build())) {
                    VectorCollection docs = db.collection("docs");
                    assertThat(ids(docs.search(SearchRequest.of(new float[] {100, 1, 0, 2}, 1)))).containsExactly("plain");
                    assertThat(docs.stats().indexedCount()).isEqualTo(SqliteFiles.DOCS + 1);
                    assertThat(((SqliteAdapter) db.adapter()).indexRebuilds()).as("round %d: rebuilt in memory, never persisted", round)
                            .isEqualTo(1);
                }
            }
            s.execute("ROLLBACK");
        }
        assertThat(sha256(file)).isEqualTo(before);
        try (AgentDB db = AgentDB.open("sqlite:" + file)) { // a read-write open rebuilds it and persists it
            db.collection("docs").search(SearchRequest.of(new float[] {100, 1, 0, 2}, 1));
            assertThat(((SqliteAdapter) db.adapter()).indexRebuilds()).isEqualTo(1);
        }
        try (AgentDB db = readOnly(file)) {
            db.collection("docs").search(SearchRequest.of(new float[] {100, 1, 0, 2}, 1));
            assertThat(((SqliteAdapter) db.adapter()).indexRebuilds()).isZero();
        }
    }

    @Test
    void should_open_an_existing_file_read_write_with_mode_rw() {
        Path file = SqliteFiles.agentdbFile(dir.resolve("agent.db"));
        try (AgentDB db = AgentDB.open("sqlite:" + file + "?mode=rw")) {
            assertThat(db.readOnly()).isFalse();
            db.collection("docs").insert(VectorRecord.of("new", SqliteFiles.vector(3), Map.of()));
        }
        try (AgentDB db = AgentDB.open("sqlite:" + file + "?mode=ro")) {
            assertThat(db.collection("docs").count()).isEqualTo(SqliteFiles.DOCS + 1);
        }
    }
}
