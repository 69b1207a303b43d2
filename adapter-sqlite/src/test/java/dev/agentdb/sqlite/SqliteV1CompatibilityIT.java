package dev.agentdb.sqlite;

import dev.agentdb.AgentDB;
import dev.agentdb.Metric;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.internal.Json;
import dev.agentdb.internal.VectorCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A file written by AgentDB v1 (plain SQL, the exact v1 DDL) opens, searches, accepts writes, and stays v1-readable. */
class SqliteV1CompatibilityIT {
    static final String V1_DDL = "CREATE TABLE vectors (id TEXT PRIMARY KEY, embedding BLOB NOT NULL, metadata TEXT, norm REAL, "
            + "timestamp INTEGER DEFAULT (unixepoch()))";

    @TempDir
    Path dir;

    private static byte[] littleEndian(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    private static float[] fromLittleEndian(byte[] blob) {
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[blob.length / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getFloat();
        }
        return v;
    }

    /** Writes a v1 file: the DDL and rows by plain SQL, timestamps from the v1 default (seconds). */
    private Path v1File(int rows) throws SQLException {
        Path file = dir.resolve("v1.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute(V1_DDL);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO vectors (id, embedding, metadata, norm) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    float[] v = {(float) Math.cos(i * 0.1), (float) Math.sin(i * 0.1), i % 3};
                    ps.setString(1, "v1-" + i);
                    ps.setBytes(2, littleEndian(v));
                    ps.setString(3, "{\"i\": " + i + ", \"kind\": \"" + (i % 2 == 0 ? "even" : "odd") + "\"}");
                    ps.setDouble(4, VectorCodec.norm(v));
                    ps.executeUpdate();
                }
            }
        }
        return file;
    }

    @Test
    void should_open_search_and_extend_a_v1_file_and_keep_it_v1_readable() throws SQLException {
        Path file = v1File(60);
        long before = System.currentTimeMillis() / 1000 - 5;
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            SqliteAdapter adapter = (SqliteAdapter) db.adapter();
            VectorCollection vectors = db.defaultCollection();
            assertThat(vectors.spec().dimension()).isEqualTo(3);
            assertThat(vectors.spec().metric()).isEqualTo(Metric.COSINE);
            assertThat(vectors.count()).isEqualTo(60);
            assertThat(db.migrationVersion()).isEqualTo(SqliteAdapter.SCHEMA_VERSION);

            float[] query = {(float) Math.cos(0.5), (float) Math.sin(0.5), 2};
            List<SearchResult> hits = vectors.search(query, 3);
            assertThat(adapter.lastIndexLoadWasRebuild()).as("a v1 file has no graph: it is built on first use").isTrue();
            assertThat(hits.get(0).id()).isEqualTo("v1-5");
            assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-5));
            assertThat(hits.get(0).metadata()).containsEntry("i", 5L).containsEntry("kind", "odd");
            List<SearchResult> exact = vectors.search(dev.agentdb.SearchRequest.builder(query).k(3).exact(true).build());
            assertThat(hits).extracting(SearchResult::id).containsExactlyElementsOf(exact.stream().map(SearchResult::id).toList());

            VectorRecord old = vectors.get("v1-7").orElseThrow();
            assertThat(old.timestamp()).as("v1 seconds are read as ms").isBetween(before * 1000, System.currentTimeMillis() + 5000);
            assertThat(old.timestamp() % 1000).isZero();

            String id = vectors.insert(new float[] {0.25f, -0.5f, 1f}, Map.of("source", "agentdb", "n", 1.5));
            vectors.insert(new VectorRecord("with-text", new float[] {1, 2, 3}, Map.of(), "hello text", 12_345L));
            assertThat(vectors.get("with-text").orElseThrow().text()).isEqualTo("hello text");
            assertThat(vectors.get("with-text").orElseThrow().timestamp()).as("small ms timestamps round-trip").isEqualTo(12_345L);
            assertThat(vectors.search(new float[] {0.25f, -0.5f, 1f}, 1).get(0).id()).isEqualTo(id);
            assertThat(vectors.count()).isEqualTo(62);
        }

        // v1 code reads the rows AgentDB wrote: same columns, little-endian blob, JSON metadata, norm, timestamp.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("PRAGMA table_info(vectors)")) {
                while (rs.next()) {
                    columns.add(rs.getString("name") + " " + rs.getString("type"));
                }
            }
            assertThat(columns).containsExactly("id TEXT", "embedding BLOB", "metadata TEXT", "norm REAL", "timestamp INTEGER");
            try (ResultSet rs = s.executeQuery("SELECT embedding, metadata, norm, timestamp FROM vectors WHERE metadata LIKE '%agentdb%'")) {
                assertThat(rs.next()).isTrue();
                assertThat(fromLittleEndian(rs.getBytes(1))).containsExactly(0.25f, -0.5f, 1f);
                assertThat(Json.readObject(rs.getString(2))).containsEntry("source", "agentdb");
                assertThat(rs.getDouble(3)).isCloseTo(Math.sqrt(0.0625 + 0.25 + 1), within(1e-6));
                assertThat(rs.getLong(4)).isGreaterThan(before * 1000);
            }
            // v1 code keeps writing: a plain insert and a plain delete
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO vectors (id, embedding, metadata) VALUES ('plain', ?, '{}')")) {
                ps.setBytes(1, littleEndian(9, 9, 9));
                ps.executeUpdate();
            }
            s.executeUpdate("DELETE FROM vectors WHERE id = 'with-text'");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM agentdb_vectors_ext WHERE id = 'with-text'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the side row follows the v1 delete").isZero();
            }
        }

        // AgentDB notices the rows v1 code changed (graph stale: rebuilt) and serves them.
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            SqliteAdapter adapter = (SqliteAdapter) db.adapter();
            VectorCollection vectors = db.defaultCollection();
            assertThat(vectors.count()).isEqualTo(62);
            assertThat(vectors.search(new float[] {9, 9, 9}, 1).get(0).id()).isEqualTo("plain");
            assertThat(adapter.lastIndexLoadWasRebuild()).isTrue();
            assertThat(vectors.get("with-text")).isEmpty();
            assertThat(vectors.stats().indexedCount()).isEqualTo(62);
        }
    }

    @Test
    void should_fix_the_dimension_of_an_empty_v1_table_on_first_insert() throws SQLException {
        Path file = v1File(0);
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            VectorCollection vectors = db.defaultCollection();
            assertThat(vectors.spec().dimension()).isZero();
            assertThat(vectors.search(new float[] {1, 2}, 5)).isEmpty();
            vectors.insert(new float[] {1, 0}, Map.of("a", 1));
            vectors.insert(new float[] {0, 1}, Map.of("a", 2));
            assertThat(vectors.spec().dimension()).isEqualTo(2);
            assertThat(vectors.search(new float[] {0.1f, 1}, 1).get(0).metadata()).containsEntry("a", 2L);
        }
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            assertThat(db.defaultCollection().spec().dimension()).isEqualTo(2);
            assertThat(db.defaultCollection().search(new float[] {1, 0.1f}, 1).get(0).metadata()).containsEntry("a", 1L);
        }
    }

    @Test
    void should_create_the_default_collection_with_the_exact_v1_ddl() throws SQLException {
        Path file = dir.resolve("new.db");
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            db.defaultCollection().insert(new float[] {1, 2, 3, 4}, null);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'vectors'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(V1_DDL);
        }
    }

    @Test
    void should_behave_like_v1_through_the_legacy_class() {
        String path = dir.resolve("legacy.db").toString();
        @SuppressWarnings("deprecation")
        SQLiteVectorDB legacy = new SQLiteVectorDB(path);
        try (legacy) {
            String a = legacy.insert(new float[] {1, 0, 0}, Map.of("k", "a"));
            List<String> ids = legacy.insertBatch(List.of(VectorRecord.of("b", new float[] {0, 1, 0}, Map.of("k", "b")),
                    VectorRecord.of("c", new float[] {0, 0, 1}, null)));
            assertThat(ids).containsExactly("b", "c");
            assertThat(legacy.count()).isEqualTo(3);
            List<SearchResult> hits = legacy.search(new float[] {0.9f, 0.1f, 0}, 3, Metric.COSINE, 0.5);
            assertThat(hits).extracting(SearchResult::id).containsExactly(a);
            assertThat(legacy.search(new float[] {0, 1, 0}, 1, Metric.L2, 0).get(0).id()).isEqualTo("b");
            assertThat(legacy.get("b").metadata()).containsEntry("k", "b");
            assertThat(legacy.get("nope")).isNull();
            assertThat(legacy.delete("b")).isTrue();
            assertThat(legacy.count()).isEqualTo(2);
        }
        try (AgentDB db = AgentDB.open("sqlite:" + path)) {
            assertThat(db.defaultCollection().count()).isEqualTo(2);
        }
    }
}
