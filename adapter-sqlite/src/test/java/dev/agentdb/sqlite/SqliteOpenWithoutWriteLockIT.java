package dev.agentdb.sqlite;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.CollectionSpec;
import dev.agentdb.CollectionStats;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opening a SQLite file whose schema is current, and reading it, takes no write lock: while another
 * connection (plain xerial JDBC) holds {@code BEGIN IMMEDIATE} with an uncommitted insert, open,
 * get, search, stats and the collection list all finish, with a busy timeout of 500 ms so that a
 * regression fails fast ({@code SQLITE_BUSY}) rather than by timing.
 */
class SqliteOpenWithoutWriteLockIT {
    private static final long BUSY_TIMEOUT_MS = 500;

    @TempDir
    Path dir;

    private String populated() {
        String url = "sqlite:" + dir.resolve("locked.db");
        try (AgentDB db = AgentDB.open(url)) {
            VectorCollection docs = db.createCollection("docs", CollectionSpec.of(4, Metric.COSINE));
            List<VectorRecord> records = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                records.add(VectorRecord.of("d" + i, new float[] {i, 1, i % 7, 2}, Map.of("i", i)));
            }
            docs.insertBatch(records);
            docs.search(SearchRequest.of(new float[] {1, 1, 1, 1}, 3)); // the graph is persisted and current
        }
        return url;
    }

    /** Holds the file's write lock: BEGIN IMMEDIATE and an uncommitted insert, as another process would. */
    private static Connection holdWriteLock(String url) throws Exception {
        Connection holder = DriverManager.getConnection("jdbc:sqlite:" + url.substring("sqlite:".length()));
        try (Statement s = holder.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("INSERT INTO docs (id, embedding, metadata, norm, timestamp) VALUES ('uncommitted', x'00000000', '{}', 0, 0)");
        }
        return holder;
    }

    private static void rollback(Connection holder) throws Exception {
        try (Statement s = holder.createStatement()) {
            s.execute("ROLLBACK");
        }
    }

    private static void readEverything(AgentDBConfig config) {
        long started = System.nanoTime();
        try (AgentDB db = AgentDB.open(config)) {
            VectorCollection docs = db.collection("docs");
            assertThat(docs.get("d7")).isPresent();
            assertThat(docs.get("uncommitted")).as("another connection's uncommitted row").isEmpty();
            assertThat(docs.search(SearchRequest.of(new float[] {7, 1, 0, 2}, 5))).hasSize(5);
            assertThat(docs.search(SearchRequest.builder(new float[] {7, 1, 0, 2}).k(5).exact(true).build())).hasSize(5);
            CollectionStats stats = docs.stats();
            assertThat(stats.count()).isEqualTo(200);
            assertThat(stats.indexedCount()).isEqualTo(200);
            assertThat(db.listCollections()).hasSize(1);
            assertThat(db.migrationVersion()).isEqualTo(SqliteAdapter.SCHEMA_VERSION);
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertThat(ms).as("open and reads while another connection holds the write lock, in ms").isLessThan(5 * BUSY_TIMEOUT_MS);
    }

    @Test
    void should_open_and_read_a_current_file_while_another_connection_holds_the_write_lock() throws Exception {
        String url = populated();
        try (Connection holder = holdWriteLock(url)) {
            readEverything(AgentDBConfig.builder(url).busyTimeoutMs(BUSY_TIMEOUT_MS).build());
            rollback(holder);
        }
    }

    @Test
    void should_open_and_read_read_only_while_another_connection_holds_the_write_lock() throws Exception {
        String url = populated();
        try (Connection holder = holdWriteLock(url)) {
            readEverything(AgentDBConfig.builder(url).busyTimeoutMs(BUSY_TIMEOUT_MS).readOnly(true).build());
            readEverything(AgentDBConfig.builder(url + "?mode=ro").busyTimeoutMs(BUSY_TIMEOUT_MS).build());
            rollback(holder);
        }
    }
}
